package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.policy.DeliveryPolicy;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Delivery-status callbacks become receipts")
class DeliveryReceiptsTest {

  @Test
  void twilios_signature_matches_its_documented_example() {
    // The example of Twilio's request-validation documentation.
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("Caller", "+14158675310");
    params.put("Digits", "1234");
    params.put("From", "+14158675310");
    params.put("To", "+18005551212");
    TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks("12345");
    String url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    assertThat(callbacks.sign(url, params)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    assertThat(callbacks.verify(url, params, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isTrue();
  }

  @Test
  void a_signed_delivered_callback_becomes_a_delivered_event() {
    TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks("auth-token");
    String url = "https://app.example/hooks/twilio/status";
    Map<String, String> params =
        TwilioStatusCallbacks.formParameters(
            "MessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&MessageStatus=delivered"
                + "&AccountSid=AC0123456789abcdef0123456789abcdef&To=%2B14155552671&ApiVersion=2010-04-01");
    String signature = callbacks.sign(url, params);

    SmsDeliveryReceipt receipt = callbacks.verifyAndParse(url, params, signature);

    assertThat(receipt)
        .isEqualTo(
            new SmsDeliveryReceipt(
                "twilio",
                "SM1f0e8ae6ade43cb3c0ce4525424e404f",
                SmsDeliveryReceipt.Outcome.DELIVERED,
                "delivered",
                Optional.empty()));
    assertThat(receipt.deliveryEvent()).contains(DeliveryEvent.DELIVERED);
  }

  @Test
  void a_forged_or_altered_callback_is_refused() {
    TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks("auth-token");
    String url = "https://app.example/hooks/twilio/status";
    Map<String, String> params = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");
    String signature = callbacks.sign(url, params);

    assertThatThrownBy(
            () ->
                callbacks.verifyAndParse(
                    url, Map.of("MessageSid", "SM2", "MessageStatus", "delivered"), signature))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("X-Twilio-Signature: does not match");
    assertThat(callbacks.verify(url + "?x=1", params, signature)).isFalse();
    assertThat(new TwilioStatusCallbacks("other-token").verify(url, params, signature)).isFalse();
    assertThat(callbacks.verify(url, params, null)).isFalse();
  }

  @Test
  void twilio_failures_are_undelivered_events_with_the_error_code_as_detail() {
    SmsDeliveryReceipt undelivered =
        TwilioStatusCallbacks.parse(
            Map.of("MessageSid", "SM3", "MessageStatus", "undelivered", "ErrorCode", "30003"));
    SmsDeliveryReceipt failed =
        TwilioStatusCallbacks.parse(
            Map.of("MessageSid", "SM4", "MessageStatus", "failed", "ErrorCode", "30005"));
    SmsDeliveryReceipt canceled =
        TwilioStatusCallbacks.parse(Map.of("MessageSid", "SM5", "MessageStatus", "canceled"));
    SmsDeliveryReceipt sent =
        TwilioStatusCallbacks.parse(Map.of("MessageSid", "SM3", "MessageStatus", "sent"));

    assertThat(undelivered.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.FAILED);
    assertThat(undelivered.errorCode()).contains("30003");
    assertThat(undelivered.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
    assertThat(undelivered.detail()).isEqualTo("twilio undelivered, error 30003");
    assertThat(failed.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
    assertThat(failed.detail()).isEqualTo("twilio failed, error 30005");
    assertThat(canceled.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
    assertThat(canceled.detail()).isEqualTo("twilio canceled");
    assertThat(sent.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.PENDING);
    assertThat(sent.deliveryEvent()).isEmpty();
    assertThatThrownBy(() -> TwilioStatusCallbacks.parse(Map.of("MessageStatus", "sent")))
        .hasMessage("MessageSid: is missing from the callback");
    assertThatThrownBy(
            () -> TwilioStatusCallbacks.parse(Map.of("MessageSid", "SM", "MessageStatus", "lost")))
        .hasMessageStartingWith("MessageStatus: is not a Twilio message status");
  }

  @Test
  void a_signed_undelivered_callback_fails_the_sms_and_the_engine_falls_back_to_email() {
    RecordingChannelAdapter twilio = new RecordingChannelAdapter(ChannelType.SMS, "twilio");
    RecordingChannelAdapter smtp = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    twilio.respondWith(m -> SendResult.accepted("twilio", "SM9f0e8ae6ade43cb3c0ce4525424e404f"));
    try (Communication comms =
        Communication.builder()
            .workers(0)
            .adapter(twilio)
            .adapter(smtp)
            .policy(
                DeliveryPolicy.builder()
                    .channels(ChannelType.SMS)
                    .fallback(ChannelType.SMS, ChannelType.EMAIL)
                    .build())
            .build()) {
      Recipient bob =
          new Recipient(
              "bob",
              "tenant-a",
              Map.of(ChannelType.SMS, "+14155552671", ChannelType.EMAIL, "bob@example.com"),
              Locale.ENGLISH,
              ZoneOffset.UTC);
      Receipt sent =
          comms.send(Notification.event("code").to(bob).content(Content.text("Your code: 123")));
      comms.dispatchDue();

      TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks("auth-token");
      String url = "https://app.example/hooks/twilio/status";
      Map<String, String> params =
          TwilioStatusCallbacks.formParameters(
              "MessageSid=SM9f0e8ae6ade43cb3c0ce4525424e404f&MessageStatus=undelivered"
                  + "&ErrorCode=30003&To=%2B14155552671");
      SmsDeliveryReceipt receipt =
          callbacks.verifyAndParse(url, params, callbacks.sign(url, params));
      receipt
          .deliveryEvent()
          .ifPresent(
              e ->
                  comms.trackByProviderId(
                      "tenant-a", receipt.providerMessageId(), e, receipt.detail()));
      comms.dispatchDue();

      assertThat(comms.deliveries("tenant-a", sent.messageId()))
          .extracting(Delivery::channel, Delivery::state)
          .containsExactly(
              tuple(ChannelType.SMS, DeliveryState.FAILED),
              tuple(ChannelType.EMAIL, DeliveryState.SENT));
      assertThat(comms.deliveries("tenant-a", sent.messageId()).get(0).lastError())
          .endsWith("twilio undelivered, error 30003");
      assertThat(smtp.sent())
          .singleElement()
          .satisfies(m -> assertThat(m.address()).isEqualTo("bob@example.com"));
    }
  }

  @Test
  void vonage_receipts_are_read_from_parameters_or_json() {
    SmsDeliveryReceipt delivered =
        VonageDeliveryReceipts.parse(
            Map.of(
                "msisdn", "447700900000",
                "to", "AcmeShop",
                "network-code", "23410",
                "messageId", "0C000000217B7F02",
                "status", "delivered",
                "err-code", "0",
                "client-ref", "d-1"));
    SmsDeliveryReceipt failed =
        VonageDeliveryReceipts.parseJson(
            "{\"msisdn\":\"447700900000\",\"messageId\":\"0C000000217B7F03\",\"status\":\"failed\","
                + "\"err-code\":\"6\",\"price\":\"0.0333\"}");

    assertThat(delivered.deliveryEvent()).contains(DeliveryEvent.DELIVERED);
    assertThat(delivered.errorCode()).isEmpty();
    assertThat(failed.providerMessageId()).isEqualTo("0C000000217B7F03");
    assertThat(failed.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.FAILED);
    assertThat(failed.errorCode()).contains("6");
    assertThat(failed.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
    assertThat(failed.detail()).isEqualTo("vonage failed, error 6");
    for (String status : new String[] {"expired", "rejected"}) {
      SmsDeliveryReceipt notArrived =
          VonageDeliveryReceipts.parse(
              Map.of("messageId", "0C01", "status", status, "err-code", "1"));
      assertThat(notArrived.deliveryEvent()).as(status).contains(DeliveryEvent.UNDELIVERED);
      assertThat(notArrived.detail()).isEqualTo("vonage " + status + ", error 1");
    }
    assertThat(
            VonageDeliveryReceipts.parse(Map.of("messageId", "0C02", "status", "buffered"))
                .deliveryEvent())
        .isEmpty();
    assertThatThrownBy(() -> VonageDeliveryReceipts.parseJson("[1]"))
        .hasMessage("body: must be a JSON object");
    assertThatThrownBy(() -> VonageDeliveryReceipts.parse(Map.of("status", "delivered")))
        .hasMessage("messageId: is missing from the receipt");
  }
}
