package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.Delivery;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import dev.communicable.spi.ScheduleStore;
import dev.communicable.spi.Stores;
import dev.communicable.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring schedules end to end on a set of {@link Stores}: a {@code Communication} with the
 * settable clock, driven hour by hour with {@code dispatchDue()}, and a recording email adapter.
 * Extend it and implement {@link #createStores()} (empty stores for each test: claims serve every
 * tenant) and, for a database, {@link #anotherNode()} (a second set of stores on the same data, as
 * another process would have).
 */
public abstract class SchedulesContract {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final List<Communication> nodes = new ArrayList<>();
  private final RecordingChannelAdapter email =
      new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
  private Stores stores;
  private SettableClock clock;
  private String tenant;
  private Recipient ann;

  /** Empty stores. Called once before each test. */
  protected abstract Stores createStores();

  /**
   * Stores on the same data as the last {@link #createStores()}, as another node has them. The
   * default returns those stores themselves (in memory, nodes share the objects).
   */
  protected Stores anotherNode() {
    return stores;
  }

  @BeforeEach
  final void setUpSchedules() {
    stores = createStores();
    clock = SettableClock.of(Instant.parse("2026-02-27T00:00:00Z"));
    tenant = TestData.tenant();
    ann =
        new Recipient(
            "ann", tenant, Map.of(ChannelType.EMAIL, "ann@example.com"), Locale.US, NEW_YORK);
  }

  @AfterEach
  final void closeNodes() {
    nodes.forEach(Communication::close);
  }

  private Communication node(String workerId, Stores on) {
    Communication node =
        Communication.builder()
            .stores(on)
            .clock(clock)
            .workers(0)
            .lease(LEASE)
            .retention(Duration.ofDays(365))
            .workerId(workerId)
            .adapter(email)
            .build();
    nodes.add(node);
    return node;
  }

  private Communication node() {
    Communication node = node("node-a", stores);
    node.templates()
        .publish(
            tenant,
            "daily-reminder",
            Map.of(
                Template.Variant.of(ChannelType.EMAIL),
                Content.builder().subject("Reminder").text("Hello {{name}}").build()),
            "admin");
    return node;
  }

  private static Instant newYork(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(NEW_YORK).toInstant();
  }

  private Schedule.Builder daily(String id) {
    return Schedule.builder(id)
        .cron("0 9 * * *")
        .to(ann)
        .event("reminder.daily")
        .template("daily-reminder")
        .data("name", "Ann");
  }

  /** Moves the clock an hour at a time up to {@code until}, dispatching at each step. */
  private void runHourly(Instant until, Communication... on) {
    run(until, Duration.ofHours(1), on);
  }

  /** Moves the clock {@code step} at a time up to {@code until}, dispatching at each step. */
  private void run(Instant until, Duration step, Communication... on) {
    while (clock.instant().isBefore(until)) {
      clock.advance(step);
      for (Communication node : on) {
        node.dispatchDue();
      }
    }
  }

  /** When each email sent so far was queued (its delivery's creation time), in order. */
  private List<Instant> sendTimes(Communication comms) {
    List<Instant> times = new ArrayList<>();
    for (OutboundMessage m : email.sent()) {
      List<Delivery> deliveries = comms.deliveries(m.tenantId(), m.messageId());
      times.add(deliveries.get(0).createdAt());
    }
    return times;
  }

