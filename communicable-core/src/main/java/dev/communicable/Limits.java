package dev.communicable;

import java.time.Duration;
import java.time.Instant;

/**
 * The limits on what a caller may pass, in one place. Every entry point ({@link Notification}'s
 * builder, templates, preferences, the inbox, devices, dead letters, tracking, timelines) checks
 * them before anything is written or looked up, so that every store, in memory or in a database,
 * accepts and refuses the same requests; a refusal is an {@link InvalidRequestException} naming the
 * field by its path, such as {@code recipients[0].id} or {@code data.items[2].name}.
 *
 * <p>Character rules, on top of the lengths below:
 *
 * <ul>
 *   <li><b>Ids and keys</b> (tenant, recipient, sender, idempotency key, data and metadata keys,
 *       actor, publisher, provider message id, addresses, language tags): not blank, no control
 *       character (U+0000 to U+001F, U+007F to U+009F), no unpaired surrogate.
 *   <li><b>Names</b> (event, topic, template id): 1 to {@value #MAX_NAME_LENGTH} ASCII letters,
 *       digits or {@code . _ : / -}, starting with a letter or digit.
 *   <li><b>Text</b> (content parts, data string values at any depth, metadata values, reasons,
 *       receipt details): no NUL character (PostgreSQL text cannot hold it) and no unpaired
 *       surrogate (it cannot be written as UTF-8); other characters, line breaks included, are
 *       kept.
 *   <li><b>Device tokens</b>: printable ASCII (U+0020 to U+007E) only.
 * </ul>
 *
 * <p>Lengths count Java {@code char}s (UTF-16 code units). They keep every indexed column within
 * PostgreSQL's index entry size whatever the characters: two ids of {@value #MAX_ID_LENGTH} chars
 * take at most 1,530 bytes as UTF-8.
 */
public final class Limits {
  /**
   * The longest id or key: tenant, recipient (communicable id), sender, idempotency key, data and
   * metadata keys, template publisher, provider message id.
   */
  public static final int MAX_ID_LENGTH = 255;

  /** The longest event, topic or template id. */
  public static final int MAX_NAME_LENGTH = 128;

  /** The longest contact point (email address, phone number, webhook URL...). */
  public static final int MAX_ADDRESS_LENGTH = 2048;

  /** The longest locale, as a BCP 47 language tag ({@code Locale.toLanguageTag()}). */
  public static final int MAX_LANGUAGE_TAG_LENGTH = 255;

  /** The longest metadata value. */
  public static final int MAX_METADATA_VALUE_LENGTH = 4096;

  /** The longest part (subject, text, html...) of inline content or of a template variant. */
  public static final int MAX_CONTENT_PART_LENGTH = 256 * 1024;

  /** The longest device token (for Web Push, the subscription JSON). */
  public static final int MAX_DEVICE_TOKEN_LENGTH = 1024;

  /** The longest cron expression of a schedule. */
  public static final int MAX_CRON_LENGTH = 200;

  /** The longest actor or reason of a preference change. */
  public static final int MAX_AUDIT_TEXT_LENGTH = 1000;

  /**
   * The earliest time a caller may give ({@code sendAt}, an inbox page's {@code before}):
   * 1970-01-01T00:00:00Z.
   */
  public static final Instant EARLIEST_TIME = Instant.EPOCH;

  /**
   * The latest time a caller may give: 9999-12-31T23:59:59.999999999Z, well inside what PostgreSQL
   * ({@code timestamptz}, up to the year 294276) and H2 store. Times are stored to the microsecond.
   */
  public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /**
   * The longest delay a policy may set ({@code expireAfter}, {@code escalateIfUnread}): 3650 days,
   * so that every time computed from an accepted time stays storable.
   */
  public static final Duration MAX_POLICY_DELAY = Duration.ofDays(3650);

  private Limits() {}
}
