package dev.communicable.template;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import dev.communicable.Content;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link TemplateRenderer}: <a href="https://mustache.github.io/">Mustache</a> by
 * mustache.java, made strict and safe for templates written by tenants.
 *
 * <ul>
 *   <li><b>Escaping per part.</b> In the {@code html} part, {@code {{name}}} is HTML-escaped. In
 *       the {@code json} part, {@code {{name}}} is escaped for use inside a JSON string (quote,
 *       backslash and control characters), so {@code {"note": "{{note}}"}} stays valid JSON
 *       whatever the note holds; numbers and booleans are unchanged by that escaping, so {@code
 *       {"count": {{count}}}} works too. The rendered {@code json} part must be one well-formed
 *       JSON value, or rendering fails. Every other part ({@code subject}, {@code title}, {@code
 *       text}, {@code link}) is plain text and is written as is. {@code {{{name}}}} and {@code
 *       {{&name}}} always write the value as is, in every part.
 *   <li><b>No silent blanks.</b> A name the data does not supply (or supplies as null) raises
 *       {@link TemplateException} naming it, for plain values, dotted names ({@code
 *       {{customer.name}}}) and sections alike. A section over an empty list, {@code false} or an
 *       empty string renders nothing and is fine.
 *   <li><b>Data, not code.</b> Names resolve in maps and lists only (a list element by index:
 *       {@code {{items.0}}}); other objects are leaves rendered with {@code toString()}, so a
 *       template never calls a method of the data. Partials and template inheritance are refused
 *       when a part is compiled: they would read files or resources named by the template.
 *   <li><b>Bounded cache.</b> Compiled parts are kept in a least-recently-used cache keyed by the
 *       part's source text (not by template id, so a new version never reuses a stale compile).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class MustacheTemplateRenderer implements TemplateRenderer {
  /** How many compiled parts the no-argument constructor keeps. */
  public static final int DEFAULT_CACHE_SIZE = 1024;

  private final Map<PartFactory.Escaping, PartFactory> factories;
  private final Map<CacheKey, Mustache> cache;

  /** A renderer caching up to {@link #DEFAULT_CACHE_SIZE} compiled parts. */
  public MustacheTemplateRenderer() {
    this(DEFAULT_CACHE_SIZE);
  }

  /**
   * A renderer caching up to {@code cacheSize} compiled parts.
   *
   * @param cacheSize at least 1
   */
  public MustacheTemplateRenderer(int cacheSize) {
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
    }
    Map<PartFactory.Escaping, PartFactory> f = new java.util.EnumMap<>(PartFactory.Escaping.class);
    for (PartFactory.Escaping e : PartFactory.Escaping.values()) {
      f.put(e, new PartFactory(e));
    }
    this.factories = f;
    this.cache = new Lru(cacheSize);
  }

  @Override
  public Content render(String templateId, Content source, @Nullable Map<String, Object> data) {
    Objects.requireNonNull(source, "source");
    Map<String, Object> scope = data == null ? Map.of() : data;
    Content out = source;
    for (Content.Part part : Content.Part.values()) {
      String text = source.get(part);
      if (text != null) {
        out = out.with(part, renderPart(templateId, part, text, scope));
      }
    }
    return out;
  }

  /**
   * Compiles every part of {@code source} without rendering it.
   *
   * @throws TemplateException naming the first part that does not parse
   */
  @Override
  public void check(String templateId, Content source) {
    Objects.requireNonNull(source, "source");
    for (Content.Part part : Content.Part.values()) {
      String text = source.get(part);
      if (text != null) {
        compiled(templateId, part, text);
      }
    }
  }

  /** How many compiled parts are cached now; for tests and metrics. */
  int cachedParts() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private String renderPart(String templateId, Content.Part part, String text, Object data) {
    Mustache mustache = compiled(templateId, part, text);
    StringWriter out = new StringWriter(text.length() + 64);
    try {
      mustache.execute(out, data);
    } catch (MustacheException | MissingVariableException e) {
      MissingVariableException missing = missingIn(e);
      if (missing != null) {
        throw new TemplateException(
            templateId,
            missing.variable(),
            "variable '"
                + missing.variable()
                + "' used in the "
                + name(part)
                + " part is not in the data");
      }
      throw new TemplateException(
          templateId, null, "the " + name(part) + " part could not be rendered: " + e.getMessage());
    }
    String rendered = out.toString();
    if (part == Content.Part.JSON) {
      String problem = JsonText.syntaxError(rendered);
      if (problem != null) {
        throw new TemplateException(
            templateId, null, "the json part does not render to valid JSON: " + problem);
      }
    }
    return rendered;
  }

  private Mustache compiled(String templateId, Content.Part part, String text) {
    PartFactory.Escaping escaping = escapingOf(part);
    CacheKey key = new CacheKey(escaping, text);
    Mustache mustache;
    synchronized (cache) {
      mustache = cache.get(key);
    }
    if (mustache != null) {
      return mustache;
    }
    try {
      mustache = factories.get(escaping).compile(new StringReader(text), name(part));
    } catch (MustacheException | MissingVariableException e) {
      throw new TemplateException(
          templateId, null, "the " + name(part) + " part does not parse: " + e.getMessage());
    }
    synchronized (cache) {
      cache.put(key, mustache);
    }
    return mustache;
  }

  private static @Nullable MissingVariableException missingIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MissingVariableException m) {
        return m;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static PartFactory.Escaping escapingOf(Content.Part part) {
    return switch (part) {
      case HTML -> PartFactory.Escaping.HTML;
      case JSON -> PartFactory.Escaping.JSON;
      case SUBJECT, TITLE, TEXT, LINK -> PartFactory.Escaping.NONE;
    };
  }

  private static String name(Content.Part part) {
    return part.name().toLowerCase(Locale.ROOT);
  }

  private record CacheKey(PartFactory.Escaping escaping, String source) {}

  /** Access-ordered map that drops its eldest entry past its capacity; guarded by itself. */
  private static final class Lru extends LinkedHashMap<CacheKey, Mustache> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Lru(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<CacheKey, Mustache> eldest) {
      return size() > capacity;
    }
  }
}
