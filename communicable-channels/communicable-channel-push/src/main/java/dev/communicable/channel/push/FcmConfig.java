package dev.communicable.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings for Firebase Cloud Messaging (HTTP v1): the service account whose key signs the OAuth
 * assertion, the project, and the endpoints. Immutable; {@link #toString()} never shows the private
 * key.
 *
 * <pre>{@code
 * FcmConfig fcm = FcmConfig.builder()
 *     .serviceAccountFile(Path.of("/etc/secrets/firebase.json"))
 *     .build();
 * }</pre>
 */
public final class FcmConfig {
  /** Google's OAuth 2.0 token endpoint, used when the service account names none. */
  public static final URI DEFAULT_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

  /** The FCM API root; messages go to {@code v1/projects/{project}/messages:send} under it. */
  public static final URI DEFAULT_API_BASE_URI = URI.create("https://fcm.googleapis.com/");

  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,62}");

  private final String projectId;
  private final String clientEmail;
  private final @Nullable String privateKeyId;
  private final PrivateKey privateKey;
  private final URI tokenUri;
  private final URI apiBaseUri;
  private final Duration tokenRefreshMargin;

  private FcmConfig(Builder b, ServiceAccount account) {
    this.projectId = b.projectId != null ? b.projectId : account.projectId;
    this.clientEmail = account.clientEmail;
    this.privateKeyId = account.privateKeyId;
    this.privateKey = account.privateKey;
    this.tokenUri = b.tokenUri != null ? b.tokenUri : account.tokenUri;
    this.apiBaseUri = b.apiBaseUri;
    this.tokenRefreshMargin = b.tokenRefreshMargin;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Firebase project messages are sent through. */
  public String projectId() {
    return projectId;
  }

  /** The service account's e-mail: the {@code iss} of the OAuth assertion. */
  public String clientEmail() {
    return clientEmail;
  }

  /** The OAuth token endpoint. */
  public URI tokenUri() {
    return tokenUri;
  }

  /** The FCM API root. */
  public URI apiBaseUri() {
    return apiBaseUri;
  }

  /** How long before its expiry a cached access token is replaced. */
  public Duration tokenRefreshMargin() {
    return tokenRefreshMargin;
  }

  @Nullable String privateKeyId() {
    return privateKeyId;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** The send URL for this project. */
  URI sendUri() {
    return apiBaseUri.resolve("v1/projects/" + projectId + "/messages:send");
  }

  @Override
  public String toString() {
    return "FcmConfig[projectId="
        + projectId
        + ", clientEmail="
        + clientEmail
        + ", privateKeyId="
        + privateKeyId
        + ", privateKey="
        + Secrets.REDACTED
        + ", tokenUri="
        + tokenUri
        + ", apiBaseUri="
        + apiBaseUri
        + "]";
  }

  /** Builds an {@link FcmConfig}; a service account is required. */
  public static final class Builder {
    private @Nullable String serviceAccountJson;
    private @Nullable String projectId;
    private @Nullable URI tokenUri;
    private URI apiBaseUri = DEFAULT_API_BASE_URI;
    private Duration tokenRefreshMargin = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * The service account key JSON downloaded from the Firebase console (with {@code client_email},
     * {@code private_key}, {@code project_id}). Required, here or by {@link #serviceAccountFile}.
     */
    public Builder serviceAccountJson(String json) {
      this.serviceAccountJson = Arguments.notNull("serviceAccountJson", json);
      return this;
    }

    /** Reads the service account key JSON from a file. */
    public Builder serviceAccountFile(Path file) {
      Arguments.notNull("serviceAccountFile", file);
      try {
        this.serviceAccountJson = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidRequestException(
            "serviceAccountFile", "cannot read " + file + ": " + e.getMessage());
      }
      return this;
    }

    /** The Firebase project id. Default: the service account's {@code project_id}. */
    public Builder projectId(String projectId) {
      this.projectId = Arguments.notNull("projectId", projectId);
      return this;
    }

    /**
     * The OAuth token endpoint. Default: the service account's {@code token_uri}, else {@link
     * #DEFAULT_TOKEN_URI}. An absolute http(s) URL; the assertion's audience is this URI.
     */
    public Builder tokenUri(URI tokenUri) {
      Arguments.notNull("tokenUri", tokenUri);
      this.tokenUri = ConfigChecks.httpUrl("tokenUri", tokenUri.toString());
      return this;
    }

    /**
     * The FCM API root, an absolute http(s) URL against which {@code
     * v1/projects/{project}/messages:send} is resolved. Default: {@link #DEFAULT_API_BASE_URI}.
     */
    public Builder apiBaseUri(URI apiBaseUri) {
      Arguments.notNull("apiBaseUri", apiBaseUri);
      ConfigChecks.httpUrl("apiBaseUri", apiBaseUri.toString());
      String text = apiBaseUri.toString();
      this.apiBaseUri = text.endsWith("/") ? apiBaseUri : URI.create(text + "/");
      return this;
    }

    /**
     * How long before its expiry a cached access token is replaced. Default: 5 minutes (Google's
     * tokens live one hour).
     */
    public Builder tokenRefreshMargin(Duration margin) {
      this.tokenRefreshMargin = Arguments.notNegative("tokenRefreshMargin", margin);
      return this;
    }

    /**
     * The config.
     *
     * @throws InvalidRequestException when the service account is missing or malformed, or the
     *     project id is not a Firebase project id
     */
    public FcmConfig build() {
      if (serviceAccountJson == null) {
        throw new InvalidRequestException(
            "serviceAccount", "is required (serviceAccountJson or serviceAccountFile)");
      }
      ServiceAccount account = ServiceAccount.parse(serviceAccountJson);
      FcmConfig config = new FcmConfig(this, account);
      if (config.projectId == null) {
        throw new InvalidRequestException(
            "projectId", "is required: the service account has no project_id");
      }
      if (!PROJECT_ID.matcher(config.projectId).matches()) {
        throw new InvalidRequestException(
            "projectId",
            "must be 6-63 lower-case letters, digits or '-', was '" + config.projectId + "'");
      }
      return config;
    }
  }

  /** The fields of a Google service account key that signing needs. */
  private static final class ServiceAccount {
    private @Nullable String projectId;
    private String clientEmail;
    private @Nullable String privateKeyId;
    private PrivateKey privateKey;
    private URI tokenUri;

    static ServiceAccount parse(String json) {
      JsonNode root;
      try {
        root = Jws.JSON.readTree(json);
      } catch (IOException e) {
        // Jackson's message quotes the input, which holds the private key: say only where.
        throw new InvalidRequestException("serviceAccount", "is not valid JSON");
      }
      if (root == null || !root.isObject()) {
        throw new InvalidRequestException("serviceAccount", "must be a JSON object");
      }
      JsonNode type = root.path("type");
      if (!type.isMissingNode() && !"service_account".equals(type.asText())) {
        throw new InvalidRequestException(
            "serviceAccount", "type must be 'service_account', was '" + type.asText() + "'");
      }
      ServiceAccount account = new ServiceAccount();
      account.clientEmail = required(root, "client_email");
      account.privateKey = rsaKey(required(root, "private_key"));
      account.privateKeyId = optional(root, "private_key_id");
      account.projectId = optional(root, "project_id");
      String tokenUri = optional(root, "token_uri");
      try {
        account.tokenUri = tokenUri == null ? DEFAULT_TOKEN_URI : URI.create(tokenUri);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("serviceAccount.token_uri", "is not a valid URI");
      }
      return account;
    }

    private static String required(JsonNode root, String name) {
      String value = optional(root, name);
      if (value == null) {
        throw new InvalidRequestException("serviceAccount." + name, "is required");
      }
      return value;
    }

    private static @Nullable String optional(JsonNode root, String name) {
      JsonNode node = root.path(name);
      return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static PrivateKey rsaKey(String pem) {
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      try {
        byte[] der = Base64.getDecoder().decode(base64);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        throw new InvalidRequestException(
            "serviceAccount.private_key", "is not a PEM PKCS#8 RSA private key");
      }
    }
  }
}
