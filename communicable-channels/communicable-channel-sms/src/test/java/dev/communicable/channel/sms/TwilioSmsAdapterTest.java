package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.TestData;
import dev.communicable.testkit.http.ProviderStub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Twilio adapter against a local stand-in of the Messages API")
class TwilioSmsAdapterTest {
  static final String SID = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "twilio-auth-token-0001";

  private ProviderStub twilio;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    twilio = ProviderStub.start();
    adapter = SmsAdapters.twilio(config().maxSegments(3).build());
  }

  private TwilioConfig.Builder config() {
    return TwilioConfig.builder()
        .accountSid(SID)
        .authToken(TOKEN)
        .from("+1 415 555 2671")
        .statusCallback("https://app.example/hooks/twilio/status")
        .http(
            HttpSettings.builder()
                .baseUrl(twilio.baseUrl())
                .requestTimeout(Duration.ofSeconds(3))
                .build());
  }

  @AfterEach
  void stop() {
    adapter.close();
    twilio.close();
  }

  @Test
  void posts_the_documented_form_with_basic_auth_and_status_callback_and_reads_the_sid() {
    twilio.answer(
        201,
        "{\"sid\":\"SM1f0e8ae6ade43cb3c0ce4525424e404f\",\"status\":\"queued\",\"num_segments\":\"1\"}");

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+44 20 7946 0958")
                .content(Content.text("Your code: 123 456 & more"))
                .build());

    assertThat(result)
        .isEqualTo(SendResult.accepted("twilio", "SM1f0e8ae6ade43cb3c0ce4525424e404f"));
    ProviderStub.Request request = twilio.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(request.header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(TwilioStatusCallbacks.formParameters(request.bodyText()))
        .containsExactly(
            Map.entry("To", "+442079460958"),
            Map.entry("From", "+14155552671"),
            Map.entry("Body", "Your code: 123 456 & more"),
            Map.entry("StatusCallback", "https://app.example/hooks/twilio/status"));
  }

  @Test
  void a_messaging_service_replaces_from() {
    adapter.close();
    adapter =
        SmsAdapters.twilio(
            config().from(null).messagingServiceSid("MG9752274e9e519418a7406176694466fa").build());
    twilio.answer(201, "{\"sid\":\"SM1\"}");

    adapter.send(
        TestData.outbound(ChannelType.SMS, "+33612345678")
            .content(Content.text("Bonjour"))
            .build());

    assertThat(TwilioStatusCallbacks.formParameters(twilio.onlyRequest().bodyText()))
        .containsEntry("MessagingServiceSid", "MG9752274e9e519418a7406176694466fa")
        .doesNotContainKey("From");
  }

  @Test
  void twilio_error_codes_become_permanent_failures_with_the_code() {
    twilio.answer(
        400,
        "{\"code\":21211,\"message\":\"The 'To' number +15005550001 is not a valid phone"
            + " number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
    twilio.answer(
        400,
        "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}");
    twilio.answer(
        401,
        "{\"code\":20003,\"message\":\"Authentication Error - invalid username\",\"status\":401}");

    SendResult invalid =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());
    SendResult unsubscribed =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());
    SendResult unauthorized =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());

    assertThat(invalid)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("21211");
              assertThat(p.reason()).contains("not a valid phone number");
            });
    assertThat(((SendResult.Permanent) unsubscribed).code()).isEqualTo("21610");
    assertThat(((SendResult.Permanent) unauthorized).code()).isEqualTo("20003");
  }

  @Test
  void too_many_requests_and_server_errors_are_retryable() {
    twilio.answer(
        429,
        "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}",
        "Retry-After",
        "7");
    twilio.answer(503, "<html>Service Unavailable</html>");
    twilio.hang();

    SendResult limited =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());
    SendResult down =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());
    SendResult slow =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text("hi")).build());

    assertThat(limited)
        .isEqualTo(
            SendResult.retryable(
                "twilio",
                "HTTP 429 (Twilio error 20429): Too Many Requests",
                Duration.ofSeconds(7)));
    assertThat(down)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("HTTP 503"));
    assertThat(slow)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("timed out"));
  }

  @Test
  void bad_numbers_and_texts_over_the_segment_policy_are_refused_before_any_call() {
    SendResult noPrefix =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "0612345678").content(Content.text("hi")).build());
    SendResult invalid =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+1 555 0000").content(Content.text("hi")).build());
    SendResult tooLong =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671")
                .content(Content.text("a".repeat(460)))
                .build());
    SendResult tooLongUnicode =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671")
                .content(Content.text("ж".repeat(202)))
                .build());
    SendResult empty =
        adapter.send(
            TestData.outbound(ChannelType.SMS, "+14155552671").content(Content.text(" ")).build());

    assertThat(((SendResult.Permanent) noPrefix).reason())
        .isEqualTo("address: needs an international prefix such as +33, was '0612345678'");
    assertThat(((SendResult.Permanent) invalid).reason()).startsWith("address: is not a valid");
    assertThat(((SendResult.Permanent) tooLong).reason())
        .isEqualTo("content.text: takes 4 segments (460 GSM-7 septets); at most 3 are allowed");
    assertThat(((SendResult.Permanent) tooLongUnicode).reason())
        .isEqualTo("content.text: takes 4 segments (202 UCS-2 characters); at most 3 are allowed");
    assertThat(((SendResult.Permanent) empty).reason()).startsWith("content.text:");
    assertThat(twilio.requests()).isEmpty();
  }

  @Test
  void texts_within_the_policy_are_sent_whole() {
    twilio.answer(201, "{\"sid\":\"SM2\"}");

    assertThat(
            adapter
                .send(
                    TestData.outbound(ChannelType.SMS, "+14155552671")
                        .content(Content.text("a".repeat(459)))
                        .build())
                .isAccepted())
        .isTrue();
    assertThat(TwilioStatusCallbacks.formParameters(twilio.onlyRequest().bodyText()).get("Body"))
        .hasSize(459);
  }
}
