package dev.communicable.channel.email.internal;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.email.EmailAttachment;
import dev.communicable.channel.support.ConfigChecks;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One email, checked and ready for any provider: the parts of an {@link OutboundMessage} that email
 * uses, with every header value free of CR/LF. Built by {@link #of}, which refuses bad input with
 * an {@link InvalidRequestException} before anything is sent.
 *
 * @param to the recipient, with its display name (personal name) when the address gave one
 * @param subject the subject line, or null
 * @param text the plain-text body, or null
 * @param html the HTML body, or null
 * @param replyTo the Reply-To address
 * @param customHeaders the {@code header.<Name>} options, in name order
 * @param unsubscribeUrl the one-click unsubscribe URL
 * @param attachments the attachments, in order
 */
public record EmailSpec(
    InternetAddress to,
    @Nullable String subject,
    @Nullable String text,
    @Nullable String html,
    Optional<InternetAddress> replyTo,
    Map<String, String> customHeaders,
    Optional<URI> unsubscribeUrl,
    List<EmailAttachment> attachments) {

  /** Metadata key of the Reply-To address. */
  public static final String REPLY_TO = "replyTo";

  /** Metadata key of the unsubscribe URL. */
  public static final String UNSUBSCRIBE_URL = "unsubscribeUrl";

  /** Metadata key prefix of custom headers. */
  public static final String HEADER_PREFIX = "header.";

  /** The longest header value accepted (RFC 5322 line limit). */
  static final int MAX_HEADER_VALUE = 998;

  /** Headers the adapters set themselves; a {@code header.} option may not replace them. */
  private static final Set<String> RESERVED =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "subject",
          "reply-to",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "content-disposition",
          "list-unsubscribe",
          "list-unsubscribe-post",
          "return-path",
          "received",
          "dkim-signature");

  /**
   * Reads and checks the email in {@code message}.
   *
   * @param subjectRequired true for providers that refuse a message without a subject
   * @throws InvalidRequestException naming the first wrong field
   */
  public static EmailSpec of(OutboundMessage message, boolean subjectRequired) {
    InternetAddress to = Checks.recipient("address", message.address());
    Content content = message.content();
    String subject = content.subject();
    if (subject != null) {
      headerValue("content.subject", subject);
    }
    if (subjectRequired && (subject == null || subject.isBlank())) {
      throw new InvalidRequestException("content.subject", "is required by this provider");
    }
    if (content.text() == null && content.html() == null) {
      throw new InvalidRequestException(
          "content", "an email needs a text or an html part, and has neither");
    }
    Map<String, String> metadata = message.metadata();
    Optional<InternetAddress> replyTo =
        Optional.ofNullable(metadata.get(REPLY_TO))
            .map(v -> Checks.address("metadata." + REPLY_TO, v));
    Optional<URI> unsubscribe =
        Optional.ofNullable(metadata.get(UNSUBSCRIBE_URL)).map(EmailSpec::unsubscribeUrl);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getKey().startsWith(HEADER_PREFIX)) {
        continue;
      }
      String name = e.getKey().substring(HEADER_PREFIX.length());
      String field = "metadata." + e.getKey();
      headerName(field, name);
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidRequestException(
            field, "'" + name + "' is set by the adapter and cannot be given as a custom header");
      }
      if (headers.containsKey(name)) {
        throw new InvalidRequestException(field, "header '" + name + "' is given twice");
      }
      headers.put(name, headerValue(field, e.getValue()));
    }
    List<EmailAttachment> attachments = EmailAttachment.fromMetadata(metadata);
    return new EmailSpec(
        to,
        subject,
        content.text(),
        content.html(),
        replyTo,
        Collections.unmodifiableMap(new LinkedHashMap<>(headers)),
        unsubscribe,
        attachments);
  }

  /** The custom headers followed by List-Unsubscribe and List-Unsubscribe-Post when set. */
  public Map<String, String> headers() {
    Map<String, String> all = new LinkedHashMap<>(customHeaders);
    unsubscribeUrl.ifPresent(
        url -> {
          all.put("List-Unsubscribe", "<" + url.toASCIIString() + ">");
          all.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        });
    return all;
  }

  /** The bytes of the bodies and attachments before any transfer encoding. */
  public long contentBytes() {
    long n = 0;
    if (text != null) {
      n += text.getBytes(StandardCharsets.UTF_8).length;
    }
    if (html != null) {
      n += html.getBytes(StandardCharsets.UTF_8).length;
    }
    for (EmailAttachment a : attachments) {
      n += a.size();
    }
    return n;
  }

  /**
   * Refuses the message when its bodies and attachments, base64-encoded as they travel, exceed
   * {@code limit} bytes.
   */
  public void requireEncodedSizeAtMost(long limit, String provider) {
    long encoded = 0;
    for (int i = 0; i < attachments.size(); i++) {
      EmailAttachment a = attachments.get(i);
      long size = base64Length(a.size());
      if (size > limit) {
        throw new InvalidRequestException(
            "metadata.attachment." + i,
            "'"
                + a.filename()
                + "' is "
                + a.size()
                + " bytes ("
                + size
                + " encoded); "
                + provider
                + " accepts at most "
                + limit
                + " bytes per message");
      }
      encoded += size;
    }
    encoded += contentBytes() - attachments.stream().mapToLong(EmailAttachment::size).sum();
    if (encoded > limit) {
      throw new InvalidRequestException(
          "content",
          "the message is "
              + encoded
              + " bytes with its attachments encoded; "
              + provider
              + " accepts at most "
              + limit);
    }
  }

  static long base64Length(long bytes) {
    return (bytes + 2) / 3 * 4;
  }

  static String headerValue(String field, String value) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new InvalidRequestException(
          field,
          "must not contain CR or LF (header injection), was '" + Checks.visible(value) + "'");
    }
    if (ConfigChecks.hasControl(value)) {
      throw new InvalidRequestException(field, "must not contain control characters");
    }
    if (value.length() > MAX_HEADER_VALUE) {
      throw new InvalidRequestException(
          field, "must be at most " + MAX_HEADER_VALUE + " characters, was " + value.length());
    }
    return value;
  }

  static void headerName(String field, String name) {
    boolean ok = !name.isEmpty() && name.length() <= 76;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = c >= 33 && c <= 126 && c != ':';
    }
    if (!ok) {
      throw new InvalidRequestException(
          field,
          "a header name is 1 to 76 printable ASCII characters without ':', was '"
              + Checks.visible(name)
              + "'");
    }
  }

  private static URI unsubscribeUrl(String value) {
    String field = "metadata." + UNSUBSCRIBE_URL;
    headerValue(field, value);
    try {
      URI uri = new URI(value);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new InvalidRequestException(
            field, "must be an absolute https URL (RFC 8058), was '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "is not a valid URL, was '" + value + "'");
    }
  }
}
