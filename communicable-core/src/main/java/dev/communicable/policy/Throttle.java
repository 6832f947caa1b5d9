package dev.communicable.policy;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sliding-window limit on sends: at most {@code limit} within any {@code window}, counted per
 * recipient, per tenant or across the whole channel. A throttled delivery is rescheduled to the
 * moment a slot frees, never failed.
 *
 * @param scope what the count is kept per
 * @param channel the channel limited, or null for every channel (all counted together)
 * @param limit the most sends per window, at least 1
 * @param window the window length, positive
 */
public record Throttle(Scope scope, @Nullable ChannelType channel, int limit, Duration window) {
  /** The longest window a throttle may count over: 31 days. */
  public static final Duration MAX_WINDOW = Duration.ofDays(31);

  public Throttle {
    Arguments.notNull("throttle.scope", scope);
    Arguments.positive("throttle.limit", limit);
    Arguments.between("throttle.window", window, Duration.ofMillis(1), MAX_WINDOW);
  }

  /**
   * At most {@code limit} sends to one recipient on {@code channel} (null: every channel) per
   * {@code window}.
   */
  public static Throttle perRecipient(@Nullable ChannelType channel, int limit, Duration window) {
    return new Throttle(Scope.RECIPIENT, channel, limit, window);
  }

  /**
   * At most {@code limit} sends by one tenant on {@code channel} (null: every channel) per {@code
   * window}.
   */
  public static Throttle perTenant(@Nullable ChannelType channel, int limit, Duration window) {
    return new Throttle(Scope.TENANT, channel, limit, window);
  }

  /**
   * At most {@code limit} sends on {@code channel} (null: every channel), all tenants together, per
   * {@code window}.
   */
  public static Throttle perChannel(@Nullable ChannelType channel, int limit, Duration window) {
    return new Throttle(Scope.CHANNEL, channel, limit, window);
  }

  /** True when this rule limits sends on {@code ch}. */
  public boolean appliesTo(ChannelType ch) {
    return channel == null || channel.equals(ch);
  }

  /**
   * The permit to take for one send on {@code ch} by {@code tenantId} to {@code recipientId}. Its
   * key names the scope, the channel (or {@code *} for a rule on every channel), the limit and the
   * window, such as {@code "t:acme:c:sms:r:user-42:5/3600000"}; {@code ':'} and {@code '%'} in
   * tenant and recipient ids are percent-encoded so that no two scopes share a key.
   */
  public ThrottlePermit permitFor(String tenantId, ChannelType ch, String recipientId) {
    Objects.requireNonNull(ch, "ch");
    String c = channel == null ? "*" : ch.name();
    String key =
        switch (scope) {
          case CHANNEL -> "c:" + c;
          case TENANT -> "t:" + encode(Objects.requireNonNull(tenantId, "tenantId")) + ":c:" + c;
          case RECIPIENT ->
              "t:"
                  + encode(Objects.requireNonNull(tenantId, "tenantId"))
                  + ":c:"
                  + c
                  + ":r:"
                  + encode(Objects.requireNonNull(recipientId, "recipientId"));
        };
    return new ThrottlePermit(key + ":" + limit + "/" + window.toMillis(), limit, window);
  }

  private static String encode(String id) {
    if (id.indexOf(':') < 0 && id.indexOf('%') < 0) {
      return id;
    }
    return id.replace("%", "%25").replace(":", "%3A");
  }

  /** What a throttle's count is kept per. */
  public enum Scope {
    /** One count per channel across all tenants (a provider's account limit). */
    CHANNEL,
    /** One count per tenant. */
    TENANT,
    /** One count per recipient. */
    RECIPIENT
  }
}