  private static void assertOnePerDayAtNine(List<Instant> times, LocalDate first, LocalDate last) {
    List<Instant> expected = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      expected.add(ZonedDateTime.of(day, LocalTime.of(9, 0), NEW_YORK).toInstant());
    }
    assertThat(times).containsExactlyElementsOf(expected);
  }

  @Test
  void a_daily_reminder_at_nine_new_york_time_sends_once_a_day_across_the_march_shift() {
    Communication comms = node();
    comms
        .schedules()
        .save(
            daily("daily")
                .startAt(newYork(2026, 3, 1, 0, 0))
                .endAt(newYork(2026, 3, 20, 23, 59))
                .build());

    runHourly(Instant.parse("2026-03-22T00:00:00Z"), comms);

    List<Instant> times = sendTimes(comms);
    assertOnePerDayAtNine(times, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 20));
    assertThat(times).contains(Instant.parse("2026-03-07T14:00:00Z"));
    assertThat(times).contains(Instant.parse("2026-03-08T13:00:00Z"));
    assertThat(comms.schedules().get(tenant, "daily").orElseThrow().status())
        .isEqualTo(ScheduleStatus.FINISHED);
  }

  @Test
  void a_daily_reminder_at_nine_new_york_time_sends_once_a_day_across_the_november_shift() {
    clock.set(Instant.parse("2026-10-24T00:00:00Z"));
    Communication comms = node();
    comms
        .schedules()
        .save(
            daily("daily")
                .startAt(newYork(2026, 10, 25, 0, 0))
                .endAt(newYork(2026, 11, 10, 23, 59))
                .build());

    runHourly(Instant.parse("2026-11-12T00:00:00Z"), comms);

    List<Instant> times = sendTimes(comms);
    assertOnePerDayAtNine(times, LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 10));
    assertThat(times).contains(Instant.parse("2026-10-31T13:00:00Z"));
    assertThat(times).contains(Instant.parse("2026-11-01T14:00:00Z"));
  }

  @Test
  void a_local_time_skipped_or_repeated_by_the_shifts_fires_once() {
    clock.set(Instant.parse("2026-03-07T12:00:00Z"));
    Communication comms = node();
    comms.schedules().save(daily("gap").cron("30 2 * * *").build());
    comms.schedules().save(daily("overlap").cron("30 1 * * *").build());

    Duration halfHour = Duration.ofMinutes(30);
    run(Instant.parse("2026-03-09T00:00:00Z"), halfHour, comms);
    List<Instant> march = sendTimes(comms);
    email.clear();
    clock.set(Instant.parse("2026-10-31T12:00:00Z"));
    comms.dispatchDue(); // the missed firings in between: once each
    email.clear();
    run(Instant.parse("2026-11-02T00:00:00Z"), halfHour, comms);
    List<Instant> november = sendTimes(comms);

    // 02:30 on March 8 does not exist: sent at 03:30 EDT (07:30Z).
    assertThat(march)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-03-08T06:30:00Z"), // 01:30 EST
            Instant.parse("2026-03-08T07:30:00Z")); // 02:30 shifted to 03:30 EDT
    // 01:30 on November 1 happens twice: sent at the first (EDT).
    assertThat(november)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT
            Instant.parse("2026-11-01T07:30:00Z")); // 02:30 EST
  }

  @Test
  void a_paused_schedule_sends_nothing_and_resumes_without_catching_up() {
    Communication comms = node();
    comms.schedules().save(daily("daily").build());

    runHourly(newYork(2026, 3, 2, 12, 0), comms); // Feb 27, 28, Mar 1, 2
    comms.schedules().pause(tenant, "daily");
    runHourly(newYork(2026, 3, 5, 12, 0), comms); // Mar 3, 4, 5 paused
    ScheduleState resumed = comms.schedules().resume(tenant, "daily");
    runHourly(newYork(2026, 3, 7, 12, 0), comms); // Mar 6, 7

    assertThat(resumed.status()).isEqualTo(ScheduleStatus.ACTIVE);
    assertThat(resumed.nextRunAt()).isEqualTo(newYork(2026, 3, 6, 9, 0));
    List<Instant> times = sendTimes(comms);
    assertThat(times)
        .extracting(t -> t.atZone(NEW_YORK).toLocalDate().getDayOfMonth())
        .containsExactly(27, 28, 1, 2, 6, 7);
  }

  @Test
  void after_downtime_only_the_latest_missed_firing_is_sent() {
    Communication comms = node();
    comms.schedules().save(daily("daily").build());
    runHourly(newYork(2026, 2, 27, 10, 0), comms);
    assertThat(email.sent()).hasSize(1);

    clock.set(newYork(2026, 3, 3, 15, 17)); // 4 firings missed
    comms.dispatchDue();

    assertThat(email.sent()).hasSize(2);
    ScheduleState state = comms.schedules().get(tenant, "daily").orElseThrow();
    assertThat(state.lastRunAt()).isEqualTo(newYork(2026, 3, 3, 9, 0));
    assertThat(state.nextRunAt()).isEqualTo(newYork(2026, 3, 4, 9, 0));
  }

  @Test
  void a_firing_that_cannot_be_sent_is_skipped_and_the_next_one_is_tried() {
    Communication comms = node();
    comms.schedules().save(daily("daily").template("not-published").build());

    runHourly(newYork(2026, 2, 27, 10, 0), comms);

    assertThat(email.sent()).isEmpty();
    ScheduleState state = comms.schedules().get(tenant, "daily").orElseThrow();
    assertThat(state.lastRunAt()).isEqualTo(newYork(2026, 2, 27, 9, 0));
    assertThat(state.nextRunAt()).isEqualTo(newYork(2026, 2, 28, 9, 0));
  }

  @Test
  void a_firing_run_again_after_a_lost_lease_sends_once() {
    Communication healthy = node();
    Stores crashing = crashingOnAdvance(anotherNode());
    Communication crashed = node("node-b", crashing);
    healthy.schedules().save(daily("daily").build());
    clock.set(newYork(2026, 2, 27, 9, 0));

    // node-b claims and sends, then dies before recording the firing.
    assertThatThrownBy(crashed::dispatchDue).hasMessageContaining("node died");
    healthy.dispatchDue(); // the lease holds: nothing is claimed, the queued email goes out
    assertThat(email.sent()).hasSize(1);

    clock.advance(LEASE);
    healthy.dispatchDue(); // the lease ran out: node-a runs the same firing again

    assertThat(email.sent()).hasSize(1);
    ScheduleState state = healthy.schedules().get(tenant, "daily").orElseThrow();
    assertThat(state.lastRunAt()).isEqualTo(newYork(2026, 2, 27, 9, 0));
    assertThat(state.nextRunAt()).isEqualTo(newYork(2026, 2, 28, 9, 0));
    runHourly(newYork(2026, 2, 28, 10, 0), healthy);
    assertThat(email.sent()).hasSize(2);
  }

  @Test
  void a_node_stopped_after_its_claim_leaves_the_firing_to_another_node() {
    Communication a = node();
    Communication b = node("node-b", anotherNode());
    a.schedules().save(daily("daily").build());
    clock.set(newYork(2026, 2, 27, 9, 0));

    // node-a claims the due schedule and stops before sending.
    ScheduleStore storeOfA = stores.schedules();
    assertThat(storeOfA.claimDue("node-a", 10, clock.instant(), LEASE)).hasSize(1);
    a.close();

    b.dispatchDue();
    assertThat(email.sent()).isEmpty();

    clock.advance(LEASE);
    b.dispatchDue();

    assertThat(sendTimes(b)).containsExactly(newYork(2026, 2, 27, 9, 0).plus(LEASE));
    assertThat(b.schedules().get(tenant, "daily").orElseThrow().nextRunAt())
        .isEqualTo(newYork(2026, 2, 28, 9, 0));
  }

  @Test
  void the_preview_lists_the_next_firings_across_a_shift_and_stops_at_the_end() {
    clock.set(Instant.parse("2026-03-05T00:00:00Z"));
    Communication comms = node();
    comms.schedules().save(daily("daily").endAt(newYork(2026, 3, 9, 12, 0)).build());

    assertThat(comms.schedules().upcoming(tenant, "daily", 10))
        .containsExactly(
            Instant.parse("2026-03-05T14:00:00Z"),
            Instant.parse("2026-03-06T14:00:00Z"),
            Instant.parse("2026-03-07T14:00:00Z"),
            Instant.parse("2026-03-08T13:00:00Z"),
            Instant.parse("2026-03-09T13:00:00Z"));
    assertThat(comms.schedules().upcoming(tenant, "daily", 2)).hasSize(2);
    assertThatThrownBy(() -> comms.schedules().upcoming(tenant, "daily", 0))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("n"));
    assertThatThrownBy(() -> comms.schedules().upcoming(tenant, "none", 1))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void schedules_are_saved_replaced_listed_and_deleted_per_tenant() {
    Communication comms = node();
    ScheduleState saved = comms.schedules().save(daily("b").build());
    comms.schedules().save(daily("a").zone(ZoneId.of("Europe/Paris")).build());
    ScheduleState replaced = comms.schedules().save(daily("b").cron("0 18 * * *").build());

    assertThat(saved.nextRunAt()).isEqualTo(newYork(2026, 2, 27, 9, 0));
    assertThat(replaced.version()).isGreaterThan(saved.version());
    assertThat(replaced.nextRunAt()).isEqualTo(newYork(2026, 2, 27, 18, 0));
    assertThat(comms.schedules().get(tenant, "a").orElseThrow().schedule().zone())
        .isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(comms.schedules().list(tenant, null, 10))
        .extracting(ScheduleState::id)
        .containsExactly("a", "b");
    assertThat(comms.schedules().list(tenant, "a", 10))
        .extracting(ScheduleState::id)
        .containsExactly("b");
    assertThat(comms.schedules().list(TestData.tenant(), null, 10)).isEmpty();
    assertThat(comms.schedules().delete(tenant, "a")).isTrue();
    assertThat(comms.schedules().get(tenant, "a")).isEmpty();
    assertThatThrownBy(() -> comms.schedules().pause(tenant, "a"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void bad_inputs_are_refused_naming_the_field_and_nothing_is_saved() {
    Communication comms = node();

    rejects(() -> comms.schedules().save(daily("x").cron("0 0 30 2 *").build()), "cron");
    rejects(() -> comms.schedules().save(daily(" ").build()), "id");
    rejects(() -> comms.schedules().save(daily("x".repeat(201)).build()), "id");
    rejects(
        () ->
            comms
                .schedules()
                .save(
                    daily("x")
                        .startAt(Instant.parse("2026-03-02T00:00:00Z"))
                        .endAt(Instant.parse("2026-03-01T00:00:00Z"))
                        .build()),
        "endAt");
    // A window without a firing: 10:00 to 11:00 has no 09:00.
    rejects(
        () ->
            comms
                .schedules()
                .save(
                    daily("x")
                        .startAt(newYork(2026, 3, 2, 10, 0))
                        .endAt(newYork(2026, 3, 2, 11, 0))
                        .build()),
        "endAt");
    rejects(() -> comms.schedules().save(daily("x").template("no spaces").build()), "template");
    rejects(() -> comms.schedules().save(daily("x").event("").build()), "event");
    rejects(
        () ->
            comms
                .schedules()
                .save(
                    daily("x")
                        .to(new Recipient(" ", tenant, Map.of(), Locale.US, NEW_YORK))
                        .build()),
        "recipient.id");
    rejects(() -> comms.schedules().list(tenant, null, 0), "limit");

    assertThat(comms.schedules().list(tenant, null, 100)).isEmpty();
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  /** The stores with a schedule store whose advance fails, as a node that dies at that moment. */
  private static Stores crashingOnAdvance(Stores stores) {
    ScheduleStore inner = stores.schedules();
    ScheduleStore crashing =
        new ScheduleStore() {
          @Override
          public ScheduleState save(Schedule schedule, @Nullable Instant nextRunAt, Instant now) {
            return inner.save(schedule, nextRunAt, now);
          }

          @Override
          public Optional<ScheduleState> get(String tenantId, String id) {
            return inner.get(tenantId, id);
          }

          @Override
          public List<ScheduleState> list(String tenantId, @Nullable String afterId, int limit) {
            return inner.list(tenantId, afterId, limit);
          }

          @Override
          public boolean delete(String tenantId, String id) {
            return inner.delete(tenantId, id);
          }

          @Override
          public Optional<ScheduleState> update(
              String tenantId,
              String id,
              long expectedVersion,
              ScheduleStatus status,
              @Nullable Instant nextRunAt,
              Instant now) {
            return inner.update(tenantId, id, expectedVersion, status, nextRunAt, now);
          }

          @Override
          public List<ScheduleState> claimDue(
              String workerId, int limit, Instant now, Duration lease) {
            return inner.claimDue(workerId, limit, now, lease);
          }

          @Override
          public boolean advance(
              String tenantId,
              String id,
              long expectedVersion,
              String workerId,
              Instant lastRunAt,
              @Nullable Instant nextRunAt,
              Instant now) {
            throw new IllegalStateException("node died");
          }
        };
    return Stores.from(stores).schedules(crashing).build();
  }
}
