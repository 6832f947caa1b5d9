package dev.communicable.channel.email;

import dev.communicable.InvalidRequestException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A file attached to an email. Attachments travel with the notification in its metadata (the
 * delivery queue stores them with the message), under the keys {@code attachment.<i>.filename},
 * {@code attachment.<i>.content-type} and {@code attachment.<i>.content} (base64), {@code i}
 * counting from 0; {@link #metadata} writes them:
 *
 * <pre>{@code
 * Notification.Builder b = Notification.event("invoice.issued").to(customer).template("invoice");
 * EmailAttachment.metadata(List.of(EmailAttachment.of("invoice.pdf", "application/pdf", pdf)))
 *     .forEach(b::metadata);
 * }</pre>
 *
 * <p>Keep attachments small: each adapter refuses a message over its provider's size limit before
 * any network call.
 */
public final class EmailAttachment {
  /** The metadata key prefix of attachments. */
  public static final String METADATA_PREFIX = "attachment.";

  private static final Pattern CONTENT_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private final String filename;
  private final String contentType;
  private final byte[] content;

  private EmailAttachment(String filename, String contentType, byte[] content) {
    this.filename = filename;
    this.contentType = contentType;
    this.content = content;
  }

  /**
   * An attachment.
   *
   * @param filename the name shown to the recipient; no control characters, no path separators, at
   *     most 255 characters
   * @param contentType a MIME type such as {@code application/pdf}
   * @param content the bytes, copied
   * @throws InvalidRequestException naming the field that is wrong
   */
  public static EmailAttachment of(String filename, String contentType, byte[] content) {
    return of("attachment", filename, contentType, content);
  }

  static EmailAttachment of(
      String field, @Nullable String filename, @Nullable String contentType, byte[] content) {
    if (filename == null || filename.isBlank() || filename.length() > 255) {
      throw new InvalidRequestException(
          field + ".filename", "must be 1 to 255 characters, was '" + filename + "'");
    }
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"') {
        throw new InvalidRequestException(
            field + ".filename",
            "must not contain control characters, quotes or path separators, was '"
                + printable(filename)
                + "'");
      }
    }
    if (contentType == null || !CONTENT_TYPE.matcher(contentType).matches()) {
      throw new InvalidRequestException(
          field + ".content-type",
          "must be a MIME type such as 'application/pdf', was '" + printable(contentType) + "'");
    }
    if (content == null) {
      throw new InvalidRequestException(field + ".content", "must not be null");
    }
    return new EmailAttachment(filename, contentType, content.clone());
  }

  /** The name shown to the recipient. */
  public String filename() {
    return filename;
  }

  /** The MIME type. */
  public String contentType() {
    return contentType;
  }

  /** A copy of the bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** The size in bytes, before any transfer encoding. */
  public int size() {
    return content.length;
  }

  /** The metadata entries that carry {@code attachments}, in order, to add to a notification. */
  public static Map<String, String> metadata(List<EmailAttachment> attachments) {
    Objects.requireNonNull(attachments, "attachments");
    Map<String, String> out = new LinkedHashMap<>();
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < attachments.size(); i++) {
      EmailAttachment a = Objects.requireNonNull(attachments.get(i), "attachments[" + i + "]");
      out.put(METADATA_PREFIX + i + ".filename", a.filename);
      out.put(METADATA_PREFIX + i + ".content-type", a.contentType);
      out.put(METADATA_PREFIX + i + ".content", base64.encodeToString(a.content));
    }
    return out;
  }

  /**
   * Reads the attachments back from message metadata.
   *
   * @throws InvalidRequestException naming the key that is missing or wrong
   */
  public static List<EmailAttachment> fromMetadata(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    int count = 0;
    for (String key : metadata.keySet()) {
      if (!key.startsWith(METADATA_PREFIX)) {
        continue;
      }
      String rest = key.substring(METADATA_PREFIX.length());
      int dot = rest.indexOf('.');
      String index = dot < 0 ? rest : rest.substring(0, dot);
      String part = dot < 0 ? "" : rest.substring(dot + 1);
      if (!index.matches("0|[1-9][0-9]{0,3}")
          || !(part.equals("filename") || part.equals("content-type") || part.equals("content"))) {
        throw new InvalidRequestException(
            "metadata." + key,
            "attachment keys are attachment.<index>.filename, .content-type and .content");
      }
      count = Math.max(count, Integer.parseInt(index) + 1);
    }
    EmailAttachment[] out = new EmailAttachment[count];
    Base64.Decoder base64 = Base64.getDecoder();
    for (int i = 0; i < count; i++) {
      String field = "metadata." + METADATA_PREFIX + i;
      String content = metadata.get(METADATA_PREFIX + i + ".content");
      if (content == null) {
        throw new InvalidRequestException(field + ".content", "is missing");
      }
      byte[] bytes;
      try {
        bytes = base64.decode(content);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(field + ".content", "is not valid base64");
      }
      out[i] =
          of(
              field,
              metadata.get(METADATA_PREFIX + i + ".filename"),
              metadata.get(METADATA_PREFIX + i + ".content-type"),
              bytes);
    }
    return List.of(out);
  }

  private static @Nullable String printable(@Nullable String s) {
    return s == null ? null : s.replace("\r", "\\r").replace("\n", "\\n");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EmailAttachment a
        && filename.equals(a.filename)
        && contentType.equals(a.contentType)
        && Arrays.equals(content, a.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, contentType, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "EmailAttachment[" + filename + ", " + contentType + ", " + content.length + " bytes]";
  }
}
