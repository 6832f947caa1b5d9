package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.delivery.DeliveryEvent;
import java.util.LinkedHashMap;
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
  void twilio_failures_carry_the_error_code_and_no_event() {
    SmsDeliveryReceipt undelivered =
        TwilioStatusCallbacks.parse(
            Map.of("MessageSid", "SM3", "MessageStatus", "undelivered", "ErrorCode", "30003"));
    SmsDeliveryReceipt sent =
        TwilioStatusCallbacks.parse(Map.of("MessageSid", "SM3", "MessageStatus", "sent"));

    assertThat(undelivered.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.FAILED);
    assertThat(undelivered.errorCode()).contains("30003");
    assertThat(undelivered.deliveryEvent()).isEmpty();
    assertThat(sent.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.PENDING);
    assertThatThrownBy(() -> TwilioStatusCallbacks.parse(Map.of("MessageStatus", "sent")))
        .hasMessage("MessageSid: is missing from the callback");
    assertThatThrownBy(
            () -> TwilioStatusCallbacks.parse(Map.of("MessageSid", "SM", "MessageStatus", "lost")))
        .hasMessageStartingWith("MessageStatus: is not a Twilio message status");
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
    assertThatThrownBy(() -> VonageDeliveryReceipts.parseJson("[1]"))
        .hasMessage("body: must be a JSON object");
    assertThatThrownBy(() -> VonageDeliveryReceipts.parse(Map.of("status", "delivered")))
        .hasMessage("messageId: is missing from the receipt");
  }
}
