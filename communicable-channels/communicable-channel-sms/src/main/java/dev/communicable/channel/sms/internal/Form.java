package dev.communicable.channel.sms.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** An {@code application/x-www-form-urlencoded} body. */
final class Form {
  private final StringJoiner out = new StringJoiner("&");

  Form add(String name, String value) {
    out.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8));
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
