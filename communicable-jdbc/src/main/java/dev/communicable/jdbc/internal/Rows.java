package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_EVENTS;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Contact;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Route;
import dev.communicable.delivery.StateChange;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryAttemptsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryEventsRecord;
import dev.communicable.spi.Lease;
import dev.communicable.spi.StoredDelivery;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/** Maps deliveries, attempts and timeline entries to rows and back. */
final class Rows {
  private Rows() {}

  /** Priorities as stored: numeric, so the queue orders by them (higher first). */
  static short priority(Priority priority) {
    return switch (priority) {
      case NORMAL -> 0;
      case HIGH -> 1;
      case CRITICAL -> 2;
    };
  }

  static Priority priority(short stored) {
    return switch (stored) {
      case 0 -> Priority.NORMAL;
      case 1 -> Priority.HIGH;
      case 2 -> Priority.CRITICAL;
      default -> throw new IllegalStateException("stored priority out of range: " + stored);
    };
  }

  /**
   * When the delivery is due, its place in the queue: null once it is finished. A SENDING delivery
   * keeps it, so that once its lease ({@code lease_until}) runs out it is taken over in that place
   * (see {@link Claim#claimable}).
   */
  static @Nullable Instant dueAt(Delivery d) {
    return switch (d.state()) {
      case QUEUED, SENDING -> d.scheduledAt();
      default -> null;
    };
  }

