package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A workflow definition: when an event named {@link #trigger()} happens for a recipient, a run does
 * the {@link #steps()} in order for that recipient. Made by {@link #builder(String)} or read from
 * JSON by {@link WorkflowJson}; checked when built, immutable. A tenant publishes it as a new
 * version with {@link Workflows#publish}.
 *
 * <pre>{@code
 * Workflow overdue = Workflow.builder("invoice-overdue")
 *     .on("invoice.overdue")
 *     .correlateBy("invoiceId")
 *     .cancelOn("invoice.paid")
 *     .send("email", "invoice-overdue", ChannelType.EMAIL)
 *     .waitFor("opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null)
 *     .send("sms", "invoice-overdue", ChannelType.SMS)
 *     .exit("done")
 *     .build();
 * }</pre>
 *
 * <p>What {@link Builder#build()} checks, each failure an {@link InvalidRequestException} naming
 * the field by its path ({@code steps[2].onTimeout}): the names; one to {@value #MAX_STEPS} steps
 * with unique ids; each {@link Step.WaitFor} names an earlier {@link Step.Send}; each jump ({@code
 * onReceipt}, {@code onTimeout}, {@code then}, {@code otherwise}) names a later step, so that a run
 * can never loop.
 */
public final class Workflow {
  /** The most steps of one workflow. */
  public static final int MAX_STEPS = 100;

  /** The most events that may cancel a workflow's runs. */
  public static final int MAX_CANCEL_EVENTS = 20;

  private final String id;
  private final String trigger;
  private final @Nullable String correlationKey;
  private final Set<String> cancelOn;
  private final String topic;
  private final List<Step> steps;
  private final Map<String, Integer> indexes;

  private Workflow(
      String id,
      String trigger,
      @Nullable String correlationKey,
      Set<String> cancelOn,
      String topic,
      List<Step> steps,
      Map<String, Integer> indexes) {
    this.id = id;
    this.trigger = trigger;
    this.correlationKey = correlationKey;
    this.cancelOn = cancelOn;
    this.topic = topic;
    this.steps = steps;
    this.indexes = indexes;
  }

  /**
   * A builder for the workflow {@code id}: 1 to 128 letters, digits or {@code . _ : / -}, starting
   * with a letter or digit, unique per tenant.
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The workflow's id, unique per tenant. */
  public String id() {
    return id;
  }

  /** The name of the event that starts a run. */
  public String trigger() {
    return trigger;
  }

  /**
   * The field of the event data whose value a run remembers (such as {@code invoiceId}): a {@link
   * #cancelOn()} event carrying the same value cancels the run.
   */
  public Optional<String> correlationKey() {
    return Optional.ofNullable(correlationKey);
  }

  /**
   * The names of the events that cancel the recipient's running runs (only those whose {@link
   * #correlationKey()} value matches the event's, when there is a correlation key), in the order
   * given.
   */
  public Set<String> cancelOn() {
    return cancelOn;
  }

  /** The topic its sends are made under, for preferences and policies; default the trigger. */
  public String topic() {
    return topic;
  }

  /** The steps, in order. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The step with this id.
   *
   * @throws InvalidRequestException naming {@code stepId} when the workflow has no such step
   */
  public Step step(String stepId) {
    int index = indexOf(stepId);
    if (index < 0) {
      throw new InvalidRequestException(
          "stepId", "workflow '" + id + "' has no step " + Arguments.echo(stepId));
    }
    return steps.get(index);
  }

  /** The index of the step with this id in {@link #steps()}, or -1 when there is none. */
  public int indexOf(String stepId) {
    Integer index = indexes.get(stepId);
    return index == null ? -1 : index;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Workflow w
        && id.equals(w.id)
        && trigger.equals(w.trigger)
        && Objects.equals(correlationKey, w.correlationKey)
        && cancelOn.equals(w.cancelOn)
        && topic.equals(w.topic)
        && steps.equals(w.steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, trigger, correlationKey, cancelOn, topic, steps);
  }

  @Override
  public String toString() {
    return "Workflow[id="
        + id
        + ", trigger="
        + trigger
        + (correlationKey != null ? ", correlationKey=" + correlationKey : "")
        + (cancelOn.isEmpty() ? "" : ", cancelOn=" + cancelOn)
        + ", topic="
        + topic
        + ", steps="
        + steps
        + "]";
  }

  /**
   * Builds a {@link Workflow}. The step methods make their {@link Step} at once and throw for a bad
   * value, naming it by its path ({@code steps[2].within}); {@link #build()} checks the whole.
   */
  public static final class Builder {
    private final String id;
    private @Nullable String trigger;
    private @Nullable String correlationKey;
    private final List<@Nullable String> cancelOn = new ArrayList<>();
    private @Nullable String topic;
    private final List<Step> steps = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    /** The event that starts a run (required): a name like a notification's event. */
    public Builder on(String event) {
      this.trigger = event;
      return this;
    }

    /**
     * The field of the event data that ties a run to its cancel events, such as {@code invoiceId}.
     * Default: none (a cancel event cancels every running run of its recipient).
     */
    public Builder correlateBy(@Nullable String dataKey) {
      this.correlationKey = dataKey;
      return this;
    }

    /** Adds events that cancel running runs (see {@link Workflow#cancelOn()}). Default: none. */
    public Builder cancelOn(String... events) {
      cancelOn.addAll(Arrays.asList(Arguments.notNull("cancelOn", events)));
      return this;
    }

    /** The topic for preferences and policies. Default: the trigger's name. */
    public Builder topic(@Nullable String topic) {
      this.topic = topic;
      return this;
    }

    /** Adds a step. */
    public Builder step(Step step) {
      steps.add(Arguments.notNull("steps[" + steps.size() + "]", step));
      return this;
    }

    /** Adds a {@link Step.Send} of {@code template} on {@code channels} (none: the policy's). */
    public Builder send(String id, String template, ChannelType... channels) {
      return add(() -> Step.Send.of(id, template, channels));
    }

    /** Adds a {@link Step.Delay} of {@code duration}. */
    public Builder delay(String id, Duration duration) {
      return add(() -> Step.Delay.of(id, duration));
    }

    /**
     * Adds a {@link Step.Delay} until the next {@code until} local time in the recipient's zone.
     */
    public Builder delayUntil(String id, LocalTime until) {
      return add(() -> Step.Delay.until(id, until));
    }

    /**
     * Adds a {@link Step.WaitFor} of {@code receipt} on the deliveries of the earlier send step
     * {@code sendStep}, within {@code within}.
     *
     * @param onReceipt a later step to go to on the receipt; null: the next step
     * @param onTimeout a later step to go to without it; null: the next step
     */
    public Builder waitFor(
        String id,
        String sendStep,
        AwaitedReceipt receipt,
        Duration within,
        @Nullable String onReceipt,
        @Nullable String onTimeout) {
      return add(() -> new Step.WaitFor(id, sendStep, receipt, within, onReceipt, onTimeout));
    }

    /**
     * Adds a {@link Step.Branch} on {@code condition} (see {@link Condition}).
     *
     * @param then a later step to go to when it holds; null: the next step
     * @param otherwise a later step to go to when it does not; null: the next step
     */
    public Builder branch(
        String id, String condition, @Nullable String then, @Nullable String otherwise) {
      return add(() -> new Step.Branch(id, Condition.parse(condition), then, otherwise));
    }

    /** Adds a {@link Step.Digest}. */
    public Builder digest(String id, DigestSpec digest) {
      return add(() -> new Step.Digest(id, digest));
    }

    /**
     * Adds a {@link Step.Throttle}: at most {@code limit} runs per recipient pass it per {@code
     * window}.
     */
    public Builder throttle(String id, int limit, Duration window) {
      return throttle(id, limit, window, null);
    }

    /**
     * Adds a {@link Step.Throttle}: at most {@code limit} runs per value of the event data field
     * {@code key} (null: per recipient) pass it per {@code window}.
     */
    public Builder throttle(String id, int limit, Duration window, @Nullable String key) {
      return add(() -> new Step.Throttle(id, limit, window, key));
    }

    /** Adds a {@link Step.Exit}. */
    public Builder exit(String id) {
      return add(() -> new Step.Exit(id));
    }

    private Builder add(Supplier<Step> step) {
      String path = "steps[" + steps.size() + "]";
      try {
        steps.add(step.get());
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(path + "." + e.field(), e.problem());
      }
      return this;
    }

    /**
     * Checks the definition as a whole and builds it.
     *
     * @throws InvalidRequestException naming the first field found wrong by its path
     */
    public Workflow build() {
      Names.name("id", id);
      if (trigger == null) {
        throw new InvalidRequestException("trigger", "set the event that starts the workflow");
      }
      Names.name("trigger", trigger);
      if (correlationKey != null) {
        Names.dataKey("correlationKey", correlationKey);
      }
      if (cancelOn.size() > MAX_CANCEL_EVENTS) {
        throw new InvalidRequestException(
            "cancelOn",
            "must hold at most " + MAX_CANCEL_EVENTS + " events, held " + cancelOn.size());
      }
      Set<String> cancels = new LinkedHashSet<>();
      for (int i = 0; i < cancelOn.size(); i++) {
        String event = Names.name("cancelOn[" + i + "]", cancelOn.get(i));
        if (event.equals(trigger)) {
          throw new InvalidRequestException(
              "cancelOn[" + i + "]", "must not be the trigger " + Arguments.echo(trigger));
        }
        if (!cancels.add(event)) {
          throw new InvalidRequestException(
              "cancelOn[" + i + "]", "names " + Arguments.echo(event) + " twice");
        }
      }
      String topicName = topic == null ? trigger : Names.name("topic", topic);
      if (steps.isEmpty()) {
        throw new InvalidRequestException("steps", "must hold at least one step");
      }
      if (steps.size() > MAX_STEPS) {
        throw new InvalidRequestException(
            "steps", "must hold at most " + MAX_STEPS + " steps, held " + steps.size());
      }
      Map<String, Integer> indexes = new HashMap<>();
      for (int i = 0; i < steps.size(); i++) {
        Integer earlier = indexes.putIfAbsent(steps.get(i).id(), i);
        if (earlier != null) {
          throw new InvalidRequestException(
              "steps[" + i + "].id",
              Arguments.echo(steps.get(i).id()) + " is already the id of steps[" + earlier + "]");
        }
      }
      for (int i = 0; i < steps.size(); i++) {
        checkReferences(i, steps.get(i), indexes);
      }
      return new Workflow(
          id,
          trigger,
          correlationKey,
          Collections.unmodifiableSet(cancels),
          topicName,
          List.copyOf(steps),
          Map.copyOf(indexes));
    }

    private void checkReferences(int index, Step step, Map<String, Integer> indexes) {
      String path = "steps[" + index + "]";
      if (step instanceof Step.WaitFor w) {
        Integer target = indexes.get(w.step());
        if (target == null) {
          throw new InvalidRequestException(path + ".step", "no step " + Arguments.echo(w.step()));
        }
        if (target >= index) {
          throw new InvalidRequestException(
              path + ".step",
              "must name an earlier send step, "
                  + Arguments.echo(w.step())
                  + " is steps["
                  + target
                  + "]");
        }
        if (!(steps.get(target) instanceof Step.Send)) {
          throw new InvalidRequestException(
              path + ".step",
              "must name a send step, "
                  + Arguments.echo(w.step())
                  + " is a "
                  + steps.get(target).type()
                  + " step");
        }
        checkJump(path + ".onReceipt", index, w.onReceipt(), indexes);
        checkJump(path + ".onTimeout", index, w.onTimeout(), indexes);
      } else if (step instanceof Step.Branch b) {
        checkJump(path + ".then", index, b.then(), indexes);
        checkJump(path + ".otherwise", index, b.otherwise(), indexes);
      }
    }

    // Jumps only forward: with no way back, no run can loop.
    private static void checkJump(
        String field, int index, @Nullable String target, Map<String, Integer> indexes) {
      if (target == null) {
        return;
      }
      Integer to = indexes.get(target);
      if (to == null) {
        throw new InvalidRequestException(field, "no step " + Arguments.echo(target));
      }
      if (to <= index) {
        throw new InvalidRequestException(
            field,
            "must name a later step (jumps go forward only, so that a run cannot loop), "
                + Arguments.echo(target)
                + " is steps["
                + to
                + "]");
      }
    }
  }
}
