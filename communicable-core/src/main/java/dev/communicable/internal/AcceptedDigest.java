package dev.communicable.internal;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of what a notification asked for, as accepted: event, topic, template, inline
 * content, data, metadata, recipients (as stored), priority, requested send time and send window.
 * Stored with the message so that a later send under the same idempotency key can tell whether it
 * asked for the same thing without reading the first message back.
 *
 * <p>The text hashed is canonical: map keys in order, every string length-prefixed (so no two
 * different inputs write the same text), numbers and booleans by their decimal or literal form.
 */
final class AcceptedDigest {
  private AcceptedDigest() {}

  static String of(Notification notification, List<Recipient> recipients) {
    StringBuilder text = new StringBuilder(256);
    string(text, notification.event());
    string(text, notification.topic());
    value(text, notification.templateId().orElse(null));
    content(text, notification.content().orElse(null));
    value(text, notification.data());
    value(text, notification.metadata());
    text.append('[');
    for (Recipient r : recipients) {
      string(text, r.id());
      string(text, r.tenantId());
      Map<String, String> points = new TreeMap<>();
      for (Map.Entry<ChannelType, String> e : r.contactPoints().entrySet()) {
        points.put(e.getKey().name(), e.getValue());
      }
      value(text, points);
      string(text, r.locale().toLanguageTag());
      string(text, r.timeZone().getId());
    }
    text.append(']');
    string(text, notification.priority().name());
    value(text, notification.sendAt().map(Object::toString).orElse(null));
    if (notification.window().isPresent()) {
      // only then, so that the digests of messages accepted before windows existed stay the same
      string(text, notification.window().orElseThrow().toString());
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void content(StringBuilder text, @Nullable Content content) {
    if (content == null) {
      text.append('-');
      return;
    }
    text.append('{');
    for (Content.Part part : Content.Part.values()) {
      value(text, content.get(part));
    }
    text.append('}');
  }

  private static void string(StringBuilder text, String s) {
    text.append('s').append(s.length()).append(':').append(s);
  }

  private static void value(StringBuilder text, @Nullable Object value) {
    if (value == null) {
      text.append('-');
    } else if (value instanceof String s) {
      string(text, s);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      text.append('{');
      sorted.forEach(
          (k, v) -> {
            string(text, k);
            value(text, v);
          });
      text.append('}');
    } else if (value instanceof Collection<?> list) {
      text.append('[');
      list.forEach(v -> value(text, v));
      text.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      text.append('n').append(value);
    } else {
      text.append('o');
      string(text, value.toString());
    }
  }
}
