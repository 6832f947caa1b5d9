package dev.communicable.channel.email.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body (RFC 7578) built in memory. */
final class MultipartForm {
  private final String boundary = "communicable-" + UUID.randomUUID();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Adds a text field. */
  MultipartForm field(String name, String value) {
    write("--" + boundary + "\r\n");
    write("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    write(value);
    write("\r\n");
    return this;
  }

  /** Adds a file; {@code filename} has no quotes or control characters (checked upstream). */
  MultipartForm file(String name, String filename, String contentType, byte[] content) {
    write("--" + boundary + "\r\n");
    write(
        "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
    write("Content-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(content);
    write("\r\n");
    return this;
  }

  /** The finished body. */
  byte[] body() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return copy.toByteArray();
  }

  /** The Content-Type header value, with the boundary. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
