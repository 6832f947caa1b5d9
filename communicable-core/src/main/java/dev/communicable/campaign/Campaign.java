package dev.communicable.campaign;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.schedule.SendWindow;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign sends and to whom: an event with a template (or inline content) and data, sent to
 * every recipient of a named {@link Audience}, page by page, optionally at a rate and inside a send
 * window read in each recipient's zone. Immutable; built and checked by {@link #builder(String)}.
 *
 * <pre>{@code
 * Campaign spring = Campaign.builder("spring-sale")
 *     .tenant("acme")
 *     .name("Spring sale")
 *     .event("marketing.spring-sale")
 *     .template("spring-sale")
 *     .data("discount", "20%")
 *     .audience("newsletter-subscribers")
 *     .ratePerSecond(500)
 *     .window(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)))
 *     .build();
 * }</pre>
 */
public final class Campaign {
  /** The longest campaign id: its idempotency keys ({@code campaign:<id>:<page>:<group>}) fit. */
  public static final int MAX_ID_LENGTH = 100;

  /** The longest campaign name. */
  public static final int MAX_NAME_LENGTH = 200;

  /** The default number of recipients read and queued per page. */
  public static final int DEFAULT_PAGE_SIZE = 1_000;

  /** The most recipients per page: what one notification may carry. */
  public static final int MAX_PAGE_SIZE = Notification.MAX_RECIPIENTS;

  /** The highest send rate, recipients per second. */
  public static final int MAX_RATE_PER_SECOND = 1_000_000;

  private final String id;
  private final String tenantId;
  private final String name;
  private final String event;
  private final @Nullable String topic;
  private final @Nullable String templateId;
  private final @Nullable Content content;
  private final Map<String, Object> data;
  private final List<ChannelType> channels;
  private final Priority priority;
  private final String audience;
  private final int pageSize;
  private final @Nullable Integer ratePerSecond;
  private final @Nullable SendWindow window;

  private Campaign(Builder b, Map<String, Object> data) {
    this.id = b.id;
    this.tenantId = b.tenantId;
    this.name = b.name;
    this.event = b.event;
    this.topic = b.topic;
    this.templateId = b.templateId;
    this.content = b.content;
    this.data = data;
    this.channels = List.copyOf(b.channels);
    this.priority = b.priority;
    this.audience = b.audience;
    this.pageSize = b.pageSize;
    this.ratePerSecond = b.ratePerSecond;
    this.window = b.window;
  }

  /** Starts a campaign with the host's id for it, unique in its tenant. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The host's id, unique in the tenant. */
  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  /** A name for people. */
  public String name() {
    return name;
  }

  /** The event of its notifications. */
  public String event() {
    return event;
  }

  /** The preference topic; the event unless set. */
  public String topic() {
    return topic == null ? event : topic;
  }

  /** The template, when not inline content. */
  public Optional<String> templateId() {
    return Optional.ofNullable(templateId);
  }

  /** Inline content, when not a template. */
  public Optional<Content> content() {
    return Optional.ofNullable(content);
  }

  /** Template variables, the same for every recipient. */
  public Map<String, Object> data() {
    return data;
  }

  /** The channels to use; empty for the policy's. */
  public List<ChannelType> channels() {
    return channels;
  }

  public Priority priority() {
    return priority;
  }

  /** The name of the {@link Audience} it goes to. */
  public String audience() {
    return audience;
  }

  /** Recipients read from the audience and queued per page. */
  public int pageSize() {
    return pageSize;
  }

  /** The most recipients per second its deliveries are due at; empty for as fast as queued. */
  public OptionalInt ratePerSecond() {
    return ratePerSecond == null ? OptionalInt.empty() : OptionalInt.of(ratePerSecond);
  }

  /** When its deliveries may be due, read in each recipient's zone; empty for any time. */
  public Optional<SendWindow> window() {
    return Optional.ofNullable(window);
  }

