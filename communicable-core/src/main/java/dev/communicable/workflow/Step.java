package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link Workflow}. A run does its steps in order; {@link WaitFor} and {@link Branch}
 * may jump forward to a later step, {@link Exit} ends the run. Each record checks its own values
 * when made and names the offending component ({@code "within: must be positive, was PT0S"}); a
 * {@link Workflow.Builder} and {@link WorkflowJson} prefix those names with the step's path ({@code
 * steps[2].within}).
 *
 * <p>Step ids are 1 to 64 letters, digits or {@code . _ -}, starting with a letter or digit, unique
 * within their workflow. Durations are positive and at most {@link Limits#MAX_POLICY_DELAY}.
 */
public sealed interface Step
    permits Step.Send,
        Step.Delay,
        Step.WaitFor,
        Step.Branch,
        Step.Digest,
        Step.Throttle,
        Step.Exit {

  /** The most channels one {@link Send} step may name. */
  int MAX_CHANNELS = 16;

  /** The longest throttle limit. */
  int MAX_THROTTLE_LIMIT = 1_000_000;

  /** The step's id, unique within its workflow. */
  String id();

  /**
   * The step's type as written in workflow JSON and in a run's step records: {@code send}, {@code
   * delay}, {@code waitFor}, {@code branch}, {@code digest}, {@code throttle} or {@code exit}.
   */
  String type();

  /**
   * Sends the notification: the template rendered with the event data, to the run's recipient.
   *
   * @param template the template's name (its active version)
   * @param channels the channels to send on, in parallel; empty means the delivery policy's
   *     channels
   * @param priority the priority; null means the event's
   */
  record Send(String id, String template, List<ChannelType> channels, @Nullable Priority priority)
      implements Step {
    public Send {
      Names.stepId("id", id);
      Names.name("template", template);
      channels = Arguments.noNulls("channels", channels, MAX_CHANNELS);
      if (new HashSet<>(channels).size() != channels.size()) {
        throw new InvalidRequestException("channels", "must not name a channel twice");
      }
    }

    @Override
    public String type() {
      return "send";
    }

    /** A send of {@code template} on the given channels (none: the policy's). */
    public static Send of(String id, String template, ChannelType... channels) {
      return new Send(id, template, Arrays.asList(Arguments.notNull("channels", channels)), null);
    }
  }

  /**
   * Waits, for a {@code duration} or until the next {@code until} local time in the recipient's
   * time zone (today's if it is still ahead, else tomorrow's). Exactly one of the two is set.
   */
  record Delay(String id, @Nullable Duration duration, @Nullable LocalTime until) implements Step {
    public Delay {
      Names.stepId("id", id);
      if ((duration == null) == (until == null)) {
        throw new InvalidRequestException(
            duration == null ? "duration" : "until", "set exactly one of duration and until");
      }
      if (duration != null) {
        positiveDelay("duration", duration);
      }
    }

    @Override
    public String type() {
      return "delay";
    }

    /** Waits for {@code duration}. */
    public static Delay of(String id, Duration duration) {
      return new Delay(id, Arguments.notNull("duration", duration), null);
    }

    /** Waits until the next {@code until} local time in the recipient's zone. */
    public static Delay until(String id, LocalTime until) {
      return new Delay(id, null, Arguments.notNull("until", until));
    }
  }

  /**
   * Waits until a delivery of the earlier {@link Send} step {@code step} reaches {@code receipt}
   * (then jumps to {@code onReceipt}), or until {@code within} has passed since this step began
   * (then jumps to {@code onTimeout}).
   *
   * <p>The seeds' rule "resend by SMS if the email is unopened within 2 hours" is a send on email,
   * this step waiting for {@link AwaitedReceipt#READ} within two hours with {@code onReceipt} an
   * {@link Exit}, and a send on SMS.
   *
   * @param step the id of an earlier {@link Send} step
   * @param onReceipt a later step to go to when the receipt comes; null means the next step
   * @param onTimeout a later step to go to when it does not; null means the next step
   */
  record WaitFor(
      String id,
      String step,
      AwaitedReceipt receipt,
      Duration within,
      @Nullable String onReceipt,
      @Nullable String onTimeout)
      implements Step {
    public WaitFor {
      Names.stepId("id", id);
      Names.stepId("step", step);
      Arguments.notNull("receipt", receipt);
      positiveDelay("within", within);
      if (onReceipt != null) {
        Names.stepId("onReceipt", onReceipt);
      }
      if (onTimeout != null) {
        Names.stepId("onTimeout", onTimeout);
      }
    }

    @Override
    public String type() {
      return "waitFor";
    }
  }

  /**
   * Tests {@code condition} on the event data, the recipient and their preferences (see {@link
   * Condition}) and goes to {@code then} when it holds, else to {@code otherwise}.
   *
   * @param then a later step; null means the next step
   * @param otherwise a later step; null means the next step
   */
  record Branch(String id, Condition condition, @Nullable String then, @Nullable String otherwise)
      implements Step {
    public Branch {
      Names.stepId("id", id);
      Arguments.notNull("condition", condition);
      if (then != null) {
        Names.stepId("then", then);
      }
      if (otherwise != null) {
        Names.stepId("otherwise", otherwise);
      }
      if (then == null && otherwise == null) {
        throw new InvalidRequestException("then", "set then, otherwise or both");
      }
    }

    @Override
    public String type() {
      return "branch";
    }
  }

  /**
   * Collects the events that reach this step per recipient (and {@linkplain DigestSpec#key() key})
   * into one run that goes on with the list of items when the digest closes, as {@code digest}
   * says.
   */
  record Digest(String id, DigestSpec digest) implements Step {
    public Digest {
      Names.stepId("id", id);
      Arguments.notNull("digest", digest);
    }

    @Override
    public String type() {
      return "digest";
    }
  }

  /**
   * Lets at most {@code limit} runs per {@code key} pass this step per sliding {@code window}; a
   * run over the limit ends as throttled.
   *
   * @param limit 1 to {@value #MAX_THROTTLE_LIMIT}
   * @param key a field of the event data whose value is counted separately; null means per
   *     recipient
   */
  record Throttle(String id, int limit, Duration window, @Nullable String key) implements Step {
    public Throttle {
      Names.stepId("id", id);
      Arguments.between("limit", limit, 1, MAX_THROTTLE_LIMIT);
      positiveDelay("window", window);
      if (key != null) {
        Names.dataKey("key", key);
      }
    }

    @Override
    public String type() {
      return "throttle";
    }
  }

  /** Ends the run. */
  record Exit(String id) implements Step {
    public Exit {
      Names.stepId("id", id);
    }

    @Override
    public String type() {
      return "exit";
    }
  }

  private static void positiveDelay(String field, @Nullable Duration value) {
    Arguments.positive(field, value);
    if (value.compareTo(Limits.MAX_POLICY_DELAY) > 0) {
      throw new InvalidRequestException(
          field, "must be at most " + Limits.MAX_POLICY_DELAY + ", was " + value);
    }
  }
}
