package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.communicable.InvalidRequestException;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.memory.SettableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SendGrid's signed Event Webhook becomes email events")
class SendGridEventWebhookTest {
  static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");

  static final String BATCH =
      """
      [
        {"email":"ada@example.com","timestamp":1740821400,"event":"processed",
         "sg_event_id":"ev-1","sg_message_id":"W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-6b9f-1-67C2D0F0-4.0",
         "communicable_delivery_id":"d-1"},
        {"email":"ada@example.com","timestamp":1740821401,"event":"delivered","response":"250 OK",
         "sg_event_id":"ev-2","sg_message_id":"W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-6b9f-1-67C2D0F0-4.0"},
        {"email":"bob@example.com","timestamp":1740821402,"event":"bounce","type":"bounce",
         "status":"5.1.1","reason":"550 5.1.1 The email account that you tried to reach does not exist",
         "sg_event_id":"ev-3","sg_message_id":"euo2iKxdSayPF4YE4--I7A.recvd-5f54b5d587-pczjm-1-67BADEEA-6.0"},
        {"email":"cy@example.com","timestamp":1740821403,"event":"bounce","type":"blocked",
         "reason":"unable to get mx info","sg_event_id":"ev-4","sg_message_id":"Blk1.filter-1"},
        {"email":"di@example.com","timestamp":1740821404,"event":"dropped","reason":"Bounced Address",
         "status":"5.0.0","sg_event_id":"ev-5","sg_message_id":"Drp1.filter-1"},
        {"email":"ed@example.com","timestamp":1740821405,"event":"deferred","response":"400 try again later",
         "attempt":"5","sg_event_id":"ev-6","sg_message_id":"Dfr1.filter-1"},
        {"email":"ada@example.com","timestamp":1740821406,"event":"open","sg_machine_open":false,
         "sg_event_id":"ev-7","sg_message_id":"W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-6b9f-1-67C2D0F0-4.0"},
        {"email":"ada@example.com","timestamp":1740821407,"event":"click","url":"https://shop.example/o/1",
         "sg_event_id":"ev-8","sg_message_id":"W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-6b9f-1-67C2D0F0-4.0"},
        {"email":"fe@example.com","timestamp":1740821408,"event":"spamreport","sg_event_id":"ev-9",
         "sg_message_id":"Spm1.filter-1"},
        {"email":"fe@example.com","timestamp":1740821409,"event":"unsubscribe","sg_event_id":"ev-10",
         "sg_message_id":"Uns1.filter-1"},
        {"email":"fe@example.com","timestamp":1740821410,"event":"group_unsubscribe","asm_group_id":7,
         "sg_event_id":"ev-11","sg_message_id":"Uns2.filter-1"},
        {"email":"fe@example.com","timestamp":1740821411,"event":"group_resubscribe","asm_group_id":7,
         "sg_event_id":"ev-12","sg_message_id":"Uns2.filter-1"},
        {"timestamp":1740821412,"event":"account_status_change","type":"compliance_suspend",
         "sg_event_id":"ev-13"},
        {"email":"ada@example.com","timestamp":1740821413,"event":"something_new",
         "sg_event_id":"ev-14","sg_message_id":"W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-6b9f-1-67C2D0F0-4.0"}
      ]
      """;

  /** Stands in for SendGrid: an EC key pair on P-256 and the signing SendGrid documents. */
  static final class Signer {
    final KeyPair keys;

