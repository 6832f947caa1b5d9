package dev.communicable.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final Recipient KEN =
      new Recipient(
          "ken", "acme", Map.of(ChannelType.EMAIL, "ken@example.com"), Locale.JAPAN, TOKYO);

  private static Schedule.Builder valid() {
    return Schedule.builder("reminder:ken")
        .cron("0 9 * * *")
        .to(KEN)
        .event("reminder")
        .template("t");
  }

  @Test
  void the_defaults_are_the_recipients_zone_the_event_as_topic_normal_priority_and_no_window() {
    Schedule s = valid().build();

    assertThat(s.id()).isEqualTo("reminder:ken");
    assertThat(s.tenantId()).isEqualTo("acme");
    assertThat(s.zone()).isEqualTo(TOKYO);
    assertThat(s.topic()).isEqualTo("reminder");
    assertThat(s.priority()).isEqualTo(Priority.NORMAL);
    assertThat(s.channels()).isEmpty();
    assertThat(s.data()).isEmpty();
    assertThat(s.startAt()).isEmpty();
    assertThat(s.endAt()).isEmpty();
    assertThat(s.recipient()).isEqualTo(KEN);
    assertThat(s.cron()).isEqualTo(Cron.parse("0 9 * * *"));
  }

  @Test
  void an_explicit_zone_wins_over_the_recipients() {
    assertThat(valid().zone(ZoneId.of("Europe/Paris")).build().zone())
        .isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void each_firing_is_a_notification_keyed_by_the_schedule_and_the_firing_instant() {
    Schedule s =
        valid()
            .topic("reminders")
            .data("name", "Ken")
            .channels(ChannelType.EMAIL)
            .priority(Priority.HIGH)
            .build();
    Instant firing = Instant.parse("2026-03-02T00:00:00Z");

    Notification n = s.notification(firing);

    assertThat(n.idempotencyKey()).contains("schedule:reminder:ken:2026-03-02T00:00:00Z");
    assertThat(n.event()).isEqualTo("reminder");
    assertThat(n.topic()).isEqualTo("reminders");
    assertThat(n.templateId()).contains("t");
    assertThat(n.data()).isEqualTo(Map.of("name", "Ken"));
    assertThat(n.channels()).containsExactly(ChannelType.EMAIL);
    assertThat(n.priority()).isEqualTo(Priority.HIGH);
    assertThat(n.recipients()).containsExactly(KEN);
    assertThat(n.tenantId()).isEqualTo("acme");
  }

  @Test
  void two_schedules_built_alike_are_equal() {
    assertThat(valid().data("a", 1).build()).isEqualTo(valid().data("a", 1).build());
    assertThat(valid().build()).isNotEqualTo(valid().template("u").build());
  }

  @Test
  void each_bad_value_is_refused_naming_its_field() {
    List<Case> cases =
        List.of(
            new Case(
                "id",
                b -> Schedule.builder(" ").cron("0 9 * * *").to(KEN).event("e").template("t")),
            new Case(
                "id",
                b ->
                    Schedule.builder("x".repeat(201))
                        .cron("0 9 * * *")
                        .to(KEN)
                        .event("e")
                        .template("t")),
            new Case(
                "id",
                b -> Schedule.builder("a\nb").cron("0 9 * * *").to(KEN).event("e").template("t")),
            new Case("cron", b -> b.cron("0 0 30 2 *")),
            new Case("cron", b -> b.cron("not cron")),
            new Case("cron", b -> b.cron((String) null)),
            new Case("recipient", b -> b.to(null)),
            new Case(
                "recipient.id",
                b -> b.to(new Recipient("", "acme", Map.of(), Locale.JAPAN, TOKYO))),
            new Case(
                "recipient.contactPoints.email",
                b ->
                    b.to(
                        new Recipient(
                            "ken", "acme", Map.of(ChannelType.EMAIL, " "), Locale.JAPAN, TOKYO))),
            new Case("event", b -> b.event(null)),
            new Case("event", b -> b.event("has space")),
            new Case("topic", b -> b.topic("has space")),
            new Case("template", b -> b.template(null)),
            new Case("template", b -> b.template("")),
            new Case("data", b -> b.data("", "x")),
            new Case("priority", b -> b.priority(null)),
            new Case("startAt", b -> b.startAt(Instant.parse("1969-12-31T23:59:59Z"))),
            new Case(
                "endAt",
                b ->
                    b.startAt(Instant.parse("2026-03-02T00:00:00Z"))
                        .endAt(Instant.parse("2026-03-02T00:00:00Z"))),
            new Case(
                "endAt",
                b ->
                    b.startAt(Instant.parse("2026-03-02T00:00:00Z"))
                        .endAt(Instant.parse("2026-03-01T00:00:00Z"))));

    for (Case c : cases) {
      assertThatThrownBy(() -> c.change().apply(valid()).build())
          .as(c.field())
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).startsWith(c.field()));
    }
  }

  private record Case(String field, UnaryOperator<Schedule.Builder> change) {}
}
