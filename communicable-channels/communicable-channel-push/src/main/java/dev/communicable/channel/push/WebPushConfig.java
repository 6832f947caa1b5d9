package dev.communicable.channel.push;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings for Web Push: the VAPID key pair (RFC 8292) that identifies this application server to
 * push services, the contact subject, and message defaults. Immutable; {@link #toString()} never
 * shows the private key.
 *
 * <pre>{@code
 * WebPushConfig webPush = WebPushConfig.builder()
 *     .vapidPublicKey("BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U")
 *     .vapidPrivateKey(System.getenv("VAPID_PRIVATE_KEY"))
 *     .subject("mailto:ops@example.com")
 *     .build();
 * }</pre>
 */
public final class WebPushConfig {
  private static final Duration MAX_TTL = Duration.ofDays(28);
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

  private final ECPublicKey publicKey;
  private final ECPrivateKey privateKey;
  private final String subject;
  private final Duration ttl;
  private final List<String> allowedEndpointHosts;

  private WebPushConfig(Builder b, ECPublicKey publicKey, ECPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.subject = b.subject;
    this.ttl = b.ttl;
    this.allowedEndpointHosts = b.allowedEndpointHosts;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A fresh VAPID key pair, base64url-encoded: the public key (65-byte uncompressed point, what a
   * page passes as {@code applicationServerKey}) and the private key (32-byte scalar).
   */
  public static VapidKeys generateVapidKeys() {
    KeyPair pair = EcKeys.generate(new SecureRandom());
    return new VapidKeys(
        Base64Url.encode(EcKeys.uncompressed((ECPublicKey) pair.getPublic())),
        Base64Url.encode(EcKeys.scalar((ECPrivateKey) pair.getPrivate())));
  }

  /** The VAPID public key, base64url: the {@code applicationServerKey} browsers subscribe with. */
  public String vapidPublicKey() {
    return Base64Url.encode(EcKeys.uncompressed(publicKey));
  }

  /** The contact for push service operators: a {@code mailto:} or {@code https:} URI. */
  public String subject() {
    return subject;
  }

  /** How long a push service keeps a message for an offline browser ({@code TTL}). */
  public Duration ttl() {
    return ttl;
  }

  /** The push service hosts endpoints may point at; empty for any https host. */
  public List<String> allowedEndpointHosts() {
    return allowedEndpointHosts;
  }

  /** True when {@code host} is allowed: equal to an allowed host or a subdomain of one. */
  boolean allowsHost(String host) {
    if (allowedEndpointHosts.isEmpty()) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return allowedEndpointHosts.stream().anyMatch(a -> h.equals(a) || h.endsWith("." + a));
  }

  ECPublicKey publicKey() {
    return publicKey;
  }

  ECPrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "WebPushConfig[vapidPublicKey="
        + vapidPublicKey()
        + ", vapidPrivateKey="
        + Secrets.REDACTED
        + ", subject="
        + subject
        + ", ttl="
        + ttl
        + ", allowedEndpointHosts="
        + allowedEndpointHosts
        + "]";
  }

  /**
   * A VAPID key pair in base64url.
   *
   * @param publicKey the 65-byte uncompressed public point
   * @param privateKey the 32-byte private scalar; keep it secret
   */
  public record VapidKeys(String publicKey, String privateKey) {
    @Override
    public String toString() {
      return "VapidKeys[publicKey=" + publicKey + ", privateKey=" + Secrets.REDACTED + "]";
    }
  }

  /** Builds a {@link WebPushConfig}; both VAPID keys and the subject are required. */
  public static final class Builder {
    private @Nullable String publicKey;
    private @Nullable String privateKey;
    private @Nullable String subject;
    private Duration ttl = Duration.ofDays(1);
    private List<String> allowedEndpointHosts = List.of();

    private Builder() {}

    /** The VAPID public key, base64url of the 65-byte uncompressed P-256 point. Required. */
    public Builder vapidPublicKey(String publicKey) {
      this.publicKey = Arguments.notNull("vapidPublicKey", publicKey);
      return this;
    }

    /** The VAPID private key, base64url of the 32-byte P-256 scalar. Required. */
    public Builder vapidPrivateKey(String privateKey) {
      this.privateKey = Arguments.notNull("vapidPrivateKey", privateKey);
      return this;
    }

    /** A {@code mailto:} or {@code https:} URI push services can contact you at. Required. */
    public Builder subject(String subject) {
      this.subject = Arguments.notNull("subject", subject);
      return this;
    }

    /** How long a push service keeps a message for an offline browser. Default: 1 day. */
    public Builder ttl(Duration ttl) {
      this.ttl = Arguments.between("ttl", ttl, Duration.ZERO, MAX_TTL);
      return this;
    }

    /**
     * Restricts subscription endpoints to these push service hosts and their subdomains (such as
     * {@code fcm.googleapis.com}, {@code push.services.mozilla.com}, {@code push.apple.com}, {@code
     * notify.windows.com}), so a forged subscription cannot make this server post to an arbitrary
     * URL. Default: none, any https host.
     */
    public Builder allowedEndpointHosts(String... hosts) {
      List<String> list = new ArrayList<>();
      for (String host : hosts) {
        if (host == null || !HOST.matcher(host).matches()) {
          throw new InvalidRequestException(
              "allowedEndpointHosts", "must be host names, was '" + host + "'");
        }
        list.add(host.toLowerCase(Locale.ROOT));
      }
      this.allowedEndpointHosts = List.copyOf(list);
      return this;
    }

    /**
     * The config.
     *
     * @throws InvalidRequestException naming a missing or malformed setting, or keys that do not
     *     form a pair
     */
    public WebPushConfig build() {
      if (publicKey == null) {
        throw new InvalidRequestException("vapidPublicKey", "is required");
      }
      if (privateKey == null) {
        throw new InvalidRequestException("vapidPrivateKey", "is required");
      }
      if (subject == null
          || !(subject.startsWith("mailto:") || subject.startsWith("https://"))
          || subject.length() < 8) {
        throw new InvalidRequestException(
            "subject", "must be a mailto: or https: URI, was '" + subject + "'");
      }
      ECPublicKey pub;
      ECPrivateKey priv;
      try {
        pub = EcKeys.publicKey(Base64Url.decode(publicKey));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "vapidPublicKey",
            "must be base64url of a 65-byte uncompressed P-256 point: " + e.getMessage());
      }
      try {
        priv = EcKeys.privateKey(Base64Url.decode(privateKey));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "vapidPrivateKey", "must be base64url of a 32-byte P-256 private key");
      }
      if (!pair(pub, priv)) {
        throw new InvalidRequestException("vapidPrivateKey", "does not belong to vapidPublicKey");
      }
      return new WebPushConfig(this, pub, priv);
    }

    private static boolean pair(ECPublicKey pub, ECPrivateKey priv) {
      try {
        byte[] probe = "vapid key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(priv);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pub);
        verifier.update(probe);
        return verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }
}
