package dev.communicable.channel.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.sms.PhoneNumbers;
import dev.communicable.channel.sms.TwilioConfig;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Sends through Twilio's Messages API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}
 * with basic auth and a form body; {@code 201 Created} with the message {@code sid}.
 */
public final class TwilioSmsAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "twilio";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwilioConfig config;
  private final URI endpoint;
  private final String authorization;
  private final ProviderHttp http;

  public TwilioSmsAdapter(TwilioConfig config) {
    this.config = config;
    this.endpoint =
        config.http().endpoint("/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json");
    this.authorization = ProviderHttp.basicAuth(config.accountSid(), config.authToken());
    this.http = ProviderHttp.builder(PROVIDER).http(config.http()).build();
  }

  @Override
  public ChannelType channel() {
    return ChannelType.SMS;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void validateAddress(String address) {
    PhoneNumbers.toE164("address", address);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    SmsMessage sms;
    try {
      sms = SmsMessage.of(message, config.maxSegments());
      if (sms.text().length() > TwilioConfig.MAX_BODY_CHARACTERS) {
        throw new InvalidRequestException(
            "content.text",
            "is "
                + sms.text().length()
                + " characters; Twilio accepts at most "
                + TwilioConfig.MAX_BODY_CHARACTERS);
      }
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    }
    Form form = new Form().add("To", sms.to());
    config.from().ifPresent(f -> form.add("From", f));
    config.messagingServiceSid().ifPresent(s -> form.add("MessagingServiceSid", s));
    form.add("Body", sms.text());
    config.statusCallback().ifPresent(u -> form.add("StatusCallback", u.toString()));
    HttpRequest request =
        http.request(endpoint)
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    return http.exchange(request, this::judge);
  }

  private SendResult judge(ProviderHttp.Response response) {
    int status = response.status();
    JsonNode body = parse(response.body());
    if (status == 200 || status == 201) {
      return SendResult.accepted(PROVIDER, body.path("sid").asText(null));
    }
    String code = body.hasNonNull("code") ? body.get("code").asText() : "http_" + status;
    String reason =
        "HTTP "
            + status
            + " (Twilio error "
            + code
            + "): "
            + body.path("message").asText(ProviderHttp.excerpt(response.body()));
    if (code.equals("20429")) {
      // Twilio's own "too many requests", whatever the status.
      return new SendResult.Retryable(PROVIDER, reason, http.retryAfter(response));
    }
    return HttpStatuses.failure(PROVIDER, status, code, reason, http.retryAfter(response));
  }

  private static JsonNode parse(@Nullable String body) {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "TwilioSmsAdapter[" + config + "]";
  }
}
