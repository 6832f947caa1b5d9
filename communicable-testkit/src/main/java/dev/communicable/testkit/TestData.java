package dev.communicable.testkit;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.Route;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Test data for stores, adapters and engines: builders already filled in with sensible values, so a
 * test sets only what it is about.
 *
 * <pre>{@code
 * Message message = TestData.message(tenant).idempotencyKey("invoice-7-paid").build();
 * Delivery sms = TestData.delivery(message).route(TestData.route(recipient, ChannelType.SMS)).build();
 * OutboundMessage text = TestData.outbound(ChannelType.SMS, "+15550001111").build();
 * }</pre>
 *
 * <p>Every time is a whole millisecond ({@link #T0} and what a test adds to it), so that stores
 * with microsecond precision (PostgreSQL) read back exactly what was written. Every id is random,
 * so values made for different tests never collide.
 */
public final class TestData {
  /** The base time of test data: 2026-03-01T10:00:00Z. */
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** The recipient of test messages unless a test names another. */
  public static final String RECIPIENT_ID = "user-1";

  /** The phone number of every test recipient, in E.164. */
  public static final String PHONE = "+15550001111";

  /** The locale of every test recipient: French (Canada), so that locale mix-ups show. */
  public static final Locale LOCALE = Locale.forLanguageTag("fr-CA");

  /** The time zone of every test recipient: not UTC, so that time-zone mix-ups show. */
  public static final ZoneId TIME_ZONE = ZoneId.of("America/Montreal");

  private TestData() {}

  /** A tenant id unique to one test, so that tests never see each other's rows. */
  public static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The recipient {@value #RECIPIENT_ID} of {@code tenant}: see {@link #recipient(String, String)}.
   */
  public static Recipient recipient(String tenant) {
    return recipient(tenant, RECIPIENT_ID);
  }

  /**
   * A recipient of {@code tenant} reachable by email at {@code <id>@example.com} and by SMS at
   * {@link #PHONE}, in {@link #LOCALE} and {@link #TIME_ZONE}.
   */
  public static Recipient recipient(String tenant, String id) {
    return new Recipient(
        id,
        tenant,
        Map.of(ChannelType.EMAIL, id + "@example.com", ChannelType.SMS, PHONE),
        LOCALE,
        TIME_ZONE);
  }

  /** Where {@code recipient} is reached on {@code channel}; it must have an address there. */
  public static Route route(Recipient recipient, ChannelType channel) {
    String address =
        recipient
            .address(channel)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "recipient " + recipient.id() + " has no address on " + channel));
    return new Route(recipient.id(), channel, address, recipient.locale(), recipient.timeZone());
  }

  /**
   * A message of {@code tenant}, ready to build: a random id; event {@code "invoice.paid"}, topic
   * {@code "billing"}; from {@code "sender-1"}; template {@code "invoice-paid"}; data {@code
   * amount=42.00, currency=EUR}; metadata {@code replyTo=billing@example.com}; NORMAL priority; no
   * idempotency key; to {@link #recipient(String) user-1}; created and due at {@link #T0}; never
   * expiring.
   */
  public static Message.Builder message(String tenant) {
    return Message.builder()
        .id(new MessageId(UUID.randomUUID()))
        .tenantId(tenant)
        .event("invoice.paid")
        .topic("billing")
        .senderId("sender-1")
        .templateId("invoice-paid")
        .data(Map.of("amount", "42.00", "currency", "EUR"))
        .metadata(Map.of("replyTo", "billing@example.com"))
        .recipients(List.of(recipient(tenant)))
        .createdAt(T0)
        .sendAt(T0);
  }

  /**
   * A delivery of {@code message}, ready to build: a random id; by email to the message's first
   * recipient ({@link #recipient(String) user-1} of its tenant when it names none); the message's
   * topic and priority; QUEUED, no attempts, due when the message is; created when the message was;
   * SMS as its fallback; not an escalation.
   */
  public static Delivery.Builder delivery(Message message) {
    Recipient to =
        message.recipients().isEmpty()
            ? recipient(message.tenantId())
            : message.recipients().get(0);
    return Delivery.builder()
        .id(new DeliveryId(UUID.randomUUID()))
        .tenantId(message.tenantId())
        .messageId(message.id())
        .route(route(to, ChannelType.EMAIL))
        .topic(message.topic())
        .priority(message.priority())
        .scheduledAt(message.sendAt())
        .createdAt(message.createdAt())
        .fallbacks(List.of(ChannelType.SMS));
  }

  /** {@code message} with one {@linkplain #delivery(Message) email delivery} per recipient. */
  public static NewMessage newMessage(Message message) {
    List<Delivery> deliveries = new ArrayList<>();
    for (Recipient r : message.recipients()) {
      deliveries.add(delivery(message).route(route(r, ChannelType.EMAIL)).build());
    }
    return new NewMessage(message, deliveries);
  }

  /** {@code delivery} as a store first holds it: version 0, no lease. */
  public static StoredDelivery stored(Delivery delivery) {
    return StoredDelivery.created(delivery);
  }

  /** An {@linkplain #outbound(ChannelType, String) outbound message} by email to user-1. */
  public static OutboundMessage.Builder outbound() {
    return outbound(ChannelType.EMAIL, RECIPIENT_ID + "@example.com");
  }

  /**
   * An outbound message on {@code channel} to {@code address}, ready to build: random delivery and
   * message ids (the delivery id is the idempotency key); tenant {@code "tenant-a"}, recipient
   * {@value #RECIPIENT_ID}; English; the text {@code "Amount: 42.00"}; data {@code amount=42.00};
   * no metadata; the first attempt; NORMAL priority; topic {@code "billing"}.
   */
  public static OutboundMessage.Builder outbound(ChannelType channel, String address) {
    return OutboundMessage.builder()
        .deliveryId(new DeliveryId(UUID.randomUUID()))
        .messageId(new MessageId(UUID.randomUUID()))
        .tenantId("tenant-a")
        .channel(channel)
        .recipientId(RECIPIENT_ID)
        .address(address)
        .locale(Locale.ENGLISH)
        .content(Content.text("Amount: 42.00"))
        .data(Map.of("amount", "42.00"))
        .topic("billing");
  }
}
