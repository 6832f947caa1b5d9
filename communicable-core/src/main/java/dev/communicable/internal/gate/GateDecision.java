package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import java.time.Instant;

/**
 * What a {@link Gate} decided for a claimed delivery. Every case but {@link Proceed} stops the
 * delivery here, and its reason is what the delivery's timeline says.
 */
public sealed interface GateDecision {

  /** The delivery goes on to the next gate, and after the last one, out to its provider. */
  record Proceed() implements GateDecision {}

  /** Back to the queue, due again at {@code until}. */
  record Defer(Instant until, String reason) implements GateDecision {
    public Defer {
      Arguments.notNull("until", until);
      Arguments.notNull("reason", reason);
    }
  }

  /** Not to be sent (not permitted, opted out): SUPPRESSED, and on to the fallback channel. */
  record Suppress(String reason) implements GateDecision {
    public Suppress {
      Arguments.notNull("reason", reason);
    }
  }

  /** No longer needed: CANCELLED. */
  record Cancel(String reason) implements GateDecision {
    public Cancel {
      Arguments.notNull("reason", reason);
    }
  }

  /** Past its expiry: EXPIRED. */
  record Expire(String reason) implements GateDecision {
    public Expire {
      Arguments.notNull("reason", reason);
    }
  }

  /**
   * Can never be sent (what it would say is gone): FAILED, an attempt counted, and no fallback,
   * since the recipient it would fall back for is unknown.
   */
  record Reject(String reason) implements GateDecision {
    public Reject {
      Arguments.notNull("reason", reason);
    }
  }

  /** The one {@link Proceed}. */
  GateDecision PROCEED = new Proceed();

  static GateDecision proceed() {
    return PROCEED;
  }

  static GateDecision deferUntil(Instant until, String reason) {
    return new Defer(until, reason);
  }

  static GateDecision suppress(String reason) {
    return new Suppress(reason);
  }

  static GateDecision cancel(String reason) {
    return new Cancel(reason);
  }

  static GateDecision expire(String reason) {
    return new Expire(reason);
  }

  static GateDecision reject(String reason) {
    return new Reject(reason);
  }

  /** True for {@link Proceed}: the delivery goes on. */
  default boolean proceeds() {
    return this instanceof Proceed;
  }
}
