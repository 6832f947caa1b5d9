package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;

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
    Route route = d.route();
    DeliveriesRecord r = new DeliveriesRecord();
    r.setId(d.id().value());
    r.setTenantId(d.tenantId());
    r.setMessageId(d.messageId().value());
    r.setRecipientId(route.recipientId());
    r.setChannel(route.channel().name());
    r.setAddress(route.address());
    r.setLocale(route.locale().toLanguageTag());
    r.setTimeZone(route.timeZone().getId());
    r.setTopic(d.topic());
    r.setPriority(priority(d.priority()));
    r.setStatus(d.state().name());
    r.setAttempts(d.attempts());
    r.setScheduledAt(d.scheduledAt());
    r.setExpiresAt(d.expiresAt());
    r.setCreatedAt(d.createdAt());
    r.setUpdatedAt(d.updatedAt());
    r.setVersion(0L);
    r.setTakeovers(0);
    r.setLeaseOwner(null);
    r.setLeaseUntil(null);
    r.setDueAt(dueAt(d));
    r.setClaimedFrom(null);
    r.setFallbacks(fallbacks(d.fallbacks()));
    r.setEscalationOf(d.escalationOf() == null ? null : d.escalationOf().value());
    r.setProviderMessageId(d.providerMessageId());
    r.setLastError(d.lastError());
    r.setContactRole(d.contact() == null ? null : d.contact().role());
    r.setContactId(d.contact() == null ? null : d.contact().id());
    return r;
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
    r.setTenantId(c.tenantId());
    r.setMessageId(c.messageId().value());
    r.setDeliveryId(c.deliveryId().value());
    r.setChannel(c.channel().name());
    r.setFromState(c.from() == null ? null : c.from().name());
    r.setToState(c.to().name());
    r.setAt(c.at());
    r.setDetail(c.detail());
    return r;
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
