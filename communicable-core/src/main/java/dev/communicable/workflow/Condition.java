package dev.communicable.workflow;

import dev.communicable.workflow.internal.ConditionParser;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A condition of a {@link Step.Branch}, in a small expression language; parsed once by {@link
 * #parse(String)}, then tested on each run's variables. The full grammar with examples is in
 * docs/workflow-conditions.md.
 *
 * <pre>{@code
 * data.amount >= 100 and data.currency == "EUR"
 * "sms" in recipient.channels && preferences.sms
 * not exists(data.paidAt) or data.status in ["open", "overdue"]
 * recipient.locale contains "fr"
 * }</pre>
 *
 * <ul>
 *   <li><b>Values:</b> strings in double or single quotes (a backslash escapes a quote, a
 *       backslash, {@code n}, {@code t}, {@code r}, or {@code u} and four hex digits), numbers
 *       ({@code 42}, {@code -1.5}, {@code 2e3}), {@code true}, {@code false}, {@code null}, lists
 *       of those ({@code ["a", "b"]}).
 *   <li><b>Paths:</b> dotted names over nested maps ({@code data.customer.tier}); a numeric segment
 *       indexes a list ({@code data.items.0.sku}). Names are letters, digits, {@code _} and {@code
 *       -}, starting with a letter or {@code _}. A missing path is {@code null}.
 *   <li><b>Operators</b>, loosest first: {@code or} ({@code ||}); {@code and} ({@code &&}); {@code
 *       not} ({@code !}); {@code == != < <= > >=}, {@code in}, {@code not in}, {@code contains};
 *       then {@code exists(path)} and parentheses.
 * </ul>
 *
 * <p>Numbers compare by value whatever their Java type ({@code 1 == 1.0}); {@code < <= > >=}
 * compare two numbers or two strings (by UTF-16 code units) and are false for anything else, {@code
 * null} included; {@code ==} never converts between types ({@code "1" == 1} is false). {@code x in
 * list} and {@code list contains x} test membership; on two strings they test for a substring. A
 * path standing alone holds when its value is the boolean {@code true}. Testing never throws.
 *
 * <p>The workflow runtime passes three variables: {@code data} (the event data), {@code recipient}
 * ({@code id}, {@code locale}, {@code timeZone}, and {@code channels}: the names of the channels
 * the recipient has a contact point for), and {@code preferences} (channel name to whether the
 * recipient allows that channel for the workflow's topic).
 */
public final class Condition {
  /** The longest condition, in characters. */
  public static final int MAX_LENGTH = ConditionParser.MAX_LENGTH;

  private final String text;
  private final Predicate<Map<String, ?>> predicate;

  private Condition(String text, Predicate<Map<String, ?>> predicate) {
    this.text = text;
    this.predicate = predicate;
  }

  /**
   * Parses {@code text}.
   *
   * @throws dev.communicable.InvalidRequestException naming the field {@code condition}, with the
   *     1-based position of the problem and what was expected there, for example {@code "condition:
   *     at position 12: expected ')' to close the '(' at position 1, found the end of the
   *     condition"}
   */
  public static Condition parse(String text) {
    return new Condition(text, ConditionParser.parse(text));
  }

  /** The text it was parsed from. */
  public String text() {
    return text;
  }

  /**
   * Whether the condition holds for {@code variables}: names to values that are strings, numbers,
   * booleans, null, and lists and maps of those. Other values are compared by their string form.
   */
  public boolean test(@Nullable Map<String, ?> variables) {
    return predicate.test(variables == null ? Map.of() : variables);
  }

  /** Two conditions are equal when their texts are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Condition c && text.equals(c.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
