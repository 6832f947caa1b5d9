package dev.communicable.schedule;

import dev.communicable.Arguments;
import dev.communicable.Communicable;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recurring notification to one recipient: at each firing of a {@link Cron} expression, read in a
 * time zone, the schedule sends a {@link Notification} built from what it stores (event, topic,
 * template, data, channels, priority). Built fluently and checked when built; immutable.
 *
 * <pre>{@code
 * Schedule reminder = Schedule.builder("timesheet-reminder:u-42")
 *     .cron("0 9 * * MON-FRI")          // 09:00 on weekdays...
 *     .to(user)                         // ...in the user's own time zone
 *     .event("timesheet.reminder")
 *     .template("timesheet-reminder")
 *     .data("url", "https://example.com/timesheet")
 *     .build();
 * comms.schedules().save(reminder);
 * }</pre>
 *
 * <p>The schedule belongs to the recipient's tenant. Each firing is sent with the idempotency key
 * {@code schedule:<id>:<firing instant>}, so a firing run again after a crash sends nothing more.
 */
public final class Schedule {
  /**
   * The longest schedule id: short enough that the idempotency key of a firing ({@code
   * schedule:<id>:<instant>}) stays within {@link Limits#MAX_ID_LENGTH}.
   */
  public static final int MAX_ID_LENGTH = 200;

  private final String id;
  private final Cron cron;
  private final ZoneId zone;
  private final Recipient recipient;
  private final String event;
  private final String topic;
  private final String templateId;
  private final Map<String, Object> data;
  private final List<ChannelType> channels;
  private final Priority priority;
  private final @Nullable Instant startAt;
  private final @Nullable Instant endAt;

  private Schedule(Builder b, Cron cron, Recipient recipient, Notification checked) {
    this.id = b.id;
    this.cron = cron;
    this.zone = b.zone != null ? b.zone : recipient.timeZone();
    this.recipient = recipient;
    this.event = checked.event();
    this.topic = checked.topic();
    this.templateId = checked.templateId().orElseThrow();
    this.data = checked.data();
    this.channels = checked.channels();
    this.priority = checked.priority();
    this.startAt = b.startAt;
    this.endAt = b.endAt;
  }

  /**
   * Starts a schedule with this id: chosen by the host, unique within the tenant (saving another
   * schedule with the same id replaces it), such as {@code "invoice-reminder:u-42"}.
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The host's id for this schedule, unique within its tenant. */
  public String id() {
    return id;
  }

  /** The recipient's tenant. */
  public String tenantId() {
    return recipient.tenantId();
  }

  public Cron cron() {
    return cron;
  }

  /** The zone the expression's local times are read in. */
  public ZoneId zone() {
    return zone;
  }

  /** The recipient, as the host object said when the schedule was built. */
  public Recipient recipient() {
    return recipient;
  }

  public String event() {
    return event;
  }

  /** The preference topic; the event unless set. */
  public String topic() {
    return topic;
  }

  public String templateId() {
    return templateId;
  }

  /** Template variables, in insertion order. */
  public Map<String, Object> data() {
    return data;
  }

  /** The channels to send on; empty for the policy's. */
  public List<ChannelType> channels() {
    return channels;
  }

  public Priority priority() {
    return priority;
  }

  /** No firing before this instant; empty for none. */
  public Optional<Instant> startAt() {
    return Optional.ofNullable(startAt);
  }

  /** No firing after this instant; empty for none. */
  public Optional<Instant> endAt() {
    return Optional.ofNullable(endAt);
  }

  /** The idempotency key of the firing at {@code firing}: {@code schedule:<id>:<instant>}. */
  public String idempotencyKey(Instant firing) {
    return "schedule:" + id + ":" + firing;
  }

  /** The notification the firing at {@code firing} sends. */
  public Notification notification(Instant firing) {
    return Notification.event(event)
        .to(recipient)
        .topic(topic)
        .template(templateId)
        .data(data)
        .channels(channels.toArray(ChannelType[]::new))
        .priority(priority)
        .idempotencyKey(idempotencyKey(firing))
        .build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Schedule s
        && id.equals(s.id)
        && cron.equals(s.cron)
        && zone.equals(s.zone)
        && recipient.equals(s.recipient)
        && event.equals(s.event)
        && topic.equals(s.topic)
        && templateId.equals(s.templateId)
        && data.equals(s.data)
        && channels.equals(s.channels)
        && priority == s.priority
        && Objects.equals(startAt, s.startAt)
        && Objects.equals(endAt, s.endAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, cron, zone, recipient, event, templateId);
  }

  @Override
  public String toString() {
    return "Schedule[id="
        + id
        + ", tenant="
        + tenantId()
        + ", cron="
        + cron
        + ", zone="
        + zone
        + ", recipient="
        + recipient.id()
        + ", event="
        + event
        + ", template="
        + templateId
        + "]";
  }

