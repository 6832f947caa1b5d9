package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.Communicable;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a recipient, given to {@code Communication.trigger}: it starts a run
 * of every active workflow of the recipient's tenant triggered by its name, and cancels the runs of
 * workflows that name it in {@code cancelOn} with the same correlation value. Built fluently and
 * checked when built, as a {@code Notification} is; immutable.
 *
 * <pre>{@code
 * comms.trigger(Event.of("invoice.overdue")
 *     .to(customer)
 *     .data("invoiceId", "F-17")
 *     .data("amount", 120)
 *     .id("evt-81723"));
 * }</pre>
 */
public final class Event {
  private final String name;
  private final Recipient recipient;
  private final Map<String, Object> data;
  private final @Nullable String id;
  private final Priority priority;

  private Event(
      String name,
      Recipient recipient,
      Map<String, Object> data,
      @Nullable String id,
      Priority priority) {
    this.name = name;
    this.recipient = recipient;
    this.data = data;
    this.id = id;
    this.priority = priority;
  }

  /** Starts an event called {@code name}, such as {@code "invoice.overdue"}. */
  public static Builder of(String name) {
    return new Builder(name);
  }

  /** The event's name, which workflows are triggered by. */
  public String name() {
    return name;
  }

  /** The recipient, as snapshot when built. */
  public Recipient recipient() {
    return recipient;
  }

  /** The recipient's tenant. */
  public String tenantId() {
    return recipient.tenantId();
  }

  /** The event's data, in insertion order: the template data of the workflow's sends. */
  public Map<String, Object> data() {
    return data;
  }

  /** The caller's id for this event, which makes triggering it again start nothing. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public Priority priority() {
    return priority;
  }

  @Override
  public String toString() {
    return "Event[" + name + ", tenant=" + tenantId() + ", recipient=" + recipient.id() + "]";
  }

  /** Builds an {@link Event}. */
  public static final class Builder {
    private final @Nullable String name;
    private @Nullable Communicable recipient;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private @Nullable String id;
    private @Nullable Priority priority = Priority.NORMAL;

    private Builder(@Nullable String name) {
      this.name = name;
    }

    /** Whom the event is about and whom its workflows notify; required. */
    public Builder to(Communicable recipient) {
      this.recipient = recipient;
      return this;
    }

    /**
     * Adds a data entry. Values are strings, numbers, booleans, or lists and maps of those, as a
     * notification's data.
     */
    public Builder data(String key, Object value) {
      data.put(key, value);
      return this;
    }

    /** Adds every entry. */
    public Builder data(Map<String, ?> values) {
      data.putAll(Arguments.notNull("data", values));
      return this;
    }

    /**
     * The caller's id for this event, unique per event in the tenant: triggering the same id again
     * within the idempotency window (24 hours) starts nothing and answers the first runs. Without
     * it, an event with the same name, recipient and data within the window counts as the same. An
     * id (see {@link Limits}). Default: none.
     */
    public Builder id(@Nullable String eventId) {
      this.id = eventId;
      return this;
    }

    /**
     * Default: {@link Priority#NORMAL}. A {@link Priority#CRITICAL} event bypasses digests, and is
     * the priority of the workflow's sends unless a step sets its own.
     */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Checks every field and builds the event.
     *
     * @throws InvalidRequestException naming the first field that is wrong
     */
    public Event build() {
      Names.name("event", name);
      Recipient who = snapshot(recipient);
      Map<String, Object> checked = Arguments.data("data", data);
      if (id != null) {
        Arguments.id("id", id, Limits.MAX_ID_LENGTH);
      }
      Arguments.notNull("priority", priority);
      return new Event(name, who, checked, id, priority);
    }

    private static Recipient snapshot(@Nullable Communicable who) {
      if (who == null) {
        throw new InvalidRequestException("recipient", "must be set with to(...)");
      }
      return Arguments.recipient("recipient", who);
    }
  }
}
