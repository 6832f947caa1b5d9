package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.memory.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mailgun's signed webhooks become email events")
class MailgunWebhooksTest {
  static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
  static final String SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
  static final String TOKEN = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";

  private final SettableClock clock = SettableClock.of(NOW);
  private final MailgunWebhooks webhooks =
      MailgunWebhooks.builder().signingKey(SIGNING_KEY).clock(clock).build();
  private final String timestamp = Long.toString(NOW.getEpochSecond() - 30);

  /** HMAC-SHA256 hex of timestamp + token, computed here independently of the class under test. */
  static String hmac(String key, String timestamp, String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String body(String signatureBlock, String eventData) {
    return "{\"signature\":" + signatureBlock + ",\"event-data\":" + eventData + "}";
  }

  static String signature(String timestamp, String token, String signature) {
    return "{\"timestamp\":\""
        + timestamp
        + "\",\"token\":\""
        + token
        + "\",\"signature\":\""
        + signature
        + "\"}";
  }

  static String event(String event, String extra) {
    return "{\"event\":\""
        + event
        + "\",\"id\":\"G9Bn5sl1TC6nu79C8C0bwg\",\"timestamp\":1740821370.1,"
        + "\"recipient\":\"ada@example.com\","
        + "\"message\":{\"headers\":{\"message-id\":\"20250301093000.1.ABCDEF@mg.shop.example\","
        + "\"to\":\"ada@example.com\",\"subject\":\"Paid\"}}"
        + extra
        + "}";
  }

  private String signed(String eventData) {
    return body(signature(timestamp, TOKEN, hmac(SIGNING_KEY, timestamp, TOKEN)), eventData);
  }

  @Test
  void a_signed_permanent_failure_is_an_undelivered_event_with_the_adapters_message_id() {
    EmailEvent failed =
        webhooks.verifyAndParse(
            signed(
                event(
                    "failed",
                    ",\"severity\":\"permanent\",\"reason\":\"bounce\",\"delivery-status\":{"
                        + "\"code\":550,\"message\":\"5.1.1 The email account does not exist\","
                        + "\"description\":\"\",\"attempt-no\":1}")));

    assertThat(failed)
        .isEqualTo(
            new EmailEvent(
                "mailgun",
                "20250301093000.1.ABCDEF@mg.shop.example",
                EmailEvent.Kind.FAILED,
                "failed",
                Optional.of("5.1.1 The email account does not exist"),
                Optional.of("550")));
    assertThat(failed.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
    assertThat(failed.detail())
        .isEqualTo("mailgun failed 550: 5.1.1 The email account does not exist");
  }

  @Test
  void each_event_type_maps_to_its_kind_and_delivery_event() {
    record Case(String event, String extra, EmailEvent.Kind kind, DeliveryEvent delivery) {}
    Case[] cases = {
      new Case(
          "delivered",
          ",\"delivery-status\":{\"code\":250,\"message\":\"OK\"}",
          EmailEvent.Kind.DELIVERED,
          DeliveryEvent.DELIVERED),
      new Case(
          "failed",
          ",\"severity\":\"temporary\",\"reason\":\"generic\",\"delivery-status\":{\"code\":452}",
          EmailEvent.Kind.DEFERRED,
          null),
      new Case("opened", "", EmailEvent.Kind.OPENED, DeliveryEvent.READ),
      new Case("clicked", ",\"url\":\"https://shop.example\"", EmailEvent.Kind.CLICKED, null),
      new Case("complained", "", EmailEvent.Kind.COMPLAINED, null),
      new Case("unsubscribed", "", EmailEvent.Kind.UNSUBSCRIBED, null),
      new Case("accepted", "", EmailEvent.Kind.ACCEPTED, null),
      new Case(
          "rejected",
          ",\"reject\":{\"reason\":\"no\"}",
          EmailEvent.Kind.FAILED,
          DeliveryEvent.UNDELIVERED),
      new Case("stored", "", EmailEvent.Kind.OTHER, null),
    };
    for (Case c : cases) {
      EmailEvent e = webhooks.verifyAndParse(signed(event(c.event(), c.extra())));
      assertThat(e.kind()).as(c.event()).isEqualTo(c.kind());
      assertThat(e.deliveryEvent()).as(c.event()).isEqualTo(Optional.ofNullable(c.delivery()));
      assertThat(e.providerEvent()).isEqualTo(c.event());
      assertThat(e.providerMessageId()).isEqualTo("20250301093000.1.ABCDEF@mg.shop.example");
    }
    assertThat(
            webhooks
                .verifyAndParse(
                    signed(
                        event(
                            "delivered", ",\"delivery-status\":{\"code\":250,\"message\":\"OK\"}")))
                .detail())
        .isEqualTo("mailgun delivered 250: OK");
    assertThat(webhooks.verifyAndParse(signed(event("opened", ""))).detail())
        .isEqualTo("mailgun opened");
  }

  @Test
  void angle_brackets_around_the_message_id_are_dropped_as_the_adapter_drops_them() {
    String data =
        event("opened", "")
            .replace("\"20250301093000.1.ABCDEF@mg.shop.example\"", "\"<x.1@mg.shop.example>\"");

    assertThat(webhooks.verifyAndParse(signed(data)).providerMessageId())
        .isEqualTo("x.1@mg.shop.example");
    assertThat(MailgunWebhooks.messageId(" <a@b> ")).isEqualTo("a@b");
    assertThat(MailgunWebhooks.messageId("a@b")).isEqualTo("a@b");
  }

  @Test
  void a_wrong_key_tampered_values_or_missing_signature_are_refused() {
    String good = hmac(SIGNING_KEY, timestamp, TOKEN);
    String data = event("delivered", "");

    assertThatThrownBy(
            () ->
                webhooks.verifyAndParse(
                    body(signature(timestamp, TOKEN, hmac("key-other", timestamp, TOKEN)), data)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("signature.signature: does not match");
    assertThatThrownBy(
            () -> webhooks.verifyAndParse(body(signature(timestamp, TOKEN + "x", good), data)))
        .hasMessageStartingWith("signature.signature: does not match");
    String later = Long.toString(NOW.getEpochSecond() - 29);
    assertThatThrownBy(() -> webhooks.verifyAndParse(body(signature(later, TOKEN, good), data)))
        .hasMessageStartingWith("signature.signature: does not match");
    assertThatThrownBy(() -> webhooks.verifyAndParse(body(signature(timestamp, TOKEN, ""), data)))
        .hasMessageStartingWith("signature.signature: does not match");
    assertThatThrownBy(() -> webhooks.verifyAndParse(body(signature(timestamp, "", good), data)))
        .hasMessage("signature.token: is missing");
    assertThatThrownBy(() -> webhooks.verifyAndParse("{\"event-data\":" + data + "}"))
        .hasMessage("signature: is missing from the body");
    assertThatThrownBy(
            () -> webhooks.verifyAndParse("{\"signature\":\"abc\",\"event-data\":" + data + "}"))
        .hasMessage("signature: is missing from the body");
    // Hex case does not matter.
    assertThat(
            webhooks
                .verifyAndParse(
                    body(signature(timestamp, TOKEN, good.toUpperCase(Locale.ROOT)), data))
                .kind())
        .isEqualTo(EmailEvent.Kind.DELIVERED);
  }

  @Test
  void a_subaccounts_parent_signature_made_with_this_key_is_accepted() {
    String block =
        "{\"timestamp\":\""
            + timestamp
            + "\",\"token\":\""
            + TOKEN
            + "\",\"signature\":\""
            + hmac("key-subaccount", timestamp, TOKEN)
            + "\",\"parent-signature\":\""
            + hmac(SIGNING_KEY, timestamp, TOKEN)
            + "\"}";

    assertThat(webhooks.verifyAndParse(body(block, event("delivered", ""))).kind())
        .isEqualTo(EmailEvent.Kind.DELIVERED);
  }

  @Test
  void a_stale_future_or_malformed_timestamp_is_refused() {
    String old = Long.toString(NOW.getEpochSecond() - 301);
    String ahead = Long.toString(NOW.getEpochSecond() + 301);
    String data = event("delivered", "");

    assertThatThrownBy(
            () ->
                webhooks.verifyAndParse(
                    body(signature(old, TOKEN, hmac(SIGNING_KEY, old, TOKEN)), data)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("signature.timestamp: 301 s old, more than the tolerance of 300 s");
    assertThatThrownBy(
            () ->
                webhooks.verifyAndParse(
                    body(signature(ahead, TOKEN, hmac(SIGNING_KEY, ahead, TOKEN)), data)))
        .hasMessage("signature.timestamp: 301 s in the future, more than the tolerance of 300 s");
    assertThatThrownBy(
            () ->
                webhooks.verifyAndParse(
                    body(
                        signature("yesterday", TOKEN, hmac(SIGNING_KEY, "yesterday", TOKEN)),
                        data)))
        .hasMessage("signature.timestamp: must be whole seconds since the epoch, was 'yesterday'");

    clock.advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> webhooks.verifyAndParse(signed(data)))
        .hasMessage("signature.timestamp: 390 s old, more than the tolerance of 300 s");
    MailgunWebhooks lenient =
        MailgunWebhooks.builder()
            .signingKey(SIGNING_KEY)
            .clock(clock)
            .tolerance(Duration.ofMinutes(10))
            .build();
    assertThat(lenient.verifyAndParse(signed(data)).kind()).isEqualTo(EmailEvent.Kind.DELIVERED);
  }

  @Test
  void a_malformed_body_is_refused_naming_the_field() {
    assertThatThrownBy(() -> parse("<xml/>"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("body: is not JSON");
    assertThatThrownBy(() -> parse("[]")).hasMessage("body: must be a JSON object");
    assertThatThrownBy(() -> parse("{}")).hasMessage("event-data: is missing from the body");
    assertThatThrownBy(() -> parse("{\"event-data\":{\"message\":{}}}"))
        .hasMessage("event-data.event: is missing from the event");
    assertThatThrownBy(() -> parse("{\"event-data\":{\"event\":\"delivered\"}}"))
        .hasMessage("event-data.message.headers.message-id: is missing from the event");
    assertThatThrownBy(
            () -> parse("{\"event-data\":{\"event\":\"delivered\",\"message\":{\"headers\":{}}}}"))
        .hasMessage("event-data.message.headers.message-id: is missing from the event");
    assertThatThrownBy(() -> parse(body("{}", event("failed", ""))))
        .hasMessage("event-data.severity: is missing from the event");
    assertThatThrownBy(() -> parse(body("{}", event("failed", ",\"severity\":\"bad\""))))
        .hasMessage("event-data.severity: must be permanent or temporary, was 'bad'");
    // A valid signature does not excuse a malformed event.
    assertThatThrownBy(() -> webhooks.verifyAndParse(signed("{\"event\":\"delivered\"}")))
        .hasMessage("event-data.message.headers.message-id: is missing from the event");
  }

  @Test
  void the_signing_key_is_required_and_never_shown() {
    assertThatThrownBy(() -> MailgunWebhooks.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("signingKey: must not be null or blank, was null");
    assertThatThrownBy(() -> MailgunWebhooks.builder().signingKey("key with space").build())
        .hasMessage("signingKey: must not contain spaces or control characters");
    assertThatThrownBy(
            () -> MailgunWebhooks.builder().signingKey(SIGNING_KEY).tolerance(null).build())
        .hasMessage("tolerance: must be positive, was null");
    assertThat(webhooks.toString())
        .isEqualTo("MailgunWebhooks[signingKey=key-****, tolerance=PT5M]")
        .doesNotContain(SIGNING_KEY);
    assertThat(webhooks.sign(timestamp, TOKEN)).isEqualTo(hmac(SIGNING_KEY, timestamp, TOKEN));
  }

  private static EmailEvent parse(String body) {
    return MailgunWebhooks.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
