package dev.communicable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotificationTest {

  /** A host application's user, as the host would write it. */
  record User(String id, String tenant, Map<ChannelType, String> points, Locale locale, ZoneId zone)
      implements Communicable {
    User(String id, String tenant) {
      this(
          id,
          tenant,
          Map.of(ChannelType.EMAIL, id + "@example.test"),
          Locale.ENGLISH,
          ZoneId.of("UTC"));
    }

    @Override
    public String communicableId() {
      return id;
    }

    @Override
    public String tenantId() {
      return tenant;
    }

    @Override
    public Map<ChannelType, String> contactPoints() {
      return points;
    }

    @Override
    public Locale locale() {
      return locale;
    }

    @Override
    public ZoneId timeZone() {
      return zone;
    }
  }

  private static final User ANN = new User("ann", "acme");
  private static final User BOB = new User("bob", "acme");

  private static Notification.Builder valid() {
    return Notification.event("invoice.paid").to(ANN).template("invoice-paid");
  }

  @Test
  void a_valid_notification_keeps_what_it_was_given() {
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    Notification n =
        Notification.event("invoice.paid")
            .to(ANN, BOB)
            .topic("billing")
            .from("system")
            .template("invoice-paid")
            .data("amount", "42.00")
            .data(Map.of("count", 3))
            .metadata("replyTo", "billing@acme.test")
            .priority(Priority.HIGH)
            .idempotencyKey("invoice-123-paid")
            .sendAt(later)
            .channels(ChannelType.EMAIL, ChannelType.SMS)
            .build();

    assertThat(n.event()).isEqualTo("invoice.paid");
    assertThat(n.topic()).isEqualTo("billing");
    assertThat(n.tenantId()).isEqualTo("acme");
    assertThat(n.senderId()).contains("system");
    assertThat(n.recipients()).extracting(Recipient::id).containsExactly("ann", "bob");
    assertThat(n.templateId()).contains("invoice-paid");
    assertThat(n.content()).isEmpty();
    assertThat(n.data()).containsExactly(Map.entry("amount", "42.00"), Map.entry("count", 3));
    assertThat(n.metadata()).containsEntry("replyTo", "billing@acme.test");
    assertThat(n.priority()).isEqualTo(Priority.HIGH);
    assertThat(n.idempotencyKey()).contains("invoice-123-paid");
    assertThat(n.sendAt()).contains(later);
    assertThat(n.channels()).containsExactly(ChannelType.EMAIL, ChannelType.SMS);
  }

  @Test
  void defaults_topic_to_the_event_priority_to_normal_and_tenant_to_the_recipients() {
    Notification n = valid().build();
    assertThat(n.topic()).isEqualTo("invoice.paid");
    assertThat(n.priority()).isEqualTo(Priority.NORMAL);
    assertThat(n.tenantId()).isEqualTo("acme");
    assertThat(n.idempotencyKey()).isEmpty();
    assertThat(n.sendAt()).isEmpty();
    assertThat(n.channels()).isEmpty();
  }

  @Test
  void recipients_are_snapshots_taken_when_built() {
    Map<ChannelType, String> points = new HashMap<>(Map.of(ChannelType.EMAIL, "old@x.test"));
    User user = new User("u", "acme", points, Locale.FRENCH, ZoneId.of("Europe/Paris"));
    Notification n = Notification.event("e").to(user).content(Content.text("hi")).build();
    points.put(ChannelType.EMAIL, "new@x.test");

    Recipient r = n.recipients().get(0);
    assertThat(r.address(ChannelType.EMAIL)).contains("old@x.test");
    assertThat(r.locale()).isEqualTo(Locale.FRENCH);
    assertThat(r.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void data_is_deeply_copied_and_unmodifiable() {
    List<Object> items = new ArrayList<>(List.of("tea"));
    Map<String, Object> customer = new LinkedHashMap<>(Map.of("name", "Ann"));
    Notification n = valid().data("items", items).data("customer", customer).build();
    items.add("cake");
    customer.put("name", "Bob");

    assertThat(n.data().get("items")).isEqualTo(List.of("tea"));
    assertThat(n.data().get("customer")).isEqualTo(Map.of("name", "Ann"));
    assertThatThrownBy(() -> n.data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> copied = (List<Object>) n.data().get("items");
    assertThatThrownBy(() -> copied.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void accepts_strings_numbers_booleans_lists_and_maps_as_data() {
    Notification n =
        valid()
            .data("s", "x")
            .data("i", 1)
            .data("d", 2.5)
            .data("b", true)
            .data("big", new java.math.BigDecimal("12.30"))
            .data("list", List.of(1, "two", List.of(false)))
            .data("map", Map.of("k", Map.of("deep", 1)))
            .build();
    assertThat(n.data()).hasSize(7);
  }

  @Nested
  @DisplayName("bad input is rejected naming the field")
  class BadInput {
    @Test
    void null_blank_or_malformed_event_topic_and_template_names() {
      assertField(() -> Notification.event(null).to(ANN).template("t").build(), "event");
      assertField(() -> Notification.event(" ").to(ANN).template("t").build(), "event");
      assertField(() -> Notification.event("has space").to(ANN).template("t").build(), "event");
      assertField(() -> Notification.event("-leading").to(ANN).template("t").build(), "event");
      assertField(() -> Notification.event("x".repeat(129)).to(ANN).template("t").build(), "event");
      assertField(() -> valid().topic("").build(), "topic");
      assertField(() -> valid().template(" ").build(), "template");
    }

    @Test
    void no_recipients_or_null_recipients() {
      assertField(() -> Notification.event("e").template("t").build(), "recipients");
      assertField(() -> Notification.event("e").to((Communicable[]) null), "recipients");
      assertField(() -> Notification.event("e").to((List<Communicable>) null), "recipients");
      assertField(
          () -> Notification.event("e").to(ANN, null).template("t").build(), "recipients[1]");
    }

    @Test
    void too_many_recipients() {
      List<User> many = new ArrayList<>();
      for (int i = 0; i <= Notification.MAX_RECIPIENTS; i++) {
        many.add(new User("u" + i, "acme"));
      }
      assertField(() -> Notification.event("e").to(many).template("t").build(), "recipients");
    }

    @Test
    void recipients_with_null_or_blank_ids_tenants_or_contact_points() {
      assertField(
          () -> Notification.event("e").to(new User(null, "acme")).template("t").build(),
          "recipients[0].id");
      assertField(
          () -> Notification.event("e").to(ANN, new User(" ", "acme")).template("t").build(),
          "recipients[1].id");
      assertField(
          () -> Notification.event("e").to(new User("u", null)).template("t").build(),
          "recipients[0].tenantId");
      assertField(
          () -> Notification.event("e").to(new User("u", "")).template("t").build(),
          "recipients[0].tenantId");
      assertField(
          () ->
              Notification.event("e")
                  .to(new User("u", "acme", null, Locale.ENGLISH, ZoneId.of("UTC")))
                  .template("t")
                  .build(),
          "recipients[0].contactPoints");
      Map<ChannelType, String> blank = new HashMap<>();
      blank.put(ChannelType.SMS, " ");
      assertField(
          () ->
              Notification.event("e")
                  .to(new User("u", "acme", blank, Locale.ENGLISH, ZoneId.of("UTC")))
                  .template("t")
                  .build(),
          "recipients[0].contactPoints.sms");
      assertField(
          () ->
              Notification.event("e")
                  .to(new User("u", "acme", Map.of(), null, ZoneId.of("UTC")))
                  .template("t")
                  .build(),
          "recipients[0].locale");
      assertField(
          () ->
              Notification.event("e")
                  .to(new User("u", "acme", Map.of(), Locale.ENGLISH, null))
                  .template("t")
                  .build(),
          "recipients[0].timeZone");
    }

    @Test
    void duplicate_recipients() {
      assertThatThrownBy(
              () ->
                  Notification.event("e")
                      .to(ANN, BOB, new User("ann", "acme"))
                      .template("t")
                      .build())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("recipients[2].id");
                assertThat(e.problem()).contains("'ann'");
              });
    }

    @Test
    void recipients_of_different_tenants() {
      assertThatThrownBy(
              () ->
                  Notification.event("e").to(ANN, new User("carl", "globex")).template("t").build())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("recipients[1].tenantId");
                assertThat(e.problem()).contains("globex").contains("acme");
              });
    }

    @Test
    void a_tenant_that_differs_from_the_recipients_or_is_blank() {
      assertField(() -> valid().tenant("globex").build(), "recipients[0].tenantId");
      assertField(() -> valid().tenant(" ").build(), "tenant");
    }

    @Test
    void template_and_content_both_or_neither() {
      assertThatThrownBy(() -> Notification.event("e").to(ANN).build())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("template");
                assertThat(e.problem()).contains("set a template or inline content");
              });
      assertThatThrownBy(() -> valid().content(Content.text("hi")).build())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("template");
                assertThat(e.problem()).contains("not both");
              });
    }

    @Test
    void empty_inline_content() {
      assertField(
          () -> Notification.event("e").to(ANN).content(Content.builder().build()).build(),
          "content");
    }

    @Test
    void null_or_non_finite_data_values() {
      assertField(() -> valid().data("amount", null).build(), "data.amount");
      assertField(() -> valid().data("ratio", Double.NaN).build(), "data.ratio");
      assertField(() -> valid().data("ratio", Double.POSITIVE_INFINITY).build(), "data.ratio");
      assertField(() -> valid().data("ratio", Float.NEGATIVE_INFINITY).build(), "data.ratio");
      assertField(
          () -> valid().data("list", java.util.Arrays.asList("a", null)).build(), "data.list[1]");
      assertField(
          () -> valid().data("m", Map.of("inner", List.of(Double.NaN))).build(), "data.m.inner[0]");
    }

    @Test
    void unsupported_data_types() {
      assertThatThrownBy(() -> valid().data("when", Instant.EPOCH).build())
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("data.when");
                assertThat(e.problem()).contains("java.time.Instant");
              });
      assertField(() -> valid().data("opt", Optional.of("x")).build(), "data.opt");
      assertField(() -> valid().data("arr", new String[] {"a"}).build(), "data.arr");
      assertField(() -> valid().data("user", ANN).build(), "data.user");
      assertField(() -> valid().data("m", Map.of(1, "x")).build(), "data.m");
    }

    @Test
    void blank_or_null_data_keys_and_null_data_maps() {
      assertField(() -> valid().data(" ", "x").build(), "data");
      assertField(() -> valid().data(null, "x").build(), "data");
      assertField(() -> valid().data((Map<String, ?>) null), "data");
    }

    @Test
    void data_nested_too_deep_or_in_a_cycle() {
      Object deep = "leaf";
      for (int i = 0; i < 20; i++) {
        deep = List.of(deep);
      }
      Object tooDeep = deep;
      assertField(() -> valid().data("deep", tooDeep).build(), "data.deep" + "[0]".repeat(17));
      List<Object> cycle = new ArrayList<>();
      cycle.add(cycle);
      assertThatThrownBy(() -> valid().data("cycle", cycle).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("nests deeper");
    }

    @Test
    void blank_metadata_keys_and_null_metadata_values() {
      assertField(() -> valid().metadata("", "x").build(), "metadata");
      assertField(() -> valid().metadata("replyTo", null).build(), "metadata.replyTo");
    }

    @Test
    void metadata_under_the_librarys_reserved_keys() {
      assertField(
          () -> valid().metadata("communicable.window", "DAILY 08:00-20:00").build(),
          "metadata.communicable.window");
    }

    @Test
    void a_null_priority_or_channel() {
      assertField(() -> valid().priority(null).build(), "priority");
      assertField(() -> valid().channels(ChannelType.EMAIL, null), "channels[1]");
      assertField(() -> valid().channels((ChannelType[]) null), "channels");
    }

    @Test
    void an_idempotency_key_that_is_blank_or_too_long() {
      assertField(() -> valid().idempotencyKey(" ").build(), "idempotencyKey");
      assertField(() -> valid().idempotencyKey("k".repeat(256)).build(), "idempotencyKey");
      assertThat(valid().idempotencyKey("k".repeat(255)).build().idempotencyKey()).isPresent();
    }

    @Test
    void an_over_long_id_is_refused_with_its_length() {
      assertMessage(
          () -> Notification.event("e").to(new User("u".repeat(10_000), "acme")).template("t"),
          "recipients[0].id: must be at most 255 characters, was 10000 characters");
      assertMessage(
          () -> valid().tenant("t".repeat(256)),
          "tenant: must be at most 255 characters, was 256" + " characters");
      assertMessage(
          () -> valid().from("s".repeat(256)),
          "from: must be at most 255 characters, was 256" + " characters");
    }

    @Test
    void control_characters_in_ids_and_keys_are_refused() {
      assertMessage(
          () -> Notification.event("e").to(new User("a\u0000b", "acme")).template("t"),
          "recipients[0].id: must not contain the NUL character");
      assertMessage(
          () -> Notification.event("e").to(new User("u", "ac\nme")).template("t"),
          "recipients[0].tenantId: must not contain control characters, had U+000A at index 2");
      assertMessage(
          () -> valid().idempotencyKey("k\u0007"),
          "idempotencyKey: must not contain control characters, had U+0007 at index 1");
      assertMessage(
          () -> valid().data("a\u0000b", "x"),
          "data: has a key 'a\\u0000b' that must not contain the NUL character");
      assertMessage(
          () -> valid().metadata("replyTo\t", "x"),
          "metadata: has a key 'replyTo\\u0009' that must not contain control characters, had"
              + " U+0009 at index 7");
      assertMessage(
          () -> valid().from("s\ud800"),
          "from: must not contain an unpaired surrogate, had U+D800 at index 1");
    }

    @Test
    void a_nul_in_any_data_string_is_refused_with_its_path() {
      assertMessage(
          () ->
              valid()
                  .data(
                      "items",
                      List.of(Map.of("name", "a"), Map.of("name", "b"), Map.of("name", "c\u0000"))),
          "data.items[2].name: must not contain the NUL character");
      assertMessage(
          () -> valid().data("items", List.of(Map.of("n\u0000", "x"))),
          "data.items[0]: has a key 'n\\u0000' that must not contain the NUL character");
      assertMessage(
          () -> valid().metadata("replyTo", "a\u0000"),
          "metadata.replyTo: must not contain the NUL character");
      assertMessage(
          () -> valid().template(null).content(Content.text("hi\u0000")),
          "content.text: must not contain the NUL character");
    }

    @Test
    void text_keeps_line_breaks_and_other_control_characters() {
      Notification n =
          valid().data("note", "line\nbreak\ttab\u0001").metadata("header.X", "a\u007fb").build();

      assertThat(n.data()).containsEntry("note", "line\nbreak\ttab\u0001");
      assertThat(n.metadata()).containsEntry("header.X", "a\u007fb");
    }

    @Test
    void a_send_time_out_of_the_storable_range_is_refused() {
      for (Instant at :
          List.of(
              Instant.MAX,
              Instant.MIN,
              Instant.parse("+294277-01-01T00:00:00Z"),
              Limits.LATEST_TIME.plusNanos(1),
              Limits.EARLIEST_TIME.minusNanos(1))) {
        assertField(() -> valid().sendAt(at).build(), "sendAt");
      }
      assertThat(valid().sendAt(Limits.LATEST_TIME).build().sendAt()).contains(Limits.LATEST_TIME);
      assertThat(valid().sendAt(Limits.EARLIEST_TIME).build().sendAt())
          .contains(Limits.EARLIEST_TIME);
    }

    @Test
    void an_over_long_contact_point_or_language_tag_is_refused() {
      assertField(
          () ->
              Notification.event("e")
                  .to(
                      new User(
                          "u",
                          "acme",
                          Map.of(ChannelType.WEBHOOK, "https://x/" + "p".repeat(2048)),
                          Locale.ENGLISH,
                          ZoneId.of("UTC")))
                  .template("t")
                  .build(),
          "recipients[0].contactPoints.webhook");
      assertField(
          () ->
              Notification.event("e")
                  .to(
                      new User(
                          "u",
                          "acme",
                          Map.of(),
                          Locale.forLanguageTag("en-x-" + "abcdefgh-".repeat(30) + "z"),
                          ZoneId.of("UTC")))
                  .template("t")
                  .build(),
          "recipients[0].locale");
    }

    private void assertMessage(java.util.function.Supplier<Notification.Builder> n, String msg) {
      assertThatThrownBy(() -> n.get().build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(msg);
    }
  }

  @Test
  void recipients_list_and_metadata_are_unmodifiable() {
    Notification n = valid().metadata("a", "b").build();
    assertThatThrownBy(() -> n.recipients().add(Recipient.of(BOB)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> n.metadata().put("c", "d"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Collections.unmodifiableList(n.channels())).isEmpty();
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).startsWith(field + ": ");
            });
  }
}
