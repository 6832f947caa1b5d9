package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import java.util.Map;
import java.util.Optional;

/**
 * Quiet hours a tenant sets for itself, for all its channels or for some: "no SMS from 21:00 to
 * 08:00" for one customer of the host, whatever the policy in code says. Read in each recipient's
 * own time zone, and applied with the policy's quiet hours and the recipient's own: a send waits
 * until all of them allow it. A CRITICAL notification passes them when the policy lets CRITICAL
 * pass its own ({@code DeliveryPolicy.Builder#criticalBypassesQuietHours}); in-app messages are
 * never held.
 *
 * <p>Usually the host's own settings table. Asked once per send (not for in-app), on the worker's
 * thread, so an implementation reading a database should cache; a change takes effect on the next
 * send. An answer that throws counts as a failed attempt of the send, retried after the backoff.
 */
@FunctionalInterface
public interface QuietHoursRules {

  /** The quiet hours of {@code tenantId} on {@code channel}, or empty for none. */
  Optional<QuietHours> quietHours(String tenantId, ChannelType channel);

  /** No tenant quiet hours: the default. */
  static QuietHoursRules none() {
    return (tenantId, channel) -> Optional.empty();
  }

  /**
   * A fixed table: for each tenant, the quiet hours of each channel it names.
   *
   * @throws InvalidRequestException when the table, a tenant's map, or a key or value in them is
   *     null
   */
  static QuietHoursRules of(Map<String, Map<ChannelType, QuietHours>> byTenant) {
    Arguments.notNull("quietHours", byTenant);
    Map<String, Map<ChannelType, QuietHours>> table = new java.util.HashMap<>();
    byTenant.forEach(
        (tenant, channels) -> {
          Arguments.notNull("quietHours.tenant", tenant);
          Arguments.notNull("quietHours." + tenant, channels);
          channels.forEach(
              (channel, quiet) -> {
                Arguments.notNull("quietHours." + tenant + ".channel", channel);
                Arguments.notNull("quietHours." + tenant + "." + channel, quiet);
              });
          table.put(tenant, Map.copyOf(channels));
        });
    Map<String, Map<ChannelType, QuietHours>> frozen = Map.copyOf(table);
    return (tenantId, channel) ->
        Optional.ofNullable(frozen.getOrDefault(tenantId, Map.of()).get(channel));
  }
}