  /** Builds a {@link Schedule}. */
  public static final class Builder {
    private final String id;
    private @Nullable Cron cron;
    private @Nullable String cronText;
    private @Nullable ZoneId zone;
    private @Nullable Communicable recipient;
    private @Nullable String event;
    private @Nullable String topic;
    private @Nullable String templateId;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Set<ChannelType> channels = new LinkedHashSet<>();
    private Priority priority = Priority.NORMAL;
    private @Nullable Instant startAt;
    private @Nullable Instant endAt;

    private Builder(String id) {
      this.id = id;
    }

    /** When it fires: a five-field UNIX cron expression (see {@link Cron}). Required. */
    public Builder cron(String expression) {
      this.cronText = expression;
      this.cron = null;
      return this;
    }

    /** When it fires. Required. */
    public Builder cron(Cron cron) {
      this.cron = cron;
      this.cronText = null;
      return this;
    }

    /**
     * The zone the expression is read in, such as the tenant's office zone. Default: the
     * recipient's own time zone ({@link Communicable#timeZone()}), as it is when the schedule is
     * built.
     */
    public Builder zone(@Nullable ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /** The recipient, copied into a {@link Recipient} when built. Required. */
    public Builder to(Communicable recipient) {
      this.recipient = recipient;
      return this;
    }

    /** The event name of the notifications, such as {@code "timesheet.reminder"}. Required. */
    public Builder event(String event) {
      this.event = event;
      return this;
    }

    /** The preference topic. Default: the event name. */
    public Builder topic(@Nullable String topic) {
      this.topic = topic;
      return this;
    }

    /** The template each firing renders (its version active at that time). Required. */
    public Builder template(String templateId) {
      this.templateId = templateId;
      return this;
    }

    /** Adds a template variable; the same values as {@link Notification.Builder#data}. */
    public Builder data(String key, Object value) {
      data.put(key, value);
      return this;
    }

    /** Adds every entry as a template variable. */
    public Builder data(Map<String, ?> values) {
      data.putAll(Arguments.notNull("data", values));
      return this;
    }

    /** The channels to use instead of the policy's. Default: the policy's. */
    public Builder channels(ChannelType... channels) {
      Arguments.notNull("channels", channels);
      for (int i = 0; i < channels.length; i++) {
        this.channels.add(Arguments.notNull("channels[" + i + "]", channels[i]));
      }
      return this;
    }

    /** Default: {@link Priority#NORMAL}. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** No firing before this instant. Default: none (from when the schedule is saved). */
    public Builder startAt(@Nullable Instant startAt) {
      this.startAt = startAt;
      return this;
    }

    /** No firing after this instant; the schedule then finishes. Default: none (forever). */
    public Builder endAt(@Nullable Instant endAt) {
      this.endAt = endAt;
      return this;
    }

    /**
     * Checks every field and builds the schedule.
     *
     * @throws InvalidRequestException naming the first field that is wrong: {@code id} (blank,
     *     longer than {@value #MAX_ID_LENGTH}, control characters), {@code cron}, {@code recipient}
     *     and its parts ({@code recipient.id}...), {@code event}, {@code topic}, {@code template},
     *     {@code data...}, {@code priority}, {@code startAt}, {@code endAt} (not after {@code
     *     startAt})
     */
    public Schedule build() {
      Arguments.id("id", id, MAX_ID_LENGTH);
      Cron checkedCron = cron != null ? cron : Cron.parse(cronText);
      Arguments.notNull("recipient", recipient);
      Arguments.notNull("event", event);
      Arguments.notNull("template", templateId);
      Arguments.notNull("priority", priority);
      if (startAt != null) {
        Arguments.between("startAt", startAt, Limits.EARLIEST_TIME, Limits.LATEST_TIME);
      }
      if (endAt != null) {
        Arguments.between("endAt", endAt, Limits.EARLIEST_TIME, Limits.LATEST_TIME);
        if (startAt != null && !endAt.isAfter(startAt)) {
          throw new InvalidRequestException(
              "endAt", "must be after startAt (" + startAt + "), was " + endAt);
        }
      }
      // The notification's own checks cover the recipient, names and data; a trial one is built
      // and its errors renamed from the notification's fields to the schedule's.
      Notification checked;
      try {
        checked =
            Notification.event(event)
                .to(recipient)
                .topic(topic)
                .template(templateId)
                .data(data)
                .channels(channels.toArray(ChannelType[]::new))
                .priority(priority)
                .build();
      } catch (InvalidRequestException e) {
        String field = e.field();
        if (field.startsWith("recipients[0]")) {
          field = "recipient" + field.substring("recipients[0]".length());
        }
        throw new InvalidRequestException(field, e.problem());
      }
      Recipient snapshot = checked.recipients().get(0);
      return new Schedule(this, checkedCron, snapshot, checked);
    }
  }
}
