package dev.communicable.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.memory.InMemoryStores;
import org.junit.jupiter.api.Test;

class StoresTest {
  private final InMemoryStores memory = InMemoryStores.create();

  @Test
  void a_set_made_of_stores_hands_out_exactly_those_stores() {
    Stores set =
        Stores.of(
            memory.deliveries(),
            memory.templates(),
            memory.preferences(),
            memory.inbox(),
            memory.devices(),
            memory.schedules());

    assertThat(set.deliveries()).isSameAs(memory.deliveries());
    assertThat(set.templates()).isSameAs(memory.templates());
    assertThat(set.preferences()).isSameAs(memory.preferences());
    assertThat(set.inbox()).isSameAs(memory.inbox());
    assertThat(set.devices()).isSameAs(memory.devices());
    assertThat(set.schedules()).isSameAs(memory.schedules());
  }

  @Test
  void a_missing_store_is_refused_by_name() {
    assertThatThrownBy(
            () ->
                Stores.of(
                    memory.deliveries(),
                    memory.templates(),
                    memory.preferences(),
                    null,
                    memory.devices(),
                    memory.schedules()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("inbox: must not be null");
  }
}
