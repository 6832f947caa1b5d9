package dev.communicable.channel.push;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a push shows, taken from an {@link OutboundMessage}: title, body (the text part), deep link,
 * and the notification's data.
 */
record PushContent(
    @Nullable String title,
    @Nullable String body,
    @Nullable String link,
    Map<String, Object> data) {

  /**
   * The content of {@code message}.
   *
   * @throws InvalidRequestException when there is nothing to show or send
   */
  static PushContent of(OutboundMessage message) {
    String title = blankToNull(message.content().title());
    String body = blankToNull(message.content().text());
    String link = blankToNull(message.content().link());
    if (title == null && body == null && message.data().isEmpty()) {
      throw new InvalidRequestException(
          "content", "a push needs a title, a text or data; all were empty");
    }
    return new PushContent(title, body, link, message.data());
  }

  /** True when the push shows an alert (it has a title or a body). */
  boolean isAlert() {
    return title != null || body != null;
  }

  /**
   * A 32-character base64url tag derived from the delivery's idempotency key: used as the APNs
   * collapse id, the Android notification tag and the Web Push Topic, so a delivery sent twice
   * (at-least-once) replaces itself on the device instead of showing twice.
   */
  static String dedupeTag(String idempotencyKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return Base64Url.encode(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
