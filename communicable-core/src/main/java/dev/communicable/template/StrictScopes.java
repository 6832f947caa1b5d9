package dev.communicable.template;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.AbstractObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Resolves Mustache names against maps and lists only, and refuses to guess: a name that no scope
 * supplies (or supplies as null) throws {@link MissingVariableException} instead of rendering a
 * blank.
 *
 * <p>Resolution follows the Mustache specification: the first segment of {@code a.b.c} is looked up
 * from the innermost section's scope outwards; the rest is looked up in the value found, and
 * nowhere else. A list element is reached by its index ({@code items.0}). Objects other than maps
 * and lists are leaves: their methods and fields are never called, so data cannot run code, and a
 * {@link Function} or {@link Callable} value renders as text rather than as a Mustache lambda.
 */
final class StrictScopes extends AbstractObjectHandler {
  private static final Object MISSING = new Object();

  @Override
  public Wrapper find(String name, List<Object> scopes) {
    return s -> resolve(name, s);
  }

  @Override
  public Binding createBinding(String name, TemplateContext tc, Code code) {
    return scopes -> resolve(name, scopes);
  }

  @Override
  public String stringify(Object object) {
    if (object instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return object.toString();
  }

  static @Nullable Object resolve(String name, List<Object> scopes) {
    if (".".equals(name)) {
      return scopes.isEmpty() ? null : leaf(scopes.get(scopes.size() - 1));
    }
    String[] segments = name.split("\\.", -1);
    Object value = MISSING;
    for (int i = scopes.size() - 1; i >= 0 && value == MISSING; i--) {
      value = lookup(scopes.get(i), segments[0]);
    }
    for (int i = 1; i < segments.length && value != MISSING; i++) {
      value = lookup(value, segments[i]);
    }
    if (value == MISSING) {
      throw new MissingVariableException(name);
    }
    return leaf(value);
  }

  private static Object lookup(@Nullable Object scope, String key) {
    if (scope instanceof Optional<?> optional) {
      scope = optional.orElse(null);
    }
    if (scope instanceof Map<?, ?> map) {
      Object value = map.get(key);
      return value == null ? MISSING : value;
    }
    if (scope instanceof List<?> list && isIndex(key)) {
      int index = Integer.parseInt(key);
      if (index < list.size() && list.get(index) != null) {
        return list.get(index);
      }
    }
    return MISSING;
  }

  private static boolean isIndex(String key) {
    if (key.isEmpty() || key.length() > 9) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Values mustache.java would execute become plain text; everything else is kept. */
  private static @Nullable Object leaf(Object value) {
    if (value instanceof Optional<?> optional) {
      return optional.map(StrictScopes::leaf).orElse(null);
    }
    if (value instanceof Function<?, ?> || value instanceof Callable<?>) {
      return String.valueOf(value);
    }
    return value;
  }
}