  /** A builder holding this campaign's values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder(id)
            .tenant(tenantId)
            .name(name)
            .event(event)
            .topic(topic)
            .template(templateId)
            .content(content)
            .data(data)
            .priority(priority)
            .audience(audience)
            .pageSize(pageSize)
            .ratePerSecond(ratePerSecond)
            .window(window);
    b.channels.addAll(channels);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Campaign c
        && c.id.equals(id)
        && c.tenantId.equals(tenantId)
        && c.name.equals(name)
        && c.event.equals(event)
        && java.util.Objects.equals(c.topic, topic)
        && java.util.Objects.equals(c.templateId, templateId)
        && java.util.Objects.equals(c.content, content)
        && c.data.equals(data)
        && c.channels.equals(channels)
        && c.priority == priority
        && c.audience.equals(audience)
        && c.pageSize == pageSize
        && java.util.Objects.equals(c.ratePerSecond, ratePerSecond)
        && java.util.Objects.equals(c.window, window);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(tenantId, id, event, audience);
  }

  @Override
  public String toString() {
    return "Campaign[tenant="
        + tenantId
        + ", id="
        + id
        + ", event="
        + event
        + ", audience="
        + audience
        + ", pageSize="
        + pageSize
        + ", rate="
        + ratePerSecond
        + ", window="
        + window
        + "]";
  }

  /** Builds a {@link Campaign}; {@link #build()} checks every value and names the field. */
  public static final class Builder {
    private final String id;
    private @Nullable String tenantId;
    private @Nullable String name;
    private @Nullable String event;
    private @Nullable String topic;
    private @Nullable String templateId;
    private @Nullable Content content;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Set<ChannelType> channels = new LinkedHashSet<>();
    private Priority priority = Priority.NORMAL;
    private @Nullable String audience;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private @Nullable Integer ratePerSecond;
    private @Nullable SendWindow window;

    private Builder(String id) {
      this.id = id;
    }

    /** The tenant, an id. Required. */
    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** A name for people, 1 to {@value #MAX_NAME_LENGTH} characters. Default: the id. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** The event of its notifications, a name (see {@link Limits}). Required. */
    public Builder event(String event) {
      this.event = event;
      return this;
    }

    /** The preference topic, a name. Default: the event. */
    public Builder topic(@Nullable String topic) {
      this.topic = topic;
      return this;
    }

    /** The template to render (its active version when each page is queued). */
    public Builder template(@Nullable String templateId) {
      this.templateId = templateId;
      return this;
    }

    /** Inline content instead of a template. */
    public Builder content(@Nullable Content content) {
      this.content = content;
      return this;
    }

    /** Adds a template variable, as {@link Notification.Builder#data(String, Object)}. */
    public Builder data(String key, Object value) {
      data.put(key, value);
      return this;
    }

    /** Adds template variables. */
    public Builder data(Map<String, ?> values) {
      data.putAll(Arguments.notNull("data", values));
      return this;
    }

    /** The channels to use, in parallel. Default: the policy's. */
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

    /** The name of the registered {@link Audience} to send to. Required. */
    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /**
     * Recipients read and queued per page, 1 to {@value #MAX_PAGE_SIZE}. Default: {@value
     * #DEFAULT_PAGE_SIZE}. A page is the unit of progress: pause takes effect after the page in
     * progress, and a page is what is read again after a crash.
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * At most this many recipients per second, 1 to {@value #MAX_RATE_PER_SECOND}: page k's
     * deliveries are due at start + k * pageSize / rate. Default: null, as fast as queued.
     */
    public Builder ratePerSecond(@Nullable Integer ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
      return this;
    }

    /**
     * Deliveries are due only inside this window, read in each recipient's time zone (a page's
     * recipients are grouped by zone, each group due at the window's next opening in its zone).
     * Default: null, any time.
     */
    public Builder window(@Nullable SendWindow window) {
      this.window = window;
      return this;
    }

    /**
     * Checks every value and builds the campaign.
     *
     * @throws InvalidRequestException naming the first field that is wrong
     */
    public Campaign build() {
      Arguments.id("id", id, MAX_ID_LENGTH);
      Arguments.id("tenant", tenantId, Limits.MAX_ID_LENGTH);
      if (name == null) {
        name = id;
      }
      Arguments.notBlank("name", name, MAX_NAME_LENGTH);
      Arguments.text("name", name, MAX_NAME_LENGTH);
      Arguments.notNull("event", event);
      Arguments.id("audience", audience, Limits.MAX_NAME_LENGTH);
      Arguments.between("pageSize", pageSize, 1, MAX_PAGE_SIZE);
      if (ratePerSecond != null) {
        Arguments.between("ratePerSecond", ratePerSecond, 1, MAX_RATE_PER_SECOND);
      }
      Arguments.notNull("priority", priority);
      // The notification checks event, topic, template, content and data as every send does.
      Notification probe =
          Notification.event(event)
              .topic(topic)
              .tenant(tenantId)
              .template(templateId)
              .content(content)
              .data(data)
              .priority(priority)
              .to(new Recipient("probe", tenantId, Map.of(), Locale.ENGLISH, ZoneOffset.UTC))
              .build();
      return new Campaign(this, probe.data());
    }
  }
}