    Signer() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** The verification key as SendGrid shows it: Base64 of the DER SubjectPublicKeyInfo. */
    String publicKey() {
      return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    String sign(String timestamp, byte[] body) {
      try {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(keys.getPrivate());
        ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
        ecdsa.update(body);
        return Base64.getEncoder().encodeToString(ecdsa.sign());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Signer sendGrid = new Signer();
  private final SettableClock clock = SettableClock.of(NOW);
  private final SendGridEventWebhook webhook =
      SendGridEventWebhook.builder().publicKey(sendGrid.publicKey()).clock(clock).build();
  private final String timestamp = Long.toString(NOW.getEpochSecond() - 20);

  @Test
  void a_signed_batch_is_read_event_by_event_with_the_id_the_adapter_recorded() {
    byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);

    List<EmailEvent> events =
        webhook.verifyAndParse(sendGrid.sign(timestamp, body), timestamp, body);

    assertThat(events)
        .extracting(
            EmailEvent::providerMessageId,
            EmailEvent::kind,
            EmailEvent::providerEvent,
            e -> e.deliveryEvent().orElse(null))
        .containsExactly(
            tuple("W2Z5VsWTQ2K5ku-2sEdsLQ", EmailEvent.Kind.ACCEPTED, "processed", null),
            tuple(
                "W2Z5VsWTQ2K5ku-2sEdsLQ",
                EmailEvent.Kind.DELIVERED,
                "delivered",
                DeliveryEvent.DELIVERED),
            tuple(
                "euo2iKxdSayPF4YE4--I7A",
                EmailEvent.Kind.FAILED,
                "bounce",
                DeliveryEvent.UNDELIVERED),
            tuple("Blk1", EmailEvent.Kind.FAILED, "bounce", DeliveryEvent.UNDELIVERED),
            tuple("Drp1", EmailEvent.Kind.FAILED, "dropped", DeliveryEvent.UNDELIVERED),
            tuple("Dfr1", EmailEvent.Kind.DEFERRED, "deferred", null),
            tuple("W2Z5VsWTQ2K5ku-2sEdsLQ", EmailEvent.Kind.OPENED, "open", DeliveryEvent.READ),
            tuple("W2Z5VsWTQ2K5ku-2sEdsLQ", EmailEvent.Kind.CLICKED, "click", null),
            tuple("Spm1", EmailEvent.Kind.COMPLAINED, "spamreport", null),
            tuple("Uns1", EmailEvent.Kind.UNSUBSCRIBED, "unsubscribe", null),
            tuple("Uns2", EmailEvent.Kind.UNSUBSCRIBED, "group_unsubscribe", null),
            tuple("Uns2", EmailEvent.Kind.OTHER, "group_resubscribe", null),
            tuple("W2Z5VsWTQ2K5ku-2sEdsLQ", EmailEvent.Kind.OTHER, "something_new", null));
    assertThat(events.get(0).provider()).isEqualTo("sendgrid");
    assertThat(events.get(2))
        .isEqualTo(
            new EmailEvent(
                "sendgrid",
                "euo2iKxdSayPF4YE4--I7A",
                EmailEvent.Kind.FAILED,
                "bounce",
                Optional.of("550 5.1.1 The email account that you tried to reach does not exist"),
                Optional.of("5.1.1")));
    assertThat(events.get(2).detail())
        .isEqualTo(
            "sendgrid bounce 5.1.1: 550 5.1.1 The email account that you tried to reach does not"
                + " exist");
    assertThat(events.get(3).detail()).isEqualTo("sendgrid bounce: blocked: unable to get mx info");
    assertThat(events.get(4).detail()).isEqualTo("sendgrid dropped 5.0.0: Bounced Address");
    assertThat(events.get(1).detail()).isEqualTo("sendgrid delivered: 250 OK");
    assertThat(events.get(6).detail()).isEqualTo("sendgrid open");
  }

  @Test
  void the_body_may_be_given_as_text() {
    String body =
        "[{\"event\":\"open\",\"email\":\"zoë@example.com\",\"sg_message_id\":\"Ab.filter\"}]";
    String signature = sendGrid.sign(timestamp, body.getBytes(StandardCharsets.UTF_8));

    assertThat(webhook.verifyAndParse(signature, timestamp, body))
        .singleElement()
        .satisfies(e -> assertThat(e.deliveryEvent()).contains(DeliveryEvent.READ));
  }

  @Test
  void an_altered_body_or_timestamp_or_another_key_is_refused() {
    byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);
    String signature = sendGrid.sign(timestamp, body);
    byte[] altered =
        BATCH
            .replace("\"bounce\",\"type\":\"bounce\"", "\"delivered\",\"type\":\"bounce\"")
            .getBytes(StandardCharsets.UTF_8);
    String otherTime = Long.toString(NOW.getEpochSecond() - 19);
    SendGridEventWebhook otherKey =
        SendGridEventWebhook.builder().publicKey(new Signer().publicKey()).clock(clock).build();

    assertThat(altered).isNotEqualTo(body);
    assertThatThrownBy(() -> webhook.verifyAndParse(signature, timestamp, altered))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("X-Twilio-Email-Event-Webhook-Signature: does not match");
    assertThatThrownBy(() -> webhook.verify(signature, otherTime, body))
        .hasMessageStartingWith("X-Twilio-Email-Event-Webhook-Signature: does not match");
    assertThatThrownBy(() -> otherKey.verify(signature, timestamp, body))
        .hasMessageStartingWith("X-Twilio-Email-Event-Webhook-Signature: does not match");
  }

  @Test
  void a_missing_or_malformed_signature_is_refused_naming_the_header() {
    byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> webhook.verify(null, timestamp, body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("X-Twilio-Email-Event-Webhook-Signature: is missing");
    assertThatThrownBy(() -> webhook.verify("not base64!", timestamp, body))
        .hasMessage("X-Twilio-Email-Event-Webhook-Signature: is not Base64");
    // Base64, but not a DER ECDSA signature
    assertThatThrownBy(() -> webhook.verify("AAAA", timestamp, body))
        .hasMessageStartingWith("X-Twilio-Email-Event-Webhook-Signature: does not match");
  }

  @Test
  void a_stale_future_missing_or_malformed_timestamp_is_refused() {
    byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);
    String old = Long.toString(NOW.getEpochSecond() - 301);
    String ahead = Long.toString(NOW.getEpochSecond() + 301);
    String edge = Long.toString(NOW.getEpochSecond() - 300);

    assertThatThrownBy(() -> webhook.verify(sendGrid.sign(old, body), old, body))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "X-Twilio-Email-Event-Webhook-Timestamp: 301 s old, more than the tolerance of 300 s");
    assertThatThrownBy(() -> webhook.verify(sendGrid.sign(ahead, body), ahead, body))
        .hasMessage(
            "X-Twilio-Email-Event-Webhook-Timestamp: 301 s in the future, more than the tolerance"
                + " of 300 s");
    assertThatThrownBy(() -> webhook.verify(sendGrid.sign("", body), null, body))
        .hasMessage("X-Twilio-Email-Event-Webhook-Timestamp: is missing");
    assertThatThrownBy(() -> webhook.verify(sendGrid.sign("soon", body), "soon", body))
        .hasMessage(
            "X-Twilio-Email-Event-Webhook-Timestamp: must be whole seconds since the epoch, was"
                + " 'soon'");
    webhook.verify(sendGrid.sign(edge, body), edge, body);

    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> webhook.verify(sendGrid.sign(edge, body), edge, body))
        .hasMessageStartingWith("X-Twilio-Email-Event-Webhook-Timestamp: 900 s old");
    SendGridEventWebhook lenient =
        SendGridEventWebhook.builder()
            .publicKey(sendGrid.publicKey())
            .clock(clock)
            .tolerance(Duration.ofMinutes(15))
            .build();
    lenient.verify(sendGrid.sign(edge, body), edge, body);
  }

