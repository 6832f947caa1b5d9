package dev.communicable.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The events a closed digest collected.
 *
 * @param items the data of the first events, oldest first, at most the digest's {@code maxItems}
 * @param count how many events joined in all
 */
public record DigestItems(List<Map<String, Object>> items, int count) {
  public DigestItems {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    if (count < items.size()) {
      throw new IllegalArgumentException("count " + count + " < items " + items.size());
    }
  }

  /** How many events joined but were left out of {@link #items()}. */
  public int omitted() {
    return count - items.size();
  }
}
