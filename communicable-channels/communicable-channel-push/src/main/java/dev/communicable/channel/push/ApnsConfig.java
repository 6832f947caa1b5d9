package dev.communicable.channel.push;

import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.Secrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings for the Apple Push Notification service with token-based authentication: the .p8 signing
 * key, its key id, the team id, the app's bundle id (the topic) and the server. Immutable; {@link
 * #toString()} never shows the key.
 *
 * <pre>{@code
 * ApnsConfig apns = ApnsConfig.builder()
 *     .signingKeyFile(Path.of("/etc/secrets/AuthKey_ABC123DEFG.p8"))
 *     .keyId("ABC123DEFG").teamId("DEF123GHIJ")
 *     .topic("com.example.app")
 *     .build();
 * }</pre>
 */
public final class ApnsConfig {
  private static final Pattern TEN_CHARACTER_ID = Pattern.compile("[A-Z0-9]{10}");

  private final ApnsSigningKey signingKey;
  private final String topic;
  private final String host;
  private final int port;
  private final List<X509Certificate> trustedServerCertificates;
  private final Duration expiration;

  private ApnsConfig(Builder b, ApnsSigningKey signingKey) {
    this.signingKey = signingKey;
    this.topic = b.topic;
    this.host = b.host;
    this.port = b.port;
    this.trustedServerCertificates = b.trustedServerCertificates;
    this.expiration = b.expiration;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The app's bundle id, sent as {@code apns-topic}. */
  public String topic() {
    return topic;
  }

  /** The key id of the signing key. */
  public String keyId() {
    return signingKey.getKeyId();
  }

  /** The Apple developer team id. */
  public String teamId() {
    return signingKey.getTeamId();
  }

  /** The APNs host. */
  public String host() {
    return host;
  }

  /** The APNs port. */
  public int port() {
    return port;
  }

  /** How long APNs keeps trying to deliver to an offline device ({@code apns-expiration}). */
  public Duration expiration() {
    return expiration;
  }

  ApnsSigningKey signingKey() {
    return signingKey;
  }

  List<X509Certificate> trustedServerCertificates() {
    return trustedServerCertificates;
  }

  @Override
  public String toString() {
    return "ApnsConfig[topic="
        + topic
        + ", teamId="
        + teamId()
        + ", keyId="
        + keyId()
        + ", signingKey="
        + Secrets.REDACTED
        + ", server="
        + host
        + ":"
        + port
        + ", expiration="
        + expiration
        + "]";
  }

  /** Builds an {@link ApnsConfig}; key, key id, team id and topic are required. */
  public static final class Builder {
    private @Nullable String signingKeyPem;
    private @Nullable String keyId;
    private @Nullable String teamId;
    private @Nullable String topic;
    private String host = ApnsClientBuilder.PRODUCTION_APNS_HOST;
    private int port = ApnsClientBuilder.DEFAULT_APNS_PORT;
    private List<X509Certificate> trustedServerCertificates = List.of();
    private Duration expiration = Duration.ofDays(1);

    private Builder() {}

    /** The contents of the .p8 file Apple issued (a PEM PKCS#8 P-256 key). Required. */
    public Builder signingKey(String p8Pem) {
      this.signingKeyPem = Arguments.notNull("signingKey", p8Pem);
      return this;
    }

    /** Reads the .p8 signing key from a file. */
    public Builder signingKeyFile(Path file) {
      Arguments.notNull("signingKeyFile", file);
      try {
        this.signingKeyPem = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new InvalidRequestException(
            "signingKeyFile", "cannot read " + file + ": " + e.getMessage());
      }
      return this;
    }

    /** The 10-character key id of the signing key. Required. */
    public Builder keyId(String keyId) {
      this.keyId = Arguments.notNull("keyId", keyId);
      return this;
    }

    /** The 10-character Apple developer team id. Required. */
    public Builder teamId(String teamId) {
      this.teamId = Arguments.notNull("teamId", teamId);
      return this;
    }

    /** The app's bundle id. Required. */
    public Builder topic(String topic) {
      this.topic = Arguments.notNull("topic", topic);
      return this;
    }

    /** Send to Apple's production server (the default). */
    public Builder production() {
      return server(ApnsClientBuilder.PRODUCTION_APNS_HOST, ApnsClientBuilder.DEFAULT_APNS_PORT);
    }

    /** Send to Apple's development (sandbox) server. */
    public Builder development() {
      return server(ApnsClientBuilder.DEVELOPMENT_APNS_HOST, ApnsClientBuilder.DEFAULT_APNS_PORT);
    }

    /** Send to another server, such as pushy's {@code MockApnsServer}. Default: production. */
    public Builder server(String host, int port) {
      this.host = Arguments.notBlank("host", host);
      this.port = Arguments.between("port", port, 1, 65535);
      return this;
    }

    /**
     * Certificates to trust for the server instead of the JVM's trust store (for a test server).
     * Default: none, the system trust store.
     */
    public Builder trustedServerCertificates(X509Certificate... certificates) {
      this.trustedServerCertificates =
          Arguments.noNulls(
              "trustedServerCertificates",
              Arrays.asList(Arguments.notNull("trustedServerCertificates", certificates)));
      return this;
    }

    /**
     * How long APNs keeps trying to deliver to an offline device. Default: 1 day. Zero means one
     * attempt only.
     */
    public Builder expiration(Duration expiration) {
      this.expiration = Arguments.notNegative("expiration", expiration);
      return this;
    }

    /**
     * The config.
     *
     * @throws InvalidRequestException naming a missing or malformed setting
     */
    public ApnsConfig build() {
      if (signingKeyPem == null) {
        throw new InvalidRequestException("signingKey", "is required (a .p8 key)");
      }
      checkId(keyId, "keyId");
      checkId(teamId, "teamId");
      Arguments.notBlank("topic", topic);
      ApnsSigningKey key;
      try {
        key =
            ApnsSigningKey.loadFromInputStream(
                new ByteArrayInputStream(signingKeyPem.getBytes(StandardCharsets.US_ASCII)),
                teamId,
                keyId);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new InvalidRequestException(
            "signingKey", "is not a PEM PKCS#8 P-256 private key (.p8)");
      }
      return new ApnsConfig(this, key);
    }

    private static void checkId(@Nullable String id, String field) {
      Arguments.notNull(field, id);
      if (!TEN_CHARACTER_ID.matcher(id).matches()) {
        throw new InvalidRequestException(
            field, "must be 10 upper-case letters or digits, was '" + id + "'");
      }
    }
  }
}
