package dev.communicable.workflow.internal;

import dev.communicable.workflow.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The idempotency key of a trigger: {@code id:<event id>} when the event has one, else {@code
 * sha256:<hex>} of its name, recipient and data in a canonical form (map keys sorted, so two maps
 * with the same entries in another order are the same event).
 */
final class TriggerKeys {
  private TriggerKeys() {}

  static String of(Event event) {
    if (event.id().isPresent()) {
      return "id:" + event.id().get();
    }
    StringBuilder canonical = new StringBuilder();
    string(canonical, event.name());
    canonical.append('|');
    string(canonical, event.recipient().id());
    canonical.append('|');
    value(canonical, event.data());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void value(StringBuilder out, Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, e.getKey());
        out.append(':');
        value(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else {
      out.append(value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
  }
}
