package dev.communicable.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.memory.InMemoryStores;
import org.junit.jupiter.api.Test;

class StoresTest {
  private final InMemoryStores memory = InMemoryStores.create();
  private final InMemoryStores other = InMemoryStores.create();

  @Test
  void a_set_from_a_base_hands_out_the_base_stores_until_one_is_replaced() {
    Stores set = Stores.from(memory).inbox(other.inbox()).build();

    assertThat(set.deliveries()).isSameAs(memory.deliveries());
    assertThat(set.templates()).isSameAs(memory.templates());
    assertThat(set.preferences()).isSameAs(memory.preferences());
    assertThat(set.inbox()).isSameAs(other.inbox());
    assertThat(set.devices()).isSameAs(memory.devices());
    assertThat(set.schedules()).isSameAs(memory.schedules());
    assertThat(set.workflowDefinitions()).isSameAs(memory.workflowDefinitions());
    assertThat(set.workflowRuns()).isSameAs(memory.workflowRuns());
    assertThat(set.campaigns()).isSameAs(memory.campaigns());
  }

  @Test
  void a_set_keeps_the_stores_it_was_built_with() {
    Stores.Builder builder = Stores.from(memory);
    Stores first = builder.build();
    builder.deliveries(other.deliveries());

    assertThat(first.deliveries()).isSameAs(memory.deliveries());
    assertThat(builder.build().deliveries()).isSameAs(other.deliveries());
  }

  @Test
  void a_missing_store_is_refused_by_name() {
    assertThatThrownBy(() -> Stores.from(memory).inbox(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("inbox: must not be null");
    assertThatThrownBy(() -> Stores.from(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("base: must not be null");
  }
}
