package dev.communicable;

import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks for builders, stores and channel adapters. Each method returns the value it
 * checked, so a check reads as an assignment ({@code this.limit = Arguments.between("limit", limit,
 * 1, 1000);}), and each failure is an {@link InvalidRequestException} naming the field and the
 * problem, worded the same wherever it is raised: {@code "limit: must be between 1 and 1000, was
 * 0"}.
 *
 * <p>The library checks its own arguments with these methods; plugin and store authors are welcome
 * to do the same, so that their users see the same messages.
 */
public final class Arguments {
  /** The most characters of a rejected value that a message repeats; the rest is cut off. */
  static final int ECHO_LIMIT = 60;

  private Arguments() {}

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException "must not be null" when it is null
   */
  public static <T> T notNull(String field, @Nullable T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null, empty or only white space
   */
  public static String notBlank(String field, @Nullable String value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null or blank, was null");
    }
    if (value.isBlank()) {
      throw new InvalidRequestException(field, "must not be null or blank, was " + echo(value));
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null, blank or longer than {@code maxLength}
   *     characters
   */
  public static String notBlank(String field, @Nullable String value, int maxLength) {
    String checked = notBlank(field, value);
    if (checked.length() > maxLength) {
      throw new InvalidRequestException(
          field,
          "must be at most " + maxLength + " characters, was " + checked.length() + " characters");
    }
    return checked;
  }

  /**
   * Returns {@code value}, an id or a key: something stored, indexed and compared, such as a tenant
   * id or an idempotency key.
   *
   * @throws InvalidRequestException when it is null, blank, longer than {@code maxLength}
   *     characters, or holds a control character (U+0000 to U+001F, U+007F to U+009F) or an
   *     unpaired surrogate
   */
  public static String id(String field, String value, int maxLength) {
    notBlank(field, value, maxLength);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new InvalidRequestException(field, "must not contain the NUL character");
      }
      if (Character.isISOControl(c)) {
        throw new InvalidRequestException(
            field, "must not contain control characters, had " + codePoint(c) + " at index " + i);
      }
    }
    return wellFormed(field, value);
  }

  /**
   * Returns {@code value}, free text that is stored (empty and white space are fine): a content
   * part, a data string, a reason.
   *
   * @throws InvalidRequestException when it is null, longer than {@code maxLength} characters, or
   *     holds the NUL character (which PostgreSQL text cannot hold) or an unpaired surrogate (which
   *     has no UTF-8 form)
   */
  public static String text(String field, String value, int maxLength) {
    notNull(field, value);
    if (value.length() > maxLength) {
      throw new InvalidRequestException(
          field,
          "must be at most " + maxLength + " characters, was " + value.length() + " characters");
    }
    if (value.indexOf(0) >= 0) {
      throw new InvalidRequestException(field, "must not contain the NUL character");
    }
    return wellFormed(field, value);
  }

  private static String wellFormed(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidRequestException(
            field,
            "must not contain an unpaired surrogate, had " + codePoint(c) + " at index " + i);
      }
    }
    return value;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is less than 1
   */
  public static int positive(String field, int value) {
    if (value < 1) {
      throw new InvalidRequestException(field, "must be at least 1, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is less than 1
   */
  public static long positive(String field, long value) {
    if (value < 1) {
      throw new InvalidRequestException(field, "must be at least 1, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null, zero or negative
   */
  public static Duration positive(String field, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is negative
   */
  public static int notNegative(String field, int value) {
    if (value < 0) {
      throw new InvalidRequestException(field, "must not be negative, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null or negative
   */
  public static Duration notNegative(String field, @Nullable Duration value) {
    if (value == null || value.isNegative()) {
      throw new InvalidRequestException(field, "must be zero or positive, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is less than {@code min} or more than {@code max}
   */
  public static int between(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is less than {@code min} or more than {@code max}
   */
  public static long between(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null, shorter than {@code min} or longer than {@code
   *     max}
   */
  public static Duration between(
      String field, @Nullable Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException when it is null, before {@code min} or after {@code max}
   */
  public static Instant between(String field, Instant value, Instant min, Instant max) {
    if (value == null || value.isBefore(min) || value.isAfter(max)) {
      throw new InvalidRequestException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * Returns an unmodifiable copy of {@code values}, in order.
   *
   * @throws InvalidRequestException when it is null or holds null; the message gives the index of
   *     the first null
   */
  public static <E> List<E> noNulls(
      String field, @Nullable Collection<? extends @Nullable E> values) {
    Collection<? extends @Nullable E> checked = notNull(field, values);
    int index = 0;
    for (E value : checked) {
      if (value == null) {
        throw new InvalidRequestException(field, "must not hold null, held one at index " + index);
      }
      index++;
    }
    return List.copyOf(checked);
  }

  /**
   * Returns an unmodifiable copy of {@code values}, in order.
   *
   * @throws InvalidRequestException when it is null, holds null or more than {@code maxSize}
   *     elements
   */
  public static <E> List<E> noNulls(
      String field, @Nullable Collection<? extends @Nullable E> values, int maxSize) {
    Collection<? extends @Nullable E> checked = notNull(field, values);
    if (checked.size() > maxSize) {
      throw new InvalidRequestException(
          field, "must hold at most " + maxSize + " elements, held " + checked.size());
    }
    return noNulls(field, checked);
  }

  /**
   * Returns an unmodifiable copy of {@code values}, in order.
   *
   * @throws InvalidRequestException when it is null, empty or holds null
   */
  public static <E> List<E> notEmpty(
      String field, @Nullable Collection<? extends @Nullable E> values) {
    Collection<? extends @Nullable E> checked = notNull(field, values);
    if (checked.isEmpty()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
    return noNulls(field, checked);
  }

  /**
   * Returns a deep, unmodifiable copy of {@code data}, template data as a notification carries it:
   * strings, numbers, booleans, and lists and maps of those, keys at any depth following the rules
   * for keys and strings those for text (see {@link Limits}).
   *
   * @throws InvalidRequestException naming the first wrong entry by its path, such as {@code
   *     data.items[2].name}
   */
  public static Map<String, Object> data(String field, @Nullable Map<String, ?> data) {
    notNull(field, data);
    Map<String, Object> copy = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, ?> e : data.entrySet()) {
      DataValues.key(field, e.getKey());
      copy.put(e.getKey(), e.getValue());
    }
    DataValues.check(field, copy);
    copy.replaceAll((k, v) -> DataValues.copy(v));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a snapshot of {@code who} ({@link Recipient#of}) after checking what the host object
   * says: id, tenant and contact points by the rules of {@link Limits}, a locale and a time zone.
   *
   * @throws InvalidRequestException naming the first wrong value by its path, such as {@code
   *     recipient.contactPoints.EMAIL}
   */
  public static Recipient recipient(String field, @Nullable Communicable who) {
    notNull(field, who);
    id(field + ".id", who.communicableId(), Limits.MAX_ID_LENGTH);
    id(field + ".tenantId", who.tenantId(), Limits.MAX_ID_LENGTH);
    Map<ChannelType, String> points = notNull(field + ".contactPoints", who.contactPoints());
    for (Map.Entry<ChannelType, String> e : points.entrySet()) {
      if (e.getKey() == null) {
        throw new InvalidRequestException(field + ".contactPoints", "has a null channel");
      }
      id(field + ".contactPoints." + e.getKey(), e.getValue(), Limits.MAX_ADDRESS_LENGTH);
    }
    Locale locale = notNull(field + ".locale", who.locale());
    id(field + ".locale", locale.toLanguageTag(), Limits.MAX_LANGUAGE_TAG_LENGTH);
    notNull(field + ".timeZone", who.timeZone());
    return Recipient.of(who);
  }

  /**
   * Checks a condition that no other method here states.
   *
   * @param problem what is wrong, in words, when {@code condition} is false
   * @throws InvalidRequestException naming {@code field} with {@code problem} when {@code
   *     condition} is false
   */
  public static void check(boolean condition, String field, String problem) {
    if (!condition) {
      throw new InvalidRequestException(field, problem);
    }
  }

  /**
   * A rejected value as a message repeats it: quoted, cut to its first {@value #ECHO_LIMIT}
   * characters, control characters written as Unicode escapes, so that a huge or binary value
   * cannot flood or garble a log.
   */
  public static String echo(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    boolean cut = value.length() > ECHO_LIMIT;
    String head = cut ? value.substring(0, ECHO_LIMIT) : value;
    StringBuilder shown = new StringBuilder(head.length() + 8).append('\'');
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (Character.isISOControl(c)) {
        shown.append(String.format("\\u%04x", (int) c));
      } else {
        shown.append(c);
      }
    }
    return shown.append(cut ? "...'" : "'").toString();
  }
}
