package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.workflow.internal.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Workflow} as JSON, the form a tenant's administrator edits and the stores keep. Reading
 * checks everything {@link Workflow.Builder#build()} checks, and the JSON itself: unknown fields,
 * wrong types, unknown step types. Each error is an {@link InvalidRequestException} naming the
 * field by its JSON path, such as {@code steps[2].duration: must be positive, was PT0S} or {@code
 * steps[1].type: unknown step type 'sned'}.
 *
 * <pre>{@code
 * {
 *   "id": "invoice-overdue",              // required
 *   "trigger": "invoice.overdue",         // required: the event that starts a run
 *   "correlationKey": "invoiceId",        // optional: the data field that ties cancel events
 *   "cancelOn": ["invoice.paid"],         // optional
 *   "topic": "billing",                   // optional, default the trigger
 *   "steps": [
 *     {"id": "email", "type": "send", "template": "invoice-overdue", "channels": ["email"]},
 *     {"id": "opened", "type": "waitFor", "step": "email", "receipt": "read",
 *      "within": "PT2H", "onReceipt": "done"},
 *     {"id": "sms", "type": "send", "template": "invoice-overdue", "channels": ["sms"]},
 *     {"id": "done", "type": "exit"}
 *   ]
 * }
 * }</pre>
 *
 * <p>The step types and their fields ({@code id} and {@code type} on every step; a field marked ?
 * may be left out or null):
 *
 * <ul>
 *   <li>{@code send}: {@code template}, {@code channels?} (channel names), {@code priority?}
 *       ({@code normal}, {@code high}, {@code critical});
 *   <li>{@code delay}: {@code duration} or {@code until} (a local time such as {@code "09:00"});
 *   <li>{@code waitFor}: {@code step}, {@code receipt} ({@code delivered}, {@code read}), {@code
 *       within}, {@code onReceipt?}, {@code onTimeout?};
 *   <li>{@code branch}: {@code condition} (see {@link Condition}), {@code then?}, {@code
 *       otherwise?};
 *   <li>{@code digest}: {@code kind} ({@code fixed}, {@code backoff}, {@code scheduled}), {@code
 *       window} (fixed, backoff) or {@code cron} (scheduled), {@code key?}, {@code maxItems?};
 *   <li>{@code throttle}: {@code limit}, {@code window}, {@code key?};
 *   <li>{@code exit}: nothing more.
 * </ul>
 *
 * <p>Durations are ISO-8601 strings ({@code "PT2H"}, {@code "P1D"}); enum values are read in any
 * case and written in lower case. {@link #toJson} writes fields in the order above, indented, and
 * {@code fromJson(toJson(w))} equals {@code w}.
 */
public final class WorkflowJson {
  /** The longest JSON text read, in characters. */
  public static final int MAX_LENGTH = 1_000_000;

  private static final List<String> WORKFLOW_FIELDS =
      List.of("id", "trigger", "correlationKey", "cancelOn", "topic", "steps");

  private static final Map<String, List<String>> STEP_FIELDS =
      Map.of(
          "send", List.of("id", "type", "template", "channels", "priority"),
          "delay", List.of("id", "type", "duration", "until"),
          "waitFor", List.of("id", "type", "step", "receipt", "within", "onReceipt", "onTimeout"),
          "branch", List.of("id", "type", "condition", "then", "otherwise"),
          "digest", List.of("id", "type", "kind", "window", "cron", "key", "maxItems"),
          "throttle", List.of("id", "type", "limit", "window", "key"),
          "exit", List.of("id", "type"));

  private static final String STEP_TYPES = "send, delay, waitFor, branch, digest, throttle, exit";

  private WorkflowJson() {}

  /** The workflow as JSON text. */
  public static String toJson(Workflow workflow) {
    Arguments.notNull("workflow", workflow);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("id", workflow.id());
    root.put("trigger", workflow.trigger());
    workflow.correlationKey().ifPresent(key -> root.put("correlationKey", key));
    if (!workflow.cancelOn().isEmpty()) {
      root.put("cancelOn", List.copyOf(workflow.cancelOn()));
    }
    if (!workflow.topic().equals(workflow.trigger())) {
      root.put("topic", workflow.topic());
    }
    List<Object> steps = new ArrayList<>();
    for (Step step : workflow.steps()) {
      steps.add(stepJson(step));
    }
    root.put("steps", steps);
    return Json.write(root);
  }

  private static Map<String, Object> stepJson(Step step) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", step.id());
    m.put("type", step.type());
    if (step instanceof Step.Send s) {
      m.put("template", s.template());
      if (!s.channels().isEmpty()) {
        m.put("channels", s.channels().stream().map(ChannelType::name).toList());
      }
      if (s.priority() != null) {
        m.put("priority", lower(s.priority()));
      }
    } else if (step instanceof Step.Delay d) {
      if (d.duration() != null) {
        m.put("duration", d.duration().toString());
      } else {
        m.put("until", String.valueOf(d.until()));
      }
    } else if (step instanceof Step.WaitFor w) {
      m.put("step", w.step());
      m.put("receipt", lower(w.receipt()));
      m.put("within", w.within().toString());
      putIfSet(m, "onReceipt", w.onReceipt());
      putIfSet(m, "onTimeout", w.onTimeout());
    } else if (step instanceof Step.Branch b) {
      m.put("condition", b.condition().text());
      putIfSet(m, "then", b.then());
      putIfSet(m, "otherwise", b.otherwise());
    } else if (step instanceof Step.Digest g) {
      DigestSpec d = g.digest();
      m.put("kind", lower(d.kind()));
      if (d.window() != null) {
        m.put("window", d.window().toString());
      }
      putIfSet(m, "cron", d.cron());
      d.key().ifPresent(key -> m.put("key", key));
      if (d.maxItems() != DigestSpec.DEFAULT_MAX_ITEMS) {
        m.put("maxItems", d.maxItems());
      }
    } else if (step instanceof Step.Throttle t) {
      m.put("limit", t.limit());
      m.put("window", t.window().toString());
      putIfSet(m, "key", t.key());
    }
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String field, @Nullable String value) {
    if (value != null) {
      m.put(field, value);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads and checks a workflow.
   *
   * @throws InvalidRequestException naming the first wrong field by its JSON path ({@code
   *     steps[2].within}), or the field {@code json} with the line and column when the text is not
   *     well-formed JSON
   */
  public static Workflow fromJson(String json) {
    Arguments.notBlank("json", json);
    if (json.length() > MAX_LENGTH) {
      throw new InvalidRequestException(
          "json",
          "must be at most " + MAX_LENGTH + " characters, was " + json.length() + " characters");
    }
    Map<String, @Nullable Object> root = object("", Json.read(json));
    onlyFields("", root, WORKFLOW_FIELDS, "a workflow");
    Workflow.Builder b = Workflow.builder(requiredString("", root, "id"));
    b.on(requiredString("", root, "trigger"));
    b.correlateBy(optionalString("", root, "correlationKey"));
    List<@Nullable Object> cancels = optionalArray("", root, "cancelOn");
    if (cancels != null) {
      for (int i = 0; i < cancels.size(); i++) {
        b.cancelOn(string("cancelOn[" + i + "]", cancels.get(i)));
      }
    }
    b.topic(optionalString("", root, "topic"));
    List<@Nullable Object> steps = optionalArray("", root, "steps");
    if (steps == null) {
      throw new InvalidRequestException("steps", "must hold at least one step");
    }
    if (steps.size() > Workflow.MAX_STEPS) {
      throw new InvalidRequestException(
          "steps", "must hold at most " + Workflow.MAX_STEPS + " steps, held " + steps.size());
    }
    for (int i = 0; i < steps.size(); i++) {
      String path = "steps[" + i + "]";
      Map<String, @Nullable Object> step = object(path, steps.get(i));
      b.step(step(path, step));
    }
    return b.build();
  }

  private static Step step(String path, Map<String, @Nullable Object> m) {
    String type = requiredString(path, m, "type");
    List<String> fields = STEP_FIELDS.get(type);
    if (fields == null) {
      throw new InvalidRequestException(
          path + ".type",
          "unknown step type " + Arguments.echo(type) + ", expected one of " + STEP_TYPES);
    }
    onlyFields(path, m, fields, (type.equals("exit") ? "an " : "a ") + type + " step");
    String id = requiredString(path, m, "id");
    return switch (type) {
      case "send" -> send(path, id, m);
      case "delay" -> delay(path, id, m);
      case "waitFor" -> waitFor(path, id, m);
      case "branch" -> branch(path, id, m);
      case "digest" -> digest(path, id, m);
      case "throttle" -> throttle(path, id, m);
      default -> at(path, () -> new Step.Exit(id));
    };
  }

  private static Step send(String path, String id, Map<String, @Nullable Object> m) {
    String template = requiredString(path, m, "template");
    List<ChannelType> channels = new ArrayList<>();
    List<@Nullable Object> names = optionalArray(path, m, "channels");
    if (names != null) {
      if (names.size() > Step.MAX_CHANNELS) {
        throw new InvalidRequestException(
            path + ".channels",
            "must hold at most " + Step.MAX_CHANNELS + " elements, held " + names.size());
      }
      for (int i = 0; i < names.size(); i++) {
        String field = path + ".channels[" + i + "]";
        String name = string(field, names.get(i));
        channels.add(at(field, () -> ChannelType.of(name), true));
      }
    }
    Priority priority = optionalEnum(path, m, "priority", Priority.class);
    return at(path, () -> new Step.Send(id, template, channels, priority));
  }

  private static Step delay(String path, String id, Map<String, @Nullable Object> m) {
    Duration duration = optionalDuration(path, m, "duration");
    LocalTime until = optionalTime(path, m, "until");
    return at(path, () -> new Step.Delay(id, duration, until));
  }

  private static Step waitFor(String path, String id, Map<String, @Nullable Object> m) {
    String step = requiredString(path, m, "step");
    AwaitedReceipt receipt = optionalEnum(path, m, "receipt", AwaitedReceipt.class);
    if (receipt == null) {
      throw new InvalidRequestException(path + ".receipt", "is required: delivered or read");
    }
    Duration within = requiredDuration(path, m, "within");
    String onReceipt = optionalString(path, m, "onReceipt");
    String onTimeout = optionalString(path, m, "onTimeout");
    return at(path, () -> new Step.WaitFor(id, step, receipt, within, onReceipt, onTimeout));
  }

  private static Step branch(String path, String id, Map<String, @Nullable Object> m) {
    String condition = requiredString(path, m, "condition");
    String then = optionalString(path, m, "then");
    String otherwise = optionalString(path, m, "otherwise");
    return at(path, () -> new Step.Branch(id, Condition.parse(condition), then, otherwise));
  }

  private static Step digest(String path, String id, Map<String, @Nullable Object> m) {
    DigestSpec.Kind kind = optionalEnum(path, m, "kind", DigestSpec.Kind.class);
    if (kind == null) {
      throw new InvalidRequestException(path + ".kind", "is required: fixed, backoff or scheduled");
    }
    Duration window = optionalDuration(path, m, "window");
    String cron = optionalString(path, m, "cron");
    String key = optionalString(path, m, "key");
    Integer maxItems = optionalInt(path, m, "maxItems");
    DigestSpec spec;
    if (kind == DigestSpec.Kind.SCHEDULED) {
      if (window != null) {
        throw new InvalidRequestException(
            path + ".window", "a scheduled digest has a cron, not a window");
      }
      if (cron == null) {
        throw new InvalidRequestException(path + ".cron", "is required for a scheduled digest");
      }
      spec = at(path, () -> DigestSpec.scheduled(cron));
    } else {
      if (cron != null) {
        throw new InvalidRequestException(
            path + ".cron", "only a scheduled digest has a cron, this one is " + lower(kind));
      }
      if (window == null) {
        throw new InvalidRequestException(
            path + ".window", "is required for a " + lower(kind) + " digest");
      }
      spec =
          at(
              path,
              () ->
                  kind == DigestSpec.Kind.FIXED
                      ? DigestSpec.fixed(window)
                      : DigestSpec.backoff(window));
    }
    DigestSpec keyed = at(path, () -> spec.key(key));
    DigestSpec bounded = maxItems == null ? keyed : at(path, () -> keyed.maxItems(maxItems));
    return at(path, () -> new Step.Digest(id, bounded));
  }

  private static Step throttle(String path, String id, Map<String, @Nullable Object> m) {
    Integer limit = optionalInt(path, m, "limit");
    if (limit == null) {
      throw new InvalidRequestException(path + ".limit", "is required");
    }
    Duration window = requiredDuration(path, m, "window");
    String key = optionalString(path, m, "key");
    return at(path, () -> new Step.Throttle(id, limit, window, key));
  }

  // ---------------------------------------------------------------- values and their paths

  /** Makes a value, naming its errors under {@code path} ({@code steps[2]} + {@code .within}). */
  private static <T> T at(String path, Supplier<T> make) {
    return at(path, make, false);
  }

  private static <T> T at(String path, Supplier<T> make, boolean whole) {
    try {
      return make.get();
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(whole ? path : path + "." + e.field(), e.problem());
    }
  }

  private static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static Map<String, @Nullable Object> object(String path, @Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) map;
      return object;
    }
    throw new InvalidRequestException(
        path.isEmpty() ? "json" : path, "must be an object, was " + describe(value));
  }

  private static void onlyFields(
      String path, Map<String, @Nullable Object> m, List<String> fields, String what) {
    for (String key : m.keySet()) {
      if (!fields.contains(key)) {
        throw new InvalidRequestException(
            field(path, key), "unknown field, " + what + " has " + String.join(", ", fields));
      }
    }
  }

  private static String requiredString(String path, Map<String, @Nullable Object> m, String name) {
    Object value = m.get(name);
    if (value == null) {
      throw new InvalidRequestException(field(path, name), "is required");
    }
    return string(field(path, name), value);
  }

  private static @Nullable String optionalString(
      String path, Map<String, @Nullable Object> m, String name) {
    Object value = m.get(name);
    return value == null ? null : string(field(path, name), value);
  }

  private static String string(String field, @Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new InvalidRequestException(field, "must be a string, was " + describe(value));
  }

  private static @Nullable List<@Nullable Object> optionalArray(
      String path, Map<String, @Nullable Object> m, String name) {
    Object value = m.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<@Nullable Object> array = (List<@Nullable Object>) list;
      return array;
    }
    throw new InvalidRequestException(
        field(path, name), "must be an array, was " + describe(value));
  }

  private static @Nullable Integer optionalInt(
      String path, Map<String, @Nullable Object> m, String name) {
    Object value = m.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal n) {
      try {
        return n.intValueExact();
      } catch (ArithmeticException notWhole) {
        throw new InvalidRequestException(
            field(path, name), "must be a whole number within the int range, was " + n);
      }
    }
    throw new InvalidRequestException(
        field(path, name), "must be a number, was " + describe(value));
  }

  private static Duration requiredDuration(
      String path, Map<String, @Nullable Object> m, String name) {
    Duration value = optionalDuration(path, m, name);
    if (value == null) {
      throw new InvalidRequestException(field(path, name), "is required");
    }
    return value;
  }

  private static @Nullable Duration optionalDuration(
      String path, Map<String, @Nullable Object> m, String name) {
    String text = optionalString(path, m, name);
    if (text == null) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field(path, name),
          "must be an ISO-8601 duration such as 'PT2H' or 'P1D', was " + Arguments.echo(text));
    }
  }

  private static @Nullable LocalTime optionalTime(
      String path, Map<String, @Nullable Object> m, String name) {
    String text = optionalString(path, m, name);
    if (text == null) {
      return null;
    }
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field(path, name),
          "must be a local time such as '09:00' or '17:30:00', was " + Arguments.echo(text));
    }
  }

  private static <E extends Enum<E>> @Nullable E optionalEnum(
      String path, Map<String, @Nullable Object> m, String name, Class<E> type) {
    String text = optionalString(path, m, name);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(lower(constant));
    }
    throw new InvalidRequestException(
        field(path, name),
        "must be one of " + String.join(", ", names) + ", was " + Arguments.echo(text));
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "the string " + Arguments.echo(s);
    }
    if (value instanceof BigDecimal n) {
      return "the number " + n;
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    return "an object";
  }
}
