package dev.communicable.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.InvalidRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.ECPublicKey;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A push delivery address, {@code platform + ":" + token} (see {@code Device.address()}), parsed
 * and shape-checked for its platform.
 *
 * @param platform {@code "fcm"}, {@code "apns"} or {@code "webpush"}
 * @param token the token as registered
 * @param subscription for Web Push, the parsed subscription; otherwise null
 */
record PushAddress(String platform, String token, @Nullable Subscription subscription) {
  static final String FCM = "fcm";
  static final String APNS = "apns";
  static final String WEB_PUSH = "webpush";

  /** FCM does not document a format; real tokens are 140-200 characters of this alphabet. */
  private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-]{32,4096}");

  private static final Pattern APNS_TOKEN = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int MAX_SUBSCRIPTION_LENGTH = 4096;

  /**
   * A Web Push subscription (the JSON a browser's {@code PushSubscription.toJSON()} gives).
   *
   * @param endpoint the push service URL, https
   * @param publicKey the subscriber's P-256 key ({@code keys.p256dh})
   * @param authSecret the 16-byte auth secret ({@code keys.auth})
   */
  record Subscription(URI endpoint, ECPublicKey publicKey, byte[] authSecret) {}

  /**
   * Parses and checks an address.
   *
   * @throws InvalidRequestException naming {@code address} and what is wrong with it
   */
  static PushAddress parse(String address) {
    if (address == null || address.isBlank()) {
      throw invalid("must be 'platform:token', was empty");
    }
    int colon = address.indexOf(':');
    if (colon <= 0) {
      throw invalid("must be 'platform:token' with platform fcm, apns or webpush");
    }
    String platform = address.substring(0, colon).toLowerCase(Locale.ROOT);
    String token = address.substring(colon + 1);
    switch (platform) {
      case FCM:
        checkFcm(token);
        return new PushAddress(FCM, token, null);
      case APNS:
        checkApns(token);
        return new PushAddress(APNS, token, null);
      case WEB_PUSH:
        return new PushAddress(WEB_PUSH, token, subscription(token));
      default:
        throw invalid(
            "unknown push platform '" + abbreviate(platform) + "', expected fcm, apns or webpush");
    }
  }

  private static void checkFcm(String token) {
    if (!FCM_TOKEN.matcher(token).matches()) {
      throw invalid(
          "an FCM registration token is 32-4096 characters of letters, digits, '-', '_' and ':',"
              + " was "
              + describe(token));
    }
  }

  private static void checkApns(String token) {
    if (!APNS_TOKEN.matcher(token).matches()) {
      throw invalid("an APNs device token is 64 hexadecimal characters, was " + describe(token));
    }
  }

  private static Subscription subscription(String json) {
    if (json.length() > MAX_SUBSCRIPTION_LENGTH) {
      throw invalid(
          "a Web Push subscription is at most "
              + MAX_SUBSCRIPTION_LENGTH
              + " characters, was "
              + json.length());
    }
    JsonNode root;
    try {
      root = Jws.JSON.readTree(json);
    } catch (IOException e) {
      // Jackson's message quotes the input; keep the subscription's keys out of logs.
      throw invalid("a Web Push subscription must be JSON with endpoint and keys, was not JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid("a Web Push subscription must be a JSON object with endpoint and keys");
    }
    URI endpoint = endpoint(root.path("endpoint"));
    JsonNode keys = root.path("keys");
    byte[] p256dh = base64Key(keys.path("p256dh"), "keys.p256dh");
    ECPublicKey publicKey;
    try {
      publicKey = EcKeys.publicKey(p256dh);
    } catch (IllegalArgumentException e) {
      throw invalid("Web Push keys.p256dh " + e.getMessage());
    }
    byte[] auth = base64Key(keys.path("auth"), "keys.auth");
    if (auth.length != 16) {
      throw invalid("Web Push keys.auth must be 16 bytes, was " + auth.length);
    }
    return new Subscription(endpoint, publicKey, auth);
  }

  private static URI endpoint(JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw invalid("a Web Push subscription needs an endpoint URL");
    }
    URI uri;
    try {
      uri = new URI(node.asText());
    } catch (URISyntaxException e) {
      throw invalid("Web Push endpoint is not a valid URL");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw invalid("Web Push endpoint must be an https URL with a host");
    }
    return uri;
  }

  private static byte[] base64Key(JsonNode node, String name) {
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw invalid("a Web Push subscription needs " + name);
    }
    try {
      return Base64Url.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw invalid("Web Push " + name + " must be base64url");
    }
  }

  private static String describe(String token) {
    return token.isEmpty() ? "empty" : token.length() + " characters";
  }

  private static String abbreviate(String text) {
    return text.length() > 20 ? text.substring(0, 20) + "..." : text;
  }

  private static InvalidRequestException invalid(String problem) {
    return new InvalidRequestException("address", problem);
  }
}