  static String fallbacks(List<ChannelType> fallbacks) {
    StringBuilder text = new StringBuilder();
    for (ChannelType c : fallbacks) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(c.name());
    }
    return text.toString();
  }

  static List<ChannelType> fallbacks(@Nullable String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    List<ChannelType> list = new ArrayList<>();
    for (String name : stored.split(",")) {
      list.add(ChannelType.of(name));
    }
    return list;
  }

  /** The row of a new delivery (enqueued, or a follow-up): version 0, no lease. */
  static DeliveriesRecord record(Delivery d) {
    DeliveriesRecord r = new DeliveriesRecord();
    put(d, r::set);
    return r;
  }

  /** Puts the columns of a new delivery row for {@code d}: into a record, or a row of values. */
  static void put(Delivery d, Columns.Put r) {
    Route route = d.route();
    r.put(DELIVERIES.ID, d.id().value());
    r.put(DELIVERIES.TENANT_ID, d.tenantId());
    r.put(DELIVERIES.MESSAGE_ID, d.messageId().value());
    r.put(DELIVERIES.RECIPIENT_ID, route.recipientId());
    r.put(DELIVERIES.CHANNEL, route.channel().name());
    r.put(DELIVERIES.ADDRESS, route.address());
    r.put(DELIVERIES.LOCALE, route.locale().toLanguageTag());
    r.put(DELIVERIES.TIME_ZONE, route.timeZone().getId());
    r.put(DELIVERIES.TOPIC, d.topic());
    r.put(DELIVERIES.PRIORITY, priority(d.priority()));
    r.put(DELIVERIES.STATUS, d.state().name());
    r.put(DELIVERIES.ATTEMPTS, d.attempts());
    r.put(DELIVERIES.SCHEDULED_AT, d.scheduledAt());
    r.put(DELIVERIES.EXPIRES_AT, d.expiresAt());
    r.put(DELIVERIES.CREATED_AT, d.createdAt());
    r.put(DELIVERIES.UPDATED_AT, d.updatedAt());
    r.put(DELIVERIES.VERSION, 0L);
    r.put(DELIVERIES.TAKEOVERS, 0);
    r.put(DELIVERIES.LEASE_OWNER, null);
    r.put(DELIVERIES.LEASE_UNTIL, null);
    r.put(DELIVERIES.DUE_AT, dueAt(d));
    r.put(DELIVERIES.CLAIMED_FROM, null);
    r.put(DELIVERIES.FALLBACKS, fallbacks(d.fallbacks()));
    r.put(DELIVERIES.ESCALATION_OF, d.escalationOf() == null ? null : d.escalationOf().value());
    r.put(DELIVERIES.PROVIDER_MESSAGE_ID, d.providerMessageId());
    r.put(DELIVERIES.LAST_ERROR, d.lastError());
    r.put(DELIVERIES.CONTACT_ROLE, d.contact() == null ? null : d.contact().role());
    r.put(DELIVERIES.CONTACT_ID, d.contact() == null ? null : d.contact().id());
  }

  /** A delivery row as the store holds it: the delivery, its version and its lease. */
  static StoredDelivery stored(Record row) {
    DeliveriesRecord r = row.into(DELIVERIES);
    Delivery delivery =
        Delivery.builder()
            .id(new DeliveryId(r.getId()))
            .tenantId(r.getTenantId())
            .messageId(new MessageId(r.getMessageId()))
            .route(
                new Route(
                    r.getRecipientId(),
                    ChannelType.of(r.getChannel()),
                    r.getAddress(),
                    Locale.forLanguageTag(r.getLocale()),
                    ZoneId.of(r.getTimeZone())))
            .topic(r.getTopic())
            .priority(priority(r.getPriority()))
            .state(DeliveryState.valueOf(r.getStatus()))
            .attempts(r.getAttempts())
            .scheduledAt(r.getScheduledAt())
            .expiresAt(r.getExpiresAt())
            .createdAt(r.getCreatedAt())
            .updatedAt(r.getUpdatedAt())
            .fallbacks(fallbacks(r.getFallbacks()))
            .escalationOf(r.getEscalationOf() == null ? null : new DeliveryId(r.getEscalationOf()))
            .providerMessageId(r.getProviderMessageId())
            .lastError(r.getLastError())
            .contact(
                r.getContactRole() == null || r.getContactId() == null
                    ? null
                    : new Contact(r.getContactRole(), r.getContactId()))
            .build();
    String owner = r.getLeaseOwner();
    Instant until = r.getLeaseUntil();
    Lease lease = owner == null || until == null ? null : new Lease(owner, until);
    return new StoredDelivery(delivery, r.getVersion(), lease, r.getTakeovers());
  }

  static DeliveryEventsRecord event(StateChange c) {
    DeliveryEventsRecord r = new DeliveryEventsRecord();
    put(c, r::set);
    return r;
  }

  /** Puts the columns of a timeline row for {@code c}: into a record, or a row of values. */
  static void put(StateChange c, Columns.Put r) {
    r.put(DELIVERY_EVENTS.TENANT_ID, c.tenantId());
    r.put(DELIVERY_EVENTS.MESSAGE_ID, c.messageId().value());
    r.put(DELIVERY_EVENTS.DELIVERY_ID, c.deliveryId().value());
    r.put(DELIVERY_EVENTS.CHANNEL, c.channel().name());
    r.put(DELIVERY_EVENTS.FROM_STATE, c.from() == null ? null : c.from().name());
    r.put(DELIVERY_EVENTS.TO_STATE, c.to().name());
    r.put(DELIVERY_EVENTS.AT, c.at());
    r.put(DELIVERY_EVENTS.DETAIL, c.detail());
  }

  static StateChange change(DeliveryEventsRecord r) {
    return new StateChange(
        r.getTenantId(),
        new MessageId(r.getMessageId()),
        new DeliveryId(r.getDeliveryId()),
        ChannelType.of(r.getChannel()),
        r.getFromState() == null ? null : DeliveryState.valueOf(r.getFromState()),
        DeliveryState.valueOf(r.getToState()),
        r.getAt(),
        r.getDetail());
  }

  static DeliveryAttemptsRecord attempt(DeliveryAttempt a, MessageId messageId) {
    DeliveryAttemptsRecord r = new DeliveryAttemptsRecord();
    r.setDeliveryId(a.deliveryId().value());
    r.setAttemptNumber(a.number());
    r.setTenantId(a.tenantId());
    r.setMessageId(messageId.value());
    r.setProvider(a.provider());
    r.setStartedAt(a.startedAt());
    r.setFinishedAt(a.finishedAt());
    r.setOutcome(a.outcome().name());
    r.setProviderMessageId(a.providerMessageId());
    r.setError(a.error());
    return r;
  }

  static DeliveryAttempt attempt(DeliveryAttemptsRecord r) {
    return new DeliveryAttempt(
        new DeliveryId(r.getDeliveryId()),
        r.getTenantId(),
        r.getAttemptNumber(),
        r.getProvider(),
        r.getStartedAt(),
        r.getFinishedAt(),
        DeliveryAttempt.Outcome.valueOf(r.getOutcome()),
        r.getProviderMessageId(),
        r.getError());
  }
}
