package dev.communicable.channel.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.sms.PhoneNumbers;
import dev.communicable.channel.sms.SmsEncoding;
import dev.communicable.channel.sms.VonageConfig;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * Sends through Vonage's SMS API: {@code POST /sms/json} with the key and secret in a form body.
 * Vonage answers 200 with one status per segment; a non-zero status is an error.
 */
public final class VonageSmsAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "vonage";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Statuses that may pass later: throttled, internal error, partner quota, too many binds. */
  private static final Set<String> RETRYABLE = Set.of("1", "5", "9", "10");

  private final VonageConfig config;
  private final URI endpoint;
  private final ProviderHttp http;

  public VonageSmsAdapter(VonageConfig config) {
    this.config = config;
    this.endpoint = config.http().endpoint("/sms/json");
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
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    }
    // Vonage takes numbers in international format without the leading '+'.
    Form form =
        new Form()
            .add("api_key", config.apiKey())
            .add("api_secret", config.apiSecret())
            .add("from", stripPlus(config.from()))
            .add("to", stripPlus(sms.to()))
            .add("text", sms.text())
            .add("type", sms.body().encoding() == SmsEncoding.UCS_2 ? "unicode" : "text")
            .add("client-ref", message.deliveryId().toString());
    config.callback().ifPresent(u -> form.add("callback", u.toString()));
    HttpRequest request =
        http.request(endpoint)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    return http.exchange(request, this::judge);
  }

  private SendResult judge(ProviderHttp.Response response) {
    int status = response.status();
    if (status != 200) {
      return HttpStatuses.failure(
          PROVIDER,
          status,
          null,
          "HTTP " + status + ": " + ProviderHttp.excerpt(response.body()),
          http.retryAfter(response));
    }
    JsonNode messages;
    try {
      messages = JSON.readTree(response.body()).path("messages");
    } catch (IOException e) {
      return SendResult.retryable(
          PROVIDER, "unreadable answer: " + ProviderHttp.excerpt(response.body()));
    }
    if (!messages.isArray() || messages.isEmpty()) {
      return SendResult.retryable(
          PROVIDER, "answer without messages: " + ProviderHttp.excerpt(response.body()));
    }
    for (JsonNode m : messages) {
      String code = m.path("status").asText("");
      if (!code.equals("0")) {
        String reason = "Vonage status " + code + ": " + m.path("error-text").asText("(no text)");
        return RETRYABLE.contains(code)
            ? SendResult.retryable(PROVIDER, reason)
            : SendResult.permanent(PROVIDER, code, reason);
      }
    }
    // A long text is split into several messages; receipts come per part, the first names it.
    return SendResult.accepted(PROVIDER, messages.get(0).path("message-id").asText(null));
  }

  private static String stripPlus(String number) {
    return number.startsWith("+") ? number.substring(1) : number;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "VonageSmsAdapter[" + config + "]";
  }
}