  @Test
  void a_body_that_is_not_an_array_of_events_is_refused_naming_the_field() {
    assertThatThrownBy(() -> parse("not json"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("body: is not JSON");
    assertThatThrownBy(() -> parse("")).hasMessage("body: is empty");
    assertThatThrownBy(() -> parse("{\"event\":\"open\"}"))
        .hasMessage("body: must be a JSON array of events");
    assertThatThrownBy(() -> parse("[] []")).hasMessage("body: is not JSON");
    assertThatThrownBy(() -> parse("[1]")).hasMessage("body[0]: must be a JSON object");
    assertThatThrownBy(
            () -> parse("[{\"event\":\"open\",\"sg_message_id\":\"a\"},{\"email\":\"x\"}]"))
        .hasMessage("body[1].event: is missing from the event");
    assertThatThrownBy(() -> parse("[{\"event\":\"bounce\",\"sg_message_id\":\" \"}]"))
        .hasMessage("body[0].sg_message_id: is missing from the event");
    assertThatThrownBy(() -> parse("[{\"event\":\"bounce\",\"sg_message_id\":{\"a\":1}}]"))
        .hasMessage("body[0].sg_message_id: is missing from the event");
    assertThat(parse("[]")).isEmpty();
  }

  @Test
  void a_signed_but_malformed_body_is_refused_after_the_signature_check() {
    byte[] body = "[{\"event\":\"open\"}]".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> webhook.verifyAndParse(sendGrid.sign(timestamp, body), timestamp, body))
        .hasMessage("body[0].sg_message_id: is missing from the event");
  }

  @Test
  void the_message_id_is_what_precedes_sendgrids_suffix() {
    assertThat(
            SendGridEventWebhook.messageId(
                "W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-p3mdw1-1-5F5FC76C-9.0"))
        .isEqualTo("W2Z5VsWTQ2K5ku-2sEdsLQ");
    assertThat(
            SendGridEventWebhook.messageId("euo2iKxdSayPF4YE4--I7A.recvd-5f54b5d587-pczjm-1-6.0"))
        .isEqualTo("euo2iKxdSayPF4YE4--I7A");
    // The older form, whose X-Message-Id itself held dots.
    assertThat(
            SendGridEventWebhook.messageId("14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"))
        .isEqualTo("14c5d75ce93.dfd.64b469");
    assertThat(SendGridEventWebhook.messageId("Plain_Id-1")).isEqualTo("Plain_Id-1");
    assertThat(SendGridEventWebhook.messageId("Abc.xyz.0")).isEqualTo("Abc");
  }

  @Test
  void the_public_key_must_be_base64_der_of_a_p256_key() throws Exception {
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + sendGrid.publicKey().substring(0, 40)
            + "\n"
            + sendGrid.publicKey().substring(40)
            + "\n-----END PUBLIC KEY-----\n";

    assertThatThrownBy(() -> SendGridEventWebhook.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("publicKey: must not be blank");
    assertThatThrownBy(() -> SendGridEventWebhook.builder().publicKey("%%%").build())
        .hasMessage("publicKey: is not Base64");
    assertThatThrownBy(() -> SendGridEventWebhook.builder().publicKey("AAAA").build())
        .hasMessage("publicKey: is not a DER SubjectPublicKeyInfo of an EC public key");
    assertThatThrownBy(
            () ->
                SendGridEventWebhook.builder()
                    .publicKey(encode(rsa.generateKeyPair().getPublic().getEncoded()))
                    .build())
        .hasMessage("publicKey: is not a DER SubjectPublicKeyInfo of an EC public key");
    assertThatThrownBy(
            () ->
                SendGridEventWebhook.builder()
                    .publicKey(encode(p384.generateKeyPair().getPublic().getEncoded()))
                    .build())
        .hasMessage("publicKey: must be a key on curve P-256 (secp256r1)");
    assertThatThrownBy(
            () ->
                SendGridEventWebhook.builder()
                    .publicKey(sendGrid.publicKey())
                    .tolerance(Duration.ZERO)
                    .build())
        .hasMessage("tolerance: must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                SendGridEventWebhook.builder().publicKey(sendGrid.publicKey()).clock(null).build())
        .hasMessage("clock: must not be null");

    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    SendGridEventWebhook fromPem =
        SendGridEventWebhook.builder().publicKey(pem).clock(clock).build();
    fromPem.verify(sendGrid.sign(timestamp, body), timestamp, body);
    assertThat(fromPem.toString())
        .startsWith("SendGridEventWebhook[publicKey=P-256 ...")
        .endsWith(", tolerance=PT5M]")
        .doesNotContain(sendGrid.publicKey());
  }

  private static List<EmailEvent> parse(String body) {
    return SendGridEventWebhook.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(byte[] der) {
    return Base64.getEncoder().encodeToString(der);
  }
}
