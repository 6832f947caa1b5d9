package dev.communicable.internal;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.StateChange;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Says why each delivery of a timeline was created when the store recorded no reason: a suppressed
 * plan step gives its refusal, a fallback names the channel it follows, an escalation the channel
 * that went unread (and, when it goes to another contact, who and where). Everything it says is
 * derived from stored deliveries and entries.
 */
final class Timelines {
  private static final Set<DeliveryState> ENDS_WITH_FALLBACK =
      EnumSet.of(DeliveryState.FAILED, DeliveryState.DEAD_LETTERED, DeliveryState.SUPPRESSED);

  private Timelines() {}

  static List<StateChange> explain(List<StateChange> entries, List<Delivery> deliveries) {
    Map<DeliveryId, Delivery> byId = new HashMap<>();
    deliveries.forEach(d -> byId.put(d.id(), d));
    List<StateChange> out = new ArrayList<>(entries.size());
    for (StateChange entry : entries) {
      Delivery d = byId.get(entry.deliveryId());
      String why = entry.from() == null && d != null ? why(entry, d, entries, byId) : null;
      if (why == null) {
        out.add(entry);
        continue;
      }
      out.add(
          new StateChange(
              entry.tenantId(),
              entry.messageId(),
              entry.deliveryId(),
              entry.channel(),
              null,
              entry.to(),
              entry.at(),
              why));
    }
    return out;
  }

  private static @Nullable String why(
      StateChange created, Delivery d, List<StateChange> entries, Map<DeliveryId, Delivery> byId) {
    if (created.to() == DeliveryState.SUPPRESSED) {
      return d.lastError();
    }
    for (StateChange e : entries) {
      Delivery previous = byId.get(e.deliveryId());
      if (previous != null
          && e.from() != null
          && e.at().equals(created.at())
          && ENDS_WITH_FALLBACK.contains(e.to())
          && previous.recipientId().equals(d.recipientId())
          && !previous.id().equals(d.id())
          && previous.fallbacks().contains(d.channel())) {
        return "fallback from " + previous.channel();
      }
    }
    if (d.escalationOf() != null) {
      Delivery original = byId.get(d.escalationOf());
      return "escalation"
          + (d.contact() == null ? "" : " to " + d.contact() + " at " + d.route().address())
          + ": "
          + (original == null ? "the first step" : original.channel().name())
          + " not read in time";
    }
    return null;
  }
}
