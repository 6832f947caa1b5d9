package dev.communicable.internal.gate;

import dev.communicable.delivery.Delivery;
import dev.communicable.spi.Authorizer;
import dev.communicable.spi.QuietHoursRules;
import dev.communicable.spi.Throttler;
import java.util.List;
import java.util.function.Function;

/** The gates a claimed delivery passes before it is sent, in the order they are asked. */
public final class Gates {
  private Gates() {}

  /**
   * Expiry; a message still stored; an escalation still needed; permission and preferences; the
   * message's send window; quiet hours (the policy's, the tenant's, the recipient's); the tenant's
   * budget; the throttles.
   *
   * <p>The budget is looked at before the throttle, so a tenant already over budget takes no
   * throttle slot, but counted only after it (by {@link BudgetGate#consume}, once the content is
   * rendered), so a send the throttle defers does not use up budget. The price of that order is a
   * throttle slot taken by a send the budget then refuses; the look at the budget keeps that to the
   * few sends that race for its last unit, and such a slot frees itself when its window slides on.
   *
   * @param recipientDeliveries every delivery of the same message to the same recipient
   * @param budgets the same gate that counts the send once it is rendered
   * @param quietHours the tenants' own quiet hours
   */
  public static List<Gate> inOrder(
      Function<Delivery, List<Delivery>> recipientDeliveries,
      Authorizer authorizer,
      BudgetGate budgets,
      Throttler throttler,
      QuietHoursRules quietHours) {
    return List.of(
        new ExpiryGate(),
        new StoredMessageGate(),
        new EscalationGate(recipientDeliveries),
        new PermissionGate(authorizer),
        new SendWindowGate(),
        new QuietHoursGate(quietHours),
        budgets,
        new ThrottleGate(throttler));
  }
}
