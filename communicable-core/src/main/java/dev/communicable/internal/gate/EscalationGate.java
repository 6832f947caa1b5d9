package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Cancels an escalation that is no longer needed: the message was read, another step already
 * brought it to the recipient on the escalation's channel (for an escalation to the recipient; one
 * to another contact still goes), or an earlier escalation of the same message does the same. Any
 * other delivery proceeds without a look.
 */
public final class EscalationGate implements Gate {
  private final Function<Delivery, List<Delivery>> recipientDeliveries;

  /**
   * @param recipientDeliveries every delivery of the same message to the same recipient, the given
   *     one included
   */
  public EscalationGate(Function<Delivery, List<Delivery>> recipientDeliveries) {
    this.recipientDeliveries = Arguments.notNull("recipientDeliveries", recipientDeliveries);
  }

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery escalation = candidate.delivery();
    if (escalation.escalationOf() == null) {
      return GateDecision.proceed();
    }
    String unnecessary = unnecessary(escalation, recipientDeliveries.apply(escalation));
    return unnecessary == null ? GateDecision.proceed() : GateDecision.cancel(unnecessary);
  }

  /** Why {@code escalation} is no longer needed, or null when it still is. */
  private static @Nullable String unnecessary(Delivery escalation, List<Delivery> family) {
    for (Delivery d : family) {
      if (d.state() == DeliveryState.READ) {
        return "not needed: the message was read";
      }
    }
    for (Delivery d : family) {
      if (escalation.contact() != null) {
        break; // the recipient's being reached on the channel does not tell their contact
      }
      // a fallback that went out after the escalation was planned (the first step was reported
      // undelivered) already brought the message on this channel
      if (d.escalationOf() == null
          && d.channel().equals(escalation.channel())
          && d.state().isSuccess()) {
        return "not needed: delivery " + d.id() + " reached the recipient on this channel";
      }
    }
    for (Delivery d : family) {
      if (isEarlierTwin(d, escalation)) {
        return "not needed: delivery " + d.id() + " escalates this message already";
      }
    }
    return null;
  }

  private static @Nullable String role(Delivery d) {
    return d.contact() == null ? null : d.contact().role();
  }

  /**
   * True when {@code d} is an escalation of another step on the same channel, made before {@code
   * escalation} (or at the same time with a lower id): one of the two must go, and it is the later.
   */
  private static boolean isEarlierTwin(Delivery d, Delivery escalation) {
    return d.escalationOf() != null
        && !d.escalationOf().equals(escalation.escalationOf())
        && d.channel().equals(escalation.channel())
        && Objects.equals(role(d), role(escalation))
        && (d.createdAt().isBefore(escalation.createdAt())
            || d.createdAt().equals(escalation.createdAt())
                && d.id().value().compareTo(escalation.id().value()) < 0);
  }
}
