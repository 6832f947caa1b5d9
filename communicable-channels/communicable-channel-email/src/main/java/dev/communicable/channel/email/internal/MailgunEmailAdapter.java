package dev.communicable.channel.email.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.email.EmailAttachment;
import dev.communicable.channel.email.MailgunConfig;
import dev.communicable.channel.support.ProviderHttp;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends through Mailgun's Messages API: {@code POST /v3/{domain}/messages}, basic auth {@code
 * api:KEY}, a {@code multipart/form-data} body; {@code 200} with the message id in the JSON {@code
 * id}.
 */
public final class MailgunEmailAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "mailgun";

  /** Mailgun's limit on a whole message, attachments included. */
  public static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;

  /** Mailgun's limit on the {@code o:}, {@code h:}, {@code v:} and {@code t:} options together. */
  public static final int MAX_OPTION_BYTES = 16 * 1024;

  private final MailgunConfig config;
  private final URI endpoint;
  private final String authorization;
  private final String from;
  private final ProviderHttp http;

  public MailgunEmailAdapter(MailgunConfig config) {
    this.config = config;
    this.endpoint = config.http().endpoint("/v3/" + config.domain() + "/messages");
    this.authorization = ProviderHttp.basicAuth("api", config.apiKey());
    this.from = fromHeader(config);
    this.http = ProviderHttp.builder(PROVIDER).http(config.http()).build();
  }

  @Override
  public ChannelType channel() {
    return ChannelType.EMAIL;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void validateAddress(String address) {
    Checks.recipient("address", address);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    MultipartForm form;
    try {
      EmailSpec email = EmailSpec.of(message, true);
      email.requireEncodedSizeAtMost(MAX_MESSAGE_BYTES, "Mailgun");
      form = form(email, message);
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    }
    HttpRequest request =
        http.request(endpoint)
            .header("Authorization", authorization)
            .header("Content-Type", form.contentType())
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()))
            .build();
    return http.exchange(request, this::judge);
  }

  private SendResult judge(ProviderHttp.Response response) {
    if (response.status() == 200) {
      return SendResult.accepted(PROVIDER, messageId(response.body()));
    }
    return HttpAnswers.failure(PROVIDER, response, http.retryAfter(response));
  }

  /** Mailgun's id is {@code <...@domain>}; its events name it without the brackets. */
  private static @Nullable String messageId(String body) {
    try {
      JsonNode node = HttpAnswers.json().readTree(body);
      String id = node.path("id").asText(null);
      if (id != null && id.startsWith("<") && id.endsWith(">")) {
        id = id.substring(1, id.length() - 1);
      }
      return id;
    } catch (IOException e) {
      return null;
    }
  }

  private MultipartForm form(EmailSpec email, OutboundMessage message) {
    Map<String, String> options = new LinkedHashMap<>();
    email.replyTo().ifPresent(r -> options.put("h:Reply-To", r.getAddress()));
    email.headers().forEach((name, value) -> options.put("h:" + name, value));
    options.put("v:communicable-delivery-id", message.deliveryId().toString());
    options.put("v:communicable-idempotency-key", message.idempotencyKey());
    int optionBytes = 0;
    for (Map.Entry<String, String> e : options.entrySet()) {
      optionBytes +=
          e.getKey().getBytes(StandardCharsets.UTF_8).length
              + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (optionBytes > MAX_OPTION_BYTES) {
      throw new InvalidRequestException(
          "metadata",
          "headers and variables take "
              + optionBytes
              + " bytes; Mailgun accepts at most "
              + MAX_OPTION_BYTES);
    }
    MultipartForm form = new MultipartForm();
    form.field("from", from);
    // "Name <address>" when the recipient has a display name; Mailgun encodes it in the header
    form.field("to", email.to().toUnicodeString());
    form.field("subject", email.subject());
    if (email.text() != null) {
      form.field("text", email.text());
    }
    if (email.html() != null) {
      form.field("html", email.html());
    }
    options.forEach(form::field);
    for (EmailAttachment a : email.attachments()) {
      form.file("attachment", a.filename(), a.contentType(), a.content());
    }
    return form;
  }

  private static String fromHeader(MailgunConfig config) {
    if (config.fromName().isEmpty()) {
      return config.from();
    }
    try {
      return new InternetAddress(config.from(), config.fromName().get(), "UTF-8").toUnicodeString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "MailgunEmailAdapter[" + config + "]";
  }
}
