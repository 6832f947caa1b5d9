package dev.communicable;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parts of one message on one channel. Which parts a channel uses:
 *
 * <ul>
 *   <li>email: {@code subject}, {@code text} and/or {@code html}
 *   <li>SMS: {@code text}
 *   <li>push: {@code title}, {@code text} (the body), {@code link} (deep link)
 *   <li>in-app: {@code title}, {@code text}, {@code link}
 *   <li>webhook and chat: {@code json} (the request body), or {@code text}
 * </ul>
 *
 * <p>In a template each part is a Mustache source; after rendering each part is final text. Absent
 * parts are {@code null}.
 */
public record Content(
    @Nullable String subject,
    @Nullable String title,
    @Nullable String text,
    @Nullable String html,
    @Nullable String link,
    @Nullable String json) {

  /** Content with only a text part: an SMS, a simple chat or in-app message. */
  public static Content text(String text) {
    return builder().text(text).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when no part is set. */
  public boolean isEmpty() {
    return subject == null
        && title == null
        && text == null
        && html == null
        && link == null
        && json == null;
  }

  /** A builder for content; every part is optional. */
  public static final class Builder {
    private @Nullable String subject;
    private @Nullable String title;
    private @Nullable String text;
    private @Nullable String html;
    private @Nullable String link;
    private @Nullable String json;

    private Builder() {}

    /** The email subject line. */
    public Builder subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /** The title of a push or in-app message. */
    public Builder title(@Nullable String title) {
      this.title = title;
      return this;
    }

    /** The plain-text body (email text part, SMS, push body, in-app body). */
    public Builder text(@Nullable String text) {
      this.text = text;
      return this;
    }

    /** The HTML body of an email; the only part whose variables are HTML-escaped. */
    public Builder html(@Nullable String html) {
      this.html = html;
      return this;
    }

    /** A deep link or URL opened when the recipient taps the message. */
    public Builder link(@Nullable String link) {
      this.link = link;
      return this;
    }

    /** A JSON document: the body of a webhook or of a structured chat message. */
    public Builder json(@Nullable String json) {
      this.json = json;
      return this;
    }

    public Content build() {
      return new Content(subject, title, text, html, link, json);
    }
  }

  /** Returns a copy with {@code part} replaced; used by renderers. */
  public Content with(Part part, @Nullable String value) {
    Objects.requireNonNull(part, "part");
    return switch (part) {
      case SUBJECT -> new Content(value, title, text, html, link, json);
      case TITLE -> new Content(subject, value, text, html, link, json);
      case TEXT -> new Content(subject, title, value, html, link, json);
      case HTML -> new Content(subject, title, text, value, link, json);
      case LINK -> new Content(subject, title, text, html, value, json);
      case JSON -> new Content(subject, title, text, html, link, value);
    };
  }

  /** The value of {@code part}, or null. */
  public @Nullable String get(Part part) {
    return switch (part) {
      case SUBJECT -> subject;
      case TITLE -> title;
      case TEXT -> text;
      case HTML -> html;
      case LINK -> link;
      case JSON -> json;
    };
  }

  /** Names of the parts, for renderers and stores that handle them generically. */
  public enum Part {
    SUBJECT,
    TITLE,
    TEXT,
    HTML,
    LINK,
    JSON
  }
}
