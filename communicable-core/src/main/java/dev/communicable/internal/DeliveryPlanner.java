package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.Route;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Escalation;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.Authorizer;
import dev.communicable.spi.NewMessage;
import dev.communicable.template.Template;
import dev.communicable.template.TemplateException;
import dev.communicable.template.TemplateRenderer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a notification into a message and its first deliveries, refusing it (before anything is
 * written) when anything about it is wrong.
 *
 * <p>Per recipient, each of the notification's channels (or the policy's) starts a chain: the
 * channel, then the policy's fallbacks for it that are not planned in parallel anyway. The chain is
 * walked: a channel without an address for the recipient is skipped; one the authorizer or the
 * recipient's preferences refuse gets a SUPPRESSED delivery (so the timeline says why) and the walk
 * goes on; the first usable channel gets a QUEUED delivery (one per device for push) whose
 * fallbacks are the rest of the chain.
 *
 * <p>Every channel that could be used for a recipient (where they have an address: the whole chain
 * and the policy's escalations) must have an adapter and a template variant that renders with the
 * notification's data, and every such address must pass the channel's shape rules and each of its
 * adapters' {@code validateAddress}.
 */
final class DeliveryPlanner {
  private final Policies policies;
  private final ChannelRegistry channels;
  private final AddressBook addresses;
  private final Authorizer authorizer;
  private final PreferenceService preferences;
  private final TemplateCache templates;
  private final TemplateRenderer renderer;
  private final int maxDataBytes;

  DeliveryPlanner(
      Policies policies,
      ChannelRegistry channels,
      AddressBook addresses,
      Authorizer authorizer,
      PreferenceService preferences,
      TemplateCache templates,
      TemplateRenderer renderer,
      int maxDataBytes) {
    this.policies = policies;
    this.channels = channels;
    this.addresses = addresses;
    this.authorizer = authorizer;
    this.preferences = preferences;
    this.templates = templates;
    this.renderer = renderer;
    this.maxDataBytes = maxDataBytes;
  }

  /**
   * Checks and plans {@code notification} accepted at {@code now}.
   *
   * @throws InvalidRequestException naming the field and the problem
   * @throws NotFoundException when the template does not exist
   */
  NewMessage plan(Notification notification, Instant now) {
    Arguments.notNull("notification", notification);
    String tenant = notification.tenantId();
    long size = JsonSize.of(notification.data(), maxDataBytes);
    if (size > maxDataBytes) {
      throw new InvalidRequestException(
          "data", "is larger than the limit of " + maxDataBytes + " bytes as JSON");
    }
    DeliveryPolicy policy = policies.forTopic(notification.topic());
    Instant sendAt = notification.sendAt().orElse(now);
    Instant expiresAt = policy.expireAfter().map(now::plus).orElse(null);
    if (expiresAt != null && !sendAt.isBefore(expiresAt)) {
      throw new InvalidRequestException(
          "sendAt",
          "is "
              + sendAt
              + ", not before the policy's expiry at "
              + expiresAt
              + " (accepted at "
              + now
              + " + "
              + policy.expireAfter().orElseThrow()
              + ")");
    }
    Content inline = notification.content().orElse(null);
    Template template =
        notification
            .templateId()
            .map(
                id ->
                    templates
                        .active(tenant, id)
                        .orElseThrow(() -> new NotFoundException(tenant, "template", id)))
            .orElse(null);

    MessageId messageId = new MessageId(UUID.randomUUID());
    List<Recipient> written = notification.recipients();
    Planning planning =
        new Planning(notification, policy, template, inline, messageId, now, sendAt, expiresAt);
    if (written.size() > 1) {
      // One read for all recipients rather than one each: a campaign page names thousands.
      List<String> ids = new ArrayList<>(written.size());
      written.forEach(r -> ids.add(r.id()));
      planning.stored = preferences.stored(tenant, ids);
    }
    List<Recipient> recipients = new ArrayList<>(written.size());
    for (int i = 0; i < written.size(); i++) {
      Recipient stored = AddressRules.stored(written.get(i));
      planning.recipient(i, written.get(i), stored);
      recipients.add(stored);
    }
    Message message =
        Message.builder()
            .id(messageId)
            .tenantId(tenant)
            .event(notification.event())
            .topic(notification.topic())
            .senderId(notification.senderId().orElse(null))
            .templateId(notification.templateId().orElse(null))
            .templateVersion(template == null ? null : template.version())
            .content(inline)
            .data(notification.data())
            .metadata(metadata(notification))
            .priority(notification.priority())
            .idempotencyKey(notification.idempotencyKey().orElse(null))
            .recipients(recipients)
            .createdAt(now)
            .sendAt(sendAt)
            .expiresAt(expiresAt)
            // only a repeat under the same key is ever compared, so only a keyed send pays for it
            .contentDigest(
                notification.idempotencyKey().isPresent()
                    ? AcceptedDigest.of(notification, recipients)
                    : null)
            .build();
    return new NewMessage(message, planning.deliveries);
  }

  /** The notification's metadata, with its send window under the reserved key when it has one. */
  private static Map<String, String> metadata(Notification notification) {
    if (notification.window().isEmpty()) {
      return notification.metadata();
    }
    Map<String, String> metadata = new LinkedHashMap<>(notification.metadata());
    metadata.put(Message.WINDOW_KEY, notification.window().orElseThrow().toString());
    return metadata;
  }

  /** The chain a planned channel starts: itself, then fallbacks not planned in parallel. */
  static List<ChannelType> chain(
      ChannelType first, DeliveryPolicy policy, Set<ChannelType> parallel) {
    List<ChannelType> chain = new ArrayList<>();
    chain.add(first);
    for (ChannelType next : policy.fallbacksFor(first)) {
      if (!parallel.contains(next) && !chain.contains(next)) {
        chain.add(next);
      }
    }
    return chain;
  }

  /** The state of planning one notification. */
  private final class Planning {
    private final Notification notification;
    private final DeliveryPolicy policy;
    private final @Nullable Template template;
    private final @Nullable Content inline;
    private final MessageId messageId;
    private final Instant now;
    private final Instant sendAt;
    private final @Nullable Instant expiresAt;
    private final List<Delivery> deliveries = new ArrayList<>();

    /** The recipients' stored preferences, read at once; null to read each on its own. */
    private java.util.@Nullable Map<String, Preferences> stored;

    private final Set<Content> rendered =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    Planning(
        Notification notification,
        DeliveryPolicy policy,
        @Nullable Template template,
        @Nullable Content inline,
        MessageId messageId,
        Instant now,
        Instant sendAt,
        @Nullable Instant expiresAt) {
      this.notification = notification;
      this.policy = policy;
      this.template = template;
      this.inline = inline;
      this.messageId = messageId;
      this.now = now;
      this.sendAt = sendAt;
      this.expiresAt = expiresAt;
    }

    /**
     * Plans {@code recipient}, whose contact points are stored as {@link AddressRules} writes them;
     * refusals quote them as {@code written}.
     */
    void recipient(int index, Recipient written, Recipient recipient) {
      String field = "recipients[" + index + "]";
      List<ChannelType> planned =
          notification.channels().isEmpty() ? policy.channels() : notification.channels();
      Set<ChannelType> parallel = new LinkedHashSet<>(planned);
      Preferences prefs =
          stored == null
              ? preferences.get(recipient.tenantId(), recipient.id())
              : stored.getOrDefault(
                  recipient.id(), Preferences.defaults(recipient.tenantId(), recipient.id()));
      List<String> tried = new ArrayList<>();
      int before = deliveries.size();
      for (ChannelType first : planned) {
        List<ChannelType> chain = chain(first, policy, parallel);
        boolean placed = false;
        for (int k = 0; k < chain.size(); k++) {
          ChannelType channel = chain.get(k);
          List<String> found = addresses.addresses(recipient, channel);
          if (found.isEmpty()) {
            tried.add(channel + " (no address)");
            continue;
          }
          check(field, written, channel);
          if (placed) {
            continue; // a later fallback: checked above, used only if the earlier steps fail
          }
          String refusal = refusal(recipient, prefs, channel);
          if (refusal != null) {
            tried.add(channel + " (" + refusal + ")");
            deliveries.add(
                delivery(
                    recipient,
                    channel,
                    found.get(0),
                    DeliveryState.SUPPRESSED,
                    List.of(),
                    refusal));
            continue;
          }
          List<ChannelType> rest = List.copyOf(chain.subList(k + 1, chain.size()));
          for (String address : found) {
            deliveries.add(delivery(recipient, channel, address, DeliveryState.QUEUED, rest, null));
          }
          placed = true;
        }
      }
      for (Escalation escalation : policy.escalations()) {
        if (!addresses.addresses(recipient, escalation.channel()).isEmpty()) {
          check(field, written, escalation.channel());
        }
      }
      if (deliveries.size() == before) {
        throw new InvalidRequestException(
            field,
            "'"
                + recipient.id()
                + "' cannot be reached on any planned channel; tried "
                + String.join(", ", tried));
      }
    }

    /**
     * Checks what using {@code channel} for the recipient (with its contact points as written)
     * needs: adapter, address, content.
     */
    private void check(String field, Recipient recipient, ChannelType channel) {
      List<ChannelAdapter> adapters = channels.adapters(channel);
      if (adapters.isEmpty()) {
        throw new InvalidRequestException(
            "channels",
            "no adapter is registered for channel '"
                + channel
                + "', which "
                + field
                + " would be sent on");
      }
      String written = recipient.address(channel).orElse(null);
      if (written != null && !ChannelType.IN_APP.equals(channel)) {
        String addressField = field + ".contactPoints." + channel;
        String address = AddressRules.normalized(addressField, channel, written);
        for (ChannelAdapter adapter : channels.chainFor(channel, address)) {
          try {
            adapter.validateAddress(address);
          } catch (InvalidRequestException e) {
            throw new InvalidRequestException(addressField, e.problem());
          }
        }
      }
      Content source = inline;
      if (template != null) {
        source =
            template
                .variant(channel, recipient.locale())
                .orElseThrow(
                    () ->
                        new InvalidRequestException(
                            "template",
                            "'"
                                + template.id()
                                + "' (version "
                                + template.version()
                                + ") has no "
                                + channel
                                + " variant for locale '"
                                + recipient.locale().toLanguageTag()
                                + "', needed by "
                                + field));
      }
      if (rendered.add(source)) {
        String name = template != null ? template.id() : "inline content";
        try {
          renderer.render(name, source, notification.data());
        } catch (TemplateException e) {
          String dataField = e.variable() == null ? "template" : "data." + e.variable();
          throw new InvalidRequestException(dataField, e.getMessage());
        }
      }
    }

    private @Nullable String refusal(Recipient recipient, Preferences prefs, ChannelType channel) {
      if (!authorizer.permits(
          recipient.tenantId(),
          notification.senderId().orElse(null),
          recipient,
          notification.topic(),
          channel)) {
        return "not permitted";
      }
      if (!prefs.allows(notification.topic(), channel, notification.priority())) {
        return prefs.muted() ? "muted by the recipient" : "opted out by the recipient";
      }
      return null;
    }

    /**
     * When the recipient's first deliveries are due: the send time, or the next opening of the
     * notification's window after it in the recipient's zone (so that a campaign accepted in the
     * evening is not claimed only to wait for the morning; the window's gate still holds every
     * later attempt).
     */
    private Instant firstDue(Recipient recipient) {
      return notification
          .window()
          .map(w -> w.nextOpening(sendAt, recipient.timeZone()))
          .orElse(sendAt);
    }

    private Delivery delivery(
        Recipient recipient,
        ChannelType channel,
        String address,
        DeliveryState state,
        List<ChannelType> fallbacks,
        @Nullable String reason) {
      return Delivery.builder()
          .id(new DeliveryId(UUID.randomUUID()))
          .tenantId(recipient.tenantId())
          .messageId(messageId)
          .route(
              new Route(recipient.id(), channel, address, recipient.locale(), recipient.timeZone()))
          .topic(notification.topic())
          .priority(notification.priority())
          .state(state)
          .scheduledAt(firstDue(recipient))
          .expiresAt(expiresAt)
          .createdAt(now)
          .fallbacks(fallbacks)
          .lastError(reason)
          .build();
    }
  }
}
