package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void beyond_its_capacity_the_least_recently_used_entry_goes() {
    LruCache<String, String> cache = new LruCache<>(2);
    cache.put("a", "1");
    cache.put("b", "2");
    cache.get("a");
    cache.put("c", "3");

    assertThat(cache.get("a")).isEqualTo("1");
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo("3");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void a_heavy_entry_pushes_out_as_many_light_ones_as_its_weight_needs() {
    LruCache<String, Integer> cache = new LruCache<>(10, weight -> weight);
    cache.put("a", 3);
    cache.put("b", 3);
    cache.put("c", 3);
    cache.put("heavy", 8);

    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isNull();
    assertThat(cache.get("heavy")).isEqualTo(8);
    assertThat(cache.weight()).isEqualTo(8);
  }

  @Test
  void an_entry_heavier_than_the_bound_is_not_kept_and_replaces_nothing() {
    LruCache<String, Integer> cache = new LruCache<>(10, weight -> weight);
    cache.put("a", 4);
    cache.put("b", 11);

    assertThat(cache.get("a")).isEqualTo(4);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.weight()).isEqualTo(4);
  }

  @Test
  void replacing_or_removing_an_entry_gives_its_weight_back() {
    LruCache<String, Integer> cache = new LruCache<>(10, weight -> weight);
    cache.put("a", 6);
    cache.put("a", 2);
    assertThat(cache.weight()).isEqualTo(2);
    cache.remove("a");
    assertThat(cache.weight()).isZero();
    assertThat(cache.size()).isZero();
  }

  @Test
  void every_entry_weighs_at_least_one() {
    LruCache<String, Integer> cache = new LruCache<>(2, weight -> 0);
    cache.put("a", 0);
    cache.put("b", 0);
    cache.put("c", 0);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.weight()).isEqualTo(2);
  }
}
