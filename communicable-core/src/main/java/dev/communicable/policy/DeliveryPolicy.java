package dev.communicable.policy;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How notifications are delivered: on which channels, retried how, throttled how, held during which
 * quiet hours, falling back and escalating to which channels, and when they expire. Made by {@link
 * #builder()}, checked when built, immutable.
 *
 * <pre>{@code
 * DeliveryPolicy policy = DeliveryPolicy.builder()
 *     .channels(ChannelType.EMAIL, ChannelType.IN_APP)
 *     .retry(Retry.exponential(Duration.ofMinutes(1), 5.0).maxAttempts(4))
 *     .throttle(Throttle.perRecipient(ChannelType.SMS, 5, Duration.ofHours(1)))
 *     .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
 *     .fallback(ChannelType.EMAIL, ChannelType.SMS)
 *     .escalateIfUnread(Duration.ofHours(2), ChannelType.SMS)
 *     .build();
 * }</pre>
 */
public final class DeliveryPolicy {
  private final List<ChannelType> channels;
  private final Retry retry;
  private final List<Throttle> throttles;
  private final @Nullable QuietHours quietHours;
  private final boolean criticalBypassesQuietHours;
  private final Map<ChannelType, List<ChannelType>> fallbacks;
  private final List<Escalation> escalations;
  private final @Nullable Duration expireAfter;

  private DeliveryPolicy(Builder b) {
    this.channels = List.copyOf(b.channels);
    this.retry = b.retry;
    this.throttles = List.copyOf(b.throttles);
    this.quietHours = b.quietHours;
    this.criticalBypassesQuietHours = b.criticalBypassesQuietHours;
    Map<ChannelType, List<ChannelType>> chains = new LinkedHashMap<>();
    b.fallbacks.forEach((k, v) -> chains.put(k, List.copyOf(v)));
    this.fallbacks = Map.copyOf(chains);
    this.escalations = List.copyOf(b.escalations);
    this.expireAfter = b.expireAfter;
  }

  /** A new builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy a {@code Communication} uses unless told otherwise: email, default retry. */
  public static DeliveryPolicy defaults() {
    return builder().build();
  }

  /** The channels a notification goes to, in parallel, unless it names its own. */
  public List<ChannelType> channels() {
    return channels;
  }

  public Retry retry() {
    return retry;
  }

  public List<Throttle> throttles() {
    return throttles;
  }

  /** The throttles that limit {@code channel}. */
  public List<Throttle> throttlesFor(ChannelType channel) {
    return throttles.stream().filter(t -> t.appliesTo(channel)).toList();
  }

  public Optional<QuietHours> quietHours() {
    return Optional.ofNullable(quietHours);
  }

  /** True (the default) when CRITICAL notifications are sent during quiet hours. */
  public boolean criticalBypassesQuietHours() {
    return criticalBypassesQuietHours;
  }

  /** The channels to try, in order, after {@code channel} fails; empty when none or null. */
  public List<ChannelType> fallbacksFor(@Nullable ChannelType channel) {
    if (channel == null) {
      return List.of();
    }
    return fallbacks.getOrDefault(channel, List.of());
  }

  public List<Escalation> escalations() {
    return escalations;
  }

  /** How long after acceptance a notification that could not be sent expires. */
  public Optional<Duration> expireAfter() {
    return Optional.ofNullable(expireAfter);
  }

  @Override
  public String toString() {
    return "DeliveryPolicy[channels="
        + channels
        + ", retry="
        + retry
        + ", throttles="
        + throttles
        + ", quietHours="
        + quietHours
        + ", criticalBypassesQuietHours="
        + criticalBypassesQuietHours
        + ", fallbacks="
        + fallbacks
        + ", escalations="
        + escalations
        + ", expireAfter="
        + expireAfter
        + "]";
  }

  /** Builds a {@link DeliveryPolicy}; every setter checks its value and names the field. */
  public static final class Builder {
    private final Set<ChannelType> channels = new LinkedHashSet<>(List.of(ChannelType.EMAIL));
    private Retry retry = Retry.defaults();
    private final List<Throttle> throttles = new ArrayList<>();
    private @Nullable QuietHours quietHours;
    private boolean criticalBypassesQuietHours = true;
    private final Map<ChannelType, List<ChannelType>> fallbacks = new LinkedHashMap<>();
    private final List<Escalation> escalations = new ArrayList<>();
    private @Nullable Duration expireAfter;

    private Builder() {}

    /** The channels notifications go to, in parallel. Default: email only. */
    public Builder channels(ChannelType... channels) {
      Arguments.check(
          channels != null && channels.length > 0, "channels", "must name at least one channel");
      Set<ChannelType> set = new LinkedHashSet<>();
      for (int i = 0; i < channels.length; i++) {
        if (!set.add(Arguments.notNull("channels[" + i + "]", channels[i]))) {
          throw new InvalidRequestException(
              "channels[" + i + "]", "names " + channels[i] + " twice");
        }
      }
      this.channels.clear();
      this.channels.addAll(set);
      return this;
    }

    /** Retry and backoff. Default: {@link Retry#defaults()} (1 min, 5 min, 30 min). */
    public Builder retry(Retry retry) {
      this.retry = Arguments.notNull("retry", retry);
      return this;
    }

    /** Adds a throttle rule; all rules that apply to a send must allow it. Default: none. */
    public Builder throttle(Throttle throttle) {
      if (throttles.contains(Arguments.notNull("throttle", throttle))) {
        throw new InvalidRequestException("throttle", throttle + " is already defined");
      }
      throttles.add(throttle);
      return this;
    }

    /** Quiet hours in each recipient's own time zone. Default: none. */
    public Builder quietHours(LocalTime start, LocalTime end) {
      return quietHours(new QuietHours(start, end));
    }

    /** Quiet hours in each recipient's own time zone. Default: none. */
    public Builder quietHours(QuietHours quietHours) {
      this.quietHours = Arguments.notNull("quietHours", quietHours);
      return this;
    }

    /** Whether CRITICAL notifications ignore quiet hours. Default: true. */
    public Builder criticalBypassesQuietHours(boolean bypass) {
      this.criticalBypassesQuietHours = bypass;
      return this;
    }

    /**
     * When {@code primary} fails for good (refused, or attempts spent), try {@code next} in order.
     * Default: no fallback.
     */
    public Builder fallback(ChannelType primary, ChannelType... next) {
      Arguments.notNull("fallback.primary", primary);
      Arguments.check(
          next != null && next.length > 0,
          "fallback",
          "the chain from " + primary + " must name at least one more channel");
      Set<ChannelType> seen = new LinkedHashSet<>(List.of(primary));
      for (int i = 0; i < next.length; i++) {
        if (!seen.add(Arguments.notNull("fallback[" + i + "]", next[i]))) {
          throw new InvalidRequestException(
              "fallback[" + i + "]",
              "falls back to " + next[i] + ", which is already in the chain " + seen);
        }
      }
      if (fallbacks.containsKey(primary)) {
        throw new InvalidRequestException(
            "fallback.primary", "a chain from " + primary + " is already defined");
      }
      fallbacks.put(primary, List.of(next));
      return this;
    }

    /**
     * If not read within {@code after} of being sent, send again to the recipient on {@code
     * channel}; the same as {@code escalate(Escalation.ifUnread(after, channel))}. Default: no
     * escalation.
     */
    public Builder escalateIfUnread(Duration after, ChannelType channel) {
      return escalate(new Escalation(after, channel));
    }

    /**
     * Adds an escalation: to the recipient on another channel, or to one of their contacts ({@link
     * Escalation#toContact}). Each channel may be escalated to once per contact role (and once to
     * the recipient), and an escalation to the recipient not to one of the policy's own {@link
     * #channels}. Default: no escalation.
     */
    public Builder escalate(Escalation escalation) {
      Arguments.notNull("escalation", escalation);
      for (Escalation e : escalations) {
        if (e.channel().equals(escalation.channel())
            && java.util.Objects.equals(e.contactRole(), escalation.contactRole())) {
          throw new InvalidRequestException(
              "escalation.channel",
              "an escalation to "
                  + escalation.channel()
                  + escalation.contact().map(r -> " of the " + r).orElse("")
                  + " is already defined");
        }
      }
      escalations.add(escalation);
      return this;
    }

    /**
     * Deliveries not sent within {@code after} of acceptance expire instead; at most {@link
     * Limits#MAX_POLICY_DELAY}. Default: never.
     */
    public Builder expireAfter(Duration after) {
      this.expireAfter =
          Arguments.between("expireAfter", after, Duration.ofNanos(1), Limits.MAX_POLICY_DELAY);
      return this;
    }

    /** Checks the whole policy and builds it. */
    public DeliveryPolicy build() {
      for (Escalation e : escalations) {
        if (e.contactRole() == null && channels.contains(e.channel())) {
          throw new InvalidRequestException(
              "escalation.channel",
              "escalates to " + e.channel() + ", which the policy already sends on " + channels);
        }
      }
      return new DeliveryPolicy(this);
    }
  }
}
