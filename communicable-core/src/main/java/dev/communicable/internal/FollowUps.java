package dev.communicable.internal;

import dev.communicable.Communicable;
import dev.communicable.InvalidRequestException;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Contact;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Route;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Escalation;
import dev.communicable.spi.ContactDirectory;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.StoredDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries a finished step gives rise to: the next channel of its fallback chain when it
 * failed, and the policy's escalations when a first step was sent. They are written in the same
 * update as the step that caused them.
 *
 * <p>An escalation to another contact is resolved here, when it is planned: the contact directory
 * is asked once, and the contact's address, locale and zone go into the escalation's route (its
 * recipient id stays the recipient's, so that the recipient's reading the message cancels it, and
 * the gates read the recipient's message). Resolving it now rather than when it falls due keeps the
 * escalation's delivery complete and durable from the start, and an unknown contact shows in the
 * timeline at once, as a suppressed escalation, instead of when the message is already late.
 */
final class FollowUps {
  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

  private final AddressBook addresses;
  private final DeliveryStore store;
  private final ContactDirectory contacts;

  FollowUps(AddressBook addresses, DeliveryStore store) {
    this(addresses, store, ContactDirectory.none());
  }

  FollowUps(AddressBook addresses, DeliveryStore store, ContactDirectory contacts) {
    this.addresses = addresses;
    this.store = store;
    this.contacts = contacts;
  }

  /**
   * The next step after {@code failed} (failed, dead-lettered or suppressed): the first channel of
   * its remaining fallbacks on which the recipient has an address, with the rest as its own
   * fallbacks; empty when the chain is spent. When the step was one of several devices of a push
   * recipient, the fallback waits for the last device to fail.
   */
  List<Delivery> fallback(Delivery failed, Recipient recipient, Instant now) {
    if (failed.fallbacks().isEmpty() || siblingStillHopeful(failed)) {
      return List.of();
    }
    List<ChannelType> rest = failed.fallbacks();
    for (int k = 0; k < rest.size(); k++) {
      ChannelType channel = rest.get(k);
      List<String> found = addresses.addresses(recipient, channel);
      if (found.isEmpty()) {
        continue;
      }
      List<ChannelType> after = List.copyOf(rest.subList(k + 1, rest.size()));
      List<Delivery> out = new ArrayList<>(found.size());
      for (String address : found) {
        out.add(
            create(
                failed,
                channel,
                address,
                now,
                now,
                failed.expiresAt(),
                after,
                failed.escalationOf()));
      }
      return out;
    }
    return List.of();
  }

  /**
   * The escalations of {@code policy} after the first step {@code sent} was accepted at {@code
   * now}, each due {@code after} later. None when the recipient already has an escalation for this
   * message (another parallel channel scheduled it), and none to the recipient on a channel that
   * already reached them. An escalation to a contact goes to the contact the directory names now,
   * or is suppressed when there is none to reach.
   */
  List<Delivery> escalations(
      Delivery sent, Recipient recipient, DeliveryPolicy policy, Instant now) {
    if (policy.escalations().isEmpty() || sent.escalationOf() != null) {
      return List.of();
    }
    List<Delivery> family = recipientDeliveries(sent);
    if (family.stream().anyMatch(d -> d.escalationOf() != null)) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>();
    for (Escalation escalation : policy.escalations()) {
      ChannelType channel = escalation.channel();
      String role = escalation.contactRole();
      if (role != null) {
        Instant due = now.plus(escalation.after());
        Instant expires = policy.expireAfter().map(due::plus).orElse(null);
        out.addAll(toContact(sent, recipient, channel, role, now, due, expires));
        continue;
      }
      boolean reached =
          channel.equals(sent.channel())
              || family.stream()
                  .anyMatch(d -> d.channel().equals(channel) && d.state().isSuccess());
      if (reached) {
        continue;
      }
      Instant due = now.plus(escalation.after());
      Instant expires = policy.expireAfter().map(due::plus).orElse(null);
      for (String address : addresses.addresses(recipient, channel)) {
        out.add(create(sent, channel, address, now, due, expires, List.of(), sent.id()));
      }
    }
    return out;
  }

  /**
   * The escalation of {@code sent} on {@code channel} to the recipient's contact in {@code role}:
   * one delivery per address of the contact (QUEUED, due at {@code due}), or one SUPPRESSED saying
   * why no one can be reached.
   */
  private List<Delivery> toContact(
      Delivery sent,
      Recipient recipient,
      ChannelType channel,
      String role,
      Instant now,
      Instant due,
      @Nullable Instant expires) {
    Recipient contact;
    try {
      Optional<Communicable> found = contacts.contact(sent.tenantId(), recipient.id(), role);
      if (found.isEmpty()) {
        return List.of(
            suppressed(
                sent,
                channel,
                now,
                "no " + role + " of '" + recipient.id() + "' to escalate to on " + channel));
      }
      contact = AddressRules.stored(Recipient.of(found.get()));
      Checks.id("contact.id", contact.id());
    } catch (RuntimeException e) {
      log.warn(
          "Finding the {} of '{}' (tenant {}) for an escalation failed",
          role,
          recipient.id(),
          sent.tenantId(),
          e);
      return List.of(
          suppressed(
              sent,
              channel,
              now,
              "the "
                  + role
                  + " to escalate to could not be found: "
                  + DeliveryOutcomes.describe(e)));
    }
    Contact who = new Contact(role, contact.id());
    if (!contact.tenantId().equals(sent.tenantId())) {
      return List.of(
          suppressed(
              sent,
              channel,
              now,
              who + " belongs to tenant '" + contact.tenantId() + "', not to the message's"));
    }
    List<String> found = addresses.addresses(contact, channel);
    if (found.isEmpty()) {
      return List.of(suppressed(sent, channel, now, who + " has no address on " + channel));
    }
    List<Delivery> out = new ArrayList<>(found.size());
    for (String address : found) {
      if (!ChannelType.IN_APP.equals(channel)) {
        try {
          AddressRules.normalized("contact.address", channel, address);
        } catch (InvalidRequestException e) {
          return List.of(
              suppressed(sent, channel, now, who + " has no usable address: " + e.getMessage()));
        }
      }
      Route route =
          new Route(recipient.id(), channel, address, contact.locale(), contact.timeZone());
      out.add(
          create(sent, channel, address, now, due, expires, List.of(), sent.id()).toBuilder()
              .route(route)
              .contact(who)
              .build());
    }
    return out;
  }

  /** A SUPPRESSED escalation of {@code sent} on {@code channel}, saying {@code reason}. */
  private static Delivery suppressed(
      Delivery sent, ChannelType channel, Instant now, String reason) {
    return create(sent, channel, "", now, now, null, List.of(), sent.id()).toBuilder()
        .state(DeliveryState.SUPPRESSED)
        .lastError("escalation not sent: " + reason)
        .build();
  }

  /** Every delivery of the same message to the same recipient, {@code d} included. */
  List<Delivery> recipientDeliveries(Delivery d) {
    return store.deliveries(d.tenantId(), d.messageId(), d.recipientId()).stream()
        .map(StoredDelivery::delivery)
        .toList();
  }

  private boolean siblingStillHopeful(Delivery failed) {
    if (!ChannelType.PUSH.equals(failed.channel())) {
      return false;
    }
    for (Delivery d : recipientDeliveries(failed)) {
      boolean sibling =
          !d.id().equals(failed.id())
              && d.channel().equals(failed.channel())
              && d.fallbacks().equals(failed.fallbacks())
              && java.util.Objects.equals(d.escalationOf(), failed.escalationOf());
      if (sibling
          && (d.state() == DeliveryState.QUEUED
              || d.state() == DeliveryState.SENDING
              || d.state().isSuccess())) {
        return true;
      }
    }
    return false;
  }

  private static Delivery create(
      Delivery from,
      ChannelType channel,
      String address,
      Instant now,
      Instant due,
      @Nullable Instant expiresAt,
      List<ChannelType> fallbacks,
      @Nullable DeliveryId escalationOf) {
    return Delivery.builder()
        .id(new DeliveryId(UUID.randomUUID()))
        .tenantId(from.tenantId())
        .messageId(from.messageId())
        .route(from.route().on(channel, address))
        .topic(from.topic())
        .priority(from.priority())
        .state(DeliveryState.QUEUED)
        .scheduledAt(due)
        .expiresAt(expiresAt)
        .createdAt(now)
        .fallbacks(fallbacks)
        .escalationOf(escalationOf)
        .build();
  }
}
