package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.TestData;
import dev.communicable.testkit.http.ProviderStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Vonage adapter against a local stand-in of the SMS API")
class VonageSmsAdapterTest {
  private ProviderStub vonage;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    vonage = ProviderStub.start();
    adapter =
        SmsAdapters.vonage(
            VonageConfig.builder()
                .apiKey("abcd1234")
                .apiSecret("vonage-secret-99")
                .from("AcmeShop")
                .callback("https://app.example/hooks/vonage/dlr")
                .http(
                    HttpSettings.builder()
                        .baseUrl(vonage.baseUrl())
                        .requestTimeout(Duration.ofSeconds(3))
                        .build())
                .build());
  }

  @AfterEach
  void stop() {
    adapter.close();
    vonage.close();
  }

  private static String ok(String... ids) {
    StringBuilder messages = new StringBuilder();
    for (String id : ids) {
      if (messages.length() > 0) {
        messages.append(',');
      }
      messages.append(
          "{\"to\":\"447911123456\",\"message-id\":\""
              + id
              + "\",\"status\":\"0\",\"remaining-balance\":\"3.14\",\"message-price\":\"0.03\","
              + "\"network\":\"23410\"}");
    }
    return "{\"message-count\":\"" + ids.length + "\",\"messages\":[" + messages + "]}";
  }

  private static String error(String status, String text) {
    return "{\"message-count\":\"1\",\"messages\":[{\"status\":\""
        + status
        + "\",\"error-text\":\""
        + text
        + "\"}]}";
  }

  @Test
  void posts_the_documented_form_without_plus_signs_and_reads_the_message_id() {
    vonage.answer(200, ok("0C000000217B7F02"));
    OutboundMessage message =
        TestData.outbound(ChannelType.SMS, "+44 7911 123456")
            .content(Content.text("Your parcel is on its way"))
            .build();

    SendResult result = adapter.send(message);

    assertThat(result).isEqualTo(SendResult.accepted("vonage", "0C000000217B7F02"));
    ProviderStub.Request request = vonage.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/sms/json");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(TwilioStatusCallbacks.formParameters(request.bodyText()))
        .containsExactly(
            Map.entry("api_key", "abcd1234"),
            Map.entry("api_secret", "vonage-secret-99"),
            Map.entry("from", "AcmeShop"),
            Map.entry("to", "447911123456"),
            Map.entry("text", "Your parcel is on its way"),
            Map.entry("type", "text"),
            Map.entry("client-ref", message.deliveryId().toString()),
            Map.entry("callback", "https://app.example/hooks/vonage/dlr"));
  }

  @Test
  void a_ucs_2_text_is_sent_as_unicode_and_a_long_one_is_named_by_its_first_part() {
    vonage.answer(200, ok("0C0000001", "0C0000002"));

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456")
                .content(Content.text("Привет! ".repeat(10)))
                .build());

    assertThat(result).isEqualTo(SendResult.accepted("vonage", "0C0000001"));
    assertThat(TwilioStatusCallbacks.formParameters(vonage.onlyRequest().bodyText()))
        .containsEntry("type", "unicode");
  }

  @Test
  void non_zero_statuses_map_to_retryable_or_permanent_by_vonages_table() {
    vonage.answer(200, error("1", "Throughput Rate Exceeded - please wait [ 30 ] and retry"));
    vonage.answer(200, error("4", "Bad Credentials"));
    vonage.answer(200, error("5", "Internal Error"));
    vonage.answer(200, error("7", "Number barred"));
    vonage.answer(200, error("9", "Partner quota exceeded"));
    vonage.answer(200, error("15", "Illegal Sender Address - rejected"));

    SendResult throttled =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());
    SendResult credentials =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());
    SendResult internal =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());
    SendResult barred =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());
    SendResult quota =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());
    SendResult sender =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456").content(Content.text("x")).build());

    assertThat(throttled).isInstanceOf(SendResult.Retryable.class);
    assertThat(internal).isInstanceOf(SendResult.Retryable.class);
    assertThat(quota).isInstanceOf(SendResult.Retryable.class);
    assertThat(credentials)
        .isEqualTo(SendResult.permanent("vonage", "4", "Vonage status 4: Bad Credentials"));
    assertThat(((SendResult.Permanent) barred).code()).isEqualTo("7");
    assertThat(((SendResult.Permanent) sender).code()).isEqualTo("15");
  }

  @Test
  void http_429_and_5xx_are_retryable_with_retry_after() {
    vonage.answer(429, "", "Retry-After", "2");
    vonage.answer(500, "oops");

    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.SMS, "+447911123456")
                    .content(Content.text("x"))
                    .build()))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(2)));
    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.SMS, "+447911123456")
                    .content(Content.text("x"))
                    .build()))
        .isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  void bad_input_is_refused_before_any_call() {
    SendResult bad =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+99 123").content(Content.text("x")).build());
    SendResult tooLong =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+447911123456")
                .content(Content.text("y".repeat(153 * 6 + 1)))
                .build());

    assertThat(((SendResult.Permanent) bad).reason()).startsWith("address:");
    assertThat(((SendResult.Permanent) tooLong).reason())
        .contains("takes 7 segments")
        .contains("at most 6");
    assertThat(vonage.requests()).isEmpty();
  }
}
