package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Recipient ADA =
      new Recipient(
          "ada",
          "acme",
          Map.of(ChannelType.EMAIL, "ada@example.com"),
          Locale.ENGLISH,
          ZoneOffset.UTC);

  @Test
  void an_event_takes_its_tenant_from_the_recipient_and_copies_its_data() {
    List<String> tags = new ArrayList<>(List.of("a"));
    Event e =
        Event.of("invoice.overdue")
            .to(ADA)
            .data("invoiceId", "F-17")
            .data("tags", tags)
            .id("evt-1")
            .priority(Priority.HIGH)
            .build();
    tags.add("b");

    assertThat(e.tenantId()).isEqualTo("acme");
    assertThat(e.name()).isEqualTo("invoice.overdue");
    assertThat(e.data()).containsEntry("tags", List.of("a"));
    assertThat(e.id()).contains("evt-1");
    assertThat(e.priority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void bad_fields_are_refused_by_name() {
    assertField(() -> Event.of("invoice.overdue").build(), "recipient");
    assertField(() -> Event.of(null).to(ADA).build(), "event");
    assertField(() -> Event.of("has space").to(ADA).build(), "event");
    assertField(() -> Event.of("e").to(ADA).id("").build(), "id");
    assertField(() -> Event.of("e").to(ADA).priority(null).build(), "priority");
    Map<String, Object> nested = new HashMap<>();
    nested.put("bad", new Object());
    assertField(() -> Event.of("e").to(ADA).data("outer", nested).build(), "data.outer.bad");
    Recipient noTenant = new Recipient("ada", " ", Map.of(), Locale.ENGLISH, ZoneOffset.UTC);
    assertField(() -> Event.of("e").to(noTenant).build(), "recipient.tenantId");
  }

  private static void assertField(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo(field);
  }
}
