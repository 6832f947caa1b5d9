package dev.communicable.channel.email.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.email.EmailAttachment;
import dev.communicable.channel.email.SendGridConfig;
import dev.communicable.channel.support.ProviderHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Sends through SendGrid's v3 Mail Send API: {@code POST /v3/mail/send} with a bearer API key and a
 * JSON body; {@code 202 Accepted} with the message id in {@code X-Message-Id}.
 */
public final class SendGridEmailAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "sendgrid";

  /** SendGrid's limit on a whole message, attachments included. */
  public static final long MAX_MESSAGE_BYTES = 30L * 1024 * 1024;

  private final SendGridConfig config;
  private final URI endpoint;
  private final ProviderHttp http;

  public SendGridEmailAdapter(SendGridConfig config) {
    this.config = config;
    this.endpoint = config.http().endpoint("/v3/mail/send");
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
    Checks.address("address", address);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    String body;
    try {
      EmailSpec email = EmailSpec.of(message, true);
      email.requireEncodedSizeAtMost(MAX_MESSAGE_BYTES, "SendGrid");
      body = body(email, message);
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    }
    HttpRequest request =
        http.request(endpoint)
            .header("Authorization", "Bearer " + config.apiKey())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.exchange(request, this::judge);
  }

  private SendResult judge(ProviderHttp.Response response) {
    int status = response.status();
    if (status == 200 || status == 202) {
      return SendResult.accepted(PROVIDER, response.header("X-Message-Id").orElse(null));
    }
    Optional<Duration> retryAfter = http.retryAfter(response);
    if (retryAfter.isEmpty() && status == 429) {
      retryAfter = rateLimitReset(response);
    }
    return HttpAnswers.failure(PROVIDER, response, retryAfter);
  }

  /** SendGrid names the end of a rate-limit window in {@code X-RateLimit-Reset} (epoch seconds). */
  private Optional<Duration> rateLimitReset(ProviderHttp.Response response) {
    return response
        .header("X-RateLimit-Reset")
        .filter(v -> v.matches("\\d{1,12}"))
        .map(
            v -> Duration.between(http.clock().instant(), Instant.ofEpochSecond(Long.parseLong(v))))
        .map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  private String body(EmailSpec email, OutboundMessage message) {
    ObjectNode root = HttpAnswers.json().createObjectNode();
    ObjectNode personalization = root.putArray("personalizations").addObject();
    personalization.putArray("to").addObject().put("email", email.to().getAddress());
    ObjectNode from = root.putObject("from").put("email", config.from());
    config.fromName().ifPresent(n -> from.put("name", n));
    email.replyTo().ifPresent(r -> root.putObject("reply_to").put("email", r.getAddress()));
    root.put("subject", email.subject());
    ArrayNode content = root.putArray("content");
    // SendGrid requires text/plain first, then text/html.
    if (email.text() != null) {
      content.addObject().put("type", "text/plain").put("value", email.text());
    }
    if (email.html() != null) {
      content.addObject().put("type", "text/html").put("value", email.html());
    }
    if (!email.attachments().isEmpty()) {
      ArrayNode attachments = root.putArray("attachments");
      Base64.Encoder base64 = Base64.getEncoder();
      for (EmailAttachment a : email.attachments()) {
        attachments
            .addObject()
            .put("content", base64.encodeToString(a.content()))
            .put("type", a.contentType())
            .put("filename", a.filename())
            .put("disposition", "attachment");
      }
    }
    Map<String, String> headers = email.headers();
    if (!headers.isEmpty()) {
      ObjectNode h = root.putObject("headers");
      headers.forEach(h::put);
    }
    // Returned in SendGrid's event webhook, so receipts can be matched to the delivery.
    root.putObject("custom_args")
        .put("communicable_delivery_id", message.deliveryId().toString())
        .put("communicable_idempotency_key", message.idempotencyKey());
    try {
      return HttpAnswers.json().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the SendGrid request", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "SendGridEmailAdapter[" + config + "]";
  }
}
