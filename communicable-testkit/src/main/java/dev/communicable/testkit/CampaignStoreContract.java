package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.campaign.AudiencePage;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignProgress;
import dev.communicable.campaign.CampaignState;
import dev.communicable.campaign.IllegalCampaignStateException;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.schedule.SendWindow;
import dev.communicable.spi.CampaignPage;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredCampaign;
import dev.communicable.spi.Stores;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.communicable.spi.CampaignStore}, and of campaigns run by a {@code
 * Communication} on the same stores. Extend it and implement {@link #createStores()}: a fresh set
 * of stores whose campaign store counts the deliveries of the delivery store next to it. The
 * campaign scenarios run the engine with no worker threads, a settable clock and {@code
 * dispatchDue()}, so they need a queue holding nothing else (a fresh or emptied database).
 */
public abstract class CampaignStoreContract {

  /** The stores under test. */
  protected Stores stores;

  /** Their campaign store. */
  protected CampaignStore store;

  private String tenant;

  /** A fresh set of stores whose queue holds nothing. Called before each test. */
  protected abstract Stores createStores();

  /** Releases the stores after each test. The default does nothing. */
  protected void closeStores(Stores stores) throws Exception {}

  @BeforeEach
  final void setUpCampaignStore() {
    stores = createStores();
    store = stores.campaigns();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownCampaignStore() throws Exception {
    closeStores(stores);
  }

  private Campaign.Builder campaign(String id) {
    return Campaign.builder(id)
        .tenant(tenant)
        .name("Spring sale")
        .event("marketing.spring")
        .content(Content.builder().subject("Sale").text("{{discount}} off").build())
        .data("discount", "20%")
        .channels(ChannelType.EMAIL)
        .audience("everyone");
  }

  private StoredCampaign running(StoredCampaign c, Instant runAt) {
    return c.moved(CampaignState.RUNNING, runAt, null, null, runAt, null, runAt);
  }

  private CampaignPage page(StoredCampaign c, long number, List<MessageId> messages) {
    return new CampaignPage(
        tenant, c.id(), number, number == 0 ? null : "c" + number, 10, messages, T0);
  }

  private NewMessage messageTo(int recipients) {
    List<Recipient> to = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      to.add(TestData.recipient(tenant, "user-" + i));
    }
    return TestData.newMessage(TestData.message(tenant).recipients(to).build());
  }

  @Nested
  class Storing {
    @Test
    void a_created_campaign_reads_back_equal_with_every_field() {
      Campaign full =
          campaign("spring")
              .topic("marketing")
              .priority(Priority.HIGH)
              .data("items", List.of("a", "b"))
              .pageSize(250)
              .ratePerSecond(40)
              .window(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)))
              .build();
      StoredCampaign draft = StoredCampaign.draft(full, T0);

      assertThat(store.create(draft)).isTrue();

      assertThat(store.find(tenant, "spring")).contains(draft);
      assertThat(store.find(tenant, "spring").orElseThrow().campaign()).isEqualTo(full);
      assertThat(store.find(TestData.tenant(), "spring")).isEmpty();
    }

    @Test
    void a_template_campaign_without_rate_or_window_reads_back_equal() {
      Campaign plain =
          Campaign.builder("plain")
              .tenant(tenant)
              .event("news")
              .template("newsletter")
              .audience("subscribers")
              .build();
      StoredCampaign draft = StoredCampaign.draft(plain, T0);
      store.create(draft);

      assertThat(store.find(tenant, "plain")).contains(draft);
    }

    @Test
    void creating_an_id_twice_in_a_tenant_is_refused_and_keeps_the_first() {
      StoredCampaign first = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(first);

      assertThat(store.create(StoredCampaign.draft(campaign("spring").name("Other").build(), T0)))
          .isFalse();
      assertThat(store.find(tenant, "spring")).contains(first);
    }

    @Test
    void list_gives_a_tenants_campaigns_in_id_order_after_a_cursor_up_to_a_limit() {
      for (String id : List.of("c", "a", "d", "b")) {
        store.create(StoredCampaign.draft(campaign(id).build(), T0));
      }
      store.create(
          StoredCampaign.draft(
              Campaign.builder("z")
                  .tenant(TestData.tenant())
                  .event("e")
                  .template("t")
                  .audience("x")
                  .build(),
              T0));

      assertThat(store.list(tenant, null, 10))
          .extracting(StoredCampaign::id)
          .containsExactly("a", "b", "c", "d");
      assertThat(store.list(tenant, "b", 1)).extracting(StoredCampaign::id).containsExactly("c");
      rejectsField(() -> store.list(tenant, null, 0), "limit");
    }

    @Test
    void update_writes_only_over_the_version_it_read() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      StoredCampaign started = running(draft, T0.plusSeconds(1));

      assertThat(store.update(started)).isTrue();
      assertThat(store.update(running(draft, T0.plusSeconds(2)))).isFalse();
      assertThat(store.find(tenant, "spring")).contains(started);
    }
  }

  @Nested
  class Claiming {
    @Test
    void a_claim_leases_running_due_campaigns_once_until_the_lease_runs_out() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      Duration lease = Duration.ofMinutes(1);

      List<StoredCampaign> first = store.claim("node-a", 10, T0, lease);

      assertThat(first).hasSize(1);
      assertThat(first.get(0).leaseOwner()).isEqualTo("node-a");
      assertThat(first.get(0).leaseUntil()).isEqualTo(T0.plus(lease));
      assertThat(first.get(0).version()).isEqualTo(2);
      assertThat(store.find(tenant, "spring")).contains(first.get(0));
      assertThat(store.claim("node-b", 10, T0.plusSeconds(30), lease)).isEmpty();
      List<StoredCampaign> takenOver = store.claim("node-b", 10, T0.plusSeconds(61), lease);
      assertThat(takenOver).extracting(StoredCampaign::leaseOwner).containsExactly("node-b");
    }

    @Test
    void drafts_paused_campaigns_and_those_not_yet_due_are_not_claimed() {
      store.create(StoredCampaign.draft(campaign("draft").build(), T0));
      StoredCampaign later = StoredCampaign.draft(campaign("later").build(), T0);
      store.create(later);
      store.update(running(later, T0.plusSeconds(60)));
      StoredCampaign paused = StoredCampaign.draft(campaign("paused").build(), T0);
      store.create(paused);
      store.update(running(paused, T0).moved(CampaignState.PAUSED, null, null, null, T0, null, T0));

      assertThat(store.claim("node-a", 10, T0, Duration.ofMinutes(1))).isEmpty();
      assertThat(store.claim("node-a", 10, T0.plusSeconds(60), Duration.ofMinutes(1)))
          .extracting(StoredCampaign::id)
          .containsExactly("later");
    }

    @Test
    void concurrent_claimers_never_get_the_same_campaign() throws Exception {
      for (int i = 0; i < 20; i++) {
        StoredCampaign d = StoredCampaign.draft(campaign("c" + i).build(), T0);
        store.create(d);
        store.update(running(d, T0));
      }
      AtomicInteger n = new AtomicInteger();
      List<List<StoredCampaign>> results =
          Checks.concurrently(
              4, () -> store.claim("node-" + n.incrementAndGet(), 5, T0, Duration.ofMinutes(1)));

      List<String> ids = new ArrayList<>();
      results.forEach(r -> r.forEach(c -> ids.add(c.id())));
      assertThat(ids).doesNotHaveDuplicates();
    }
  }

  @Nested
  class Advancing {
    @Test
    void advance_records_the_page_and_moves_on_guarded_by_version_and_lease_owner() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      StoredCampaign claimed = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      MessageId m = new MessageId(java.util.UUID.randomUUID());
      StoredCampaign next =
          claimed.advanced(CampaignState.RUNNING, "c1", 10, 1, T0, null, null, T0.plusSeconds(1));

      assertThat(store.advance(next, "node-b", page(claimed, 0, List.of(m)))).isFalse();
      assertThat(store.pages(tenant, "spring", 0, 10)).isEmpty();
      assertThat(store.advance(next, "node-a", page(claimed, 0, List.of(m)))).isTrue();
      assertThat(store.advance(next, "node-a", page(claimed, 0, List.of(m)))).isFalse();

      StoredCampaign stored = store.find(tenant, "spring").orElseThrow();
      assertThat(stored).isEqualTo(next);
      assertThat(stored.cursor()).isEqualTo("c1");
      assertThat(stored.nextPage()).isEqualTo(1);
      assertThat(stored.recipients()).isEqualTo(10);
      assertThat(stored.skipped()).isEqualTo(1);
      assertThat(stored.leaseOwner()).isNull();
      assertThat(store.pages(tenant, "spring", 0, 10))
          .containsExactly(page(claimed, 0, List.of(m)));
    }

    @Test
    void a_page_recorded_again_replaces_the_earlier_record() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      StoredCampaign a = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      MessageId m1 = new MessageId(java.util.UUID.randomUUID());
      store.advance(
          a.advanced(CampaignState.RUNNING, "c1", 10, 0, T0, null, null, T0),
          "node-a",
          page(a, 0, List.of(m1)));
      StoredCampaign b = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      MessageId m2 = new MessageId(java.util.UUID.randomUUID());

      store.advance(
          b.advanced(CampaignState.RUNNING, "c2", 10, 0, T0, null, null, T0),
          "node-a",
          page(b, 0, List.of(m2)));

      assertThat(store.pages(tenant, "spring", 0, 10)).containsExactly(page(b, 0, List.of(m2)));
    }

    @Test
    void release_lets_go_of_its_own_lease_only() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      StoredCampaign claimed = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);

      store.release(tenant, "spring", "node-b");
      assertThat(store.find(tenant, "spring").orElseThrow().leaseOwner()).isEqualTo("node-a");
      store.release(tenant, "spring", "node-a");

      StoredCampaign released = store.find(tenant, "spring").orElseThrow();
      assertThat(released.leaseOwner()).isNull();
      assertThat(released.leaseUntil()).isNull();
      assertThat(released.version()).isEqualTo(claimed.version());
      assertThat(store.claim("node-b", 1, T0, Duration.ofMinutes(1))).hasSize(1);
    }

    @Test
    void pages_are_read_in_order_from_a_page_number_up_to_a_limit() {
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      for (int p = 0; p < 5; p++) {
        StoredCampaign c = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
        store.advance(
            c.advanced(CampaignState.RUNNING, "c" + (p + 1), 10, 0, T0, null, null, T0),
            "node-a",
            page(c, p, List.of()));
      }

      assertThat(store.pages(tenant, "spring", 2, 2))
          .extracting(CampaignPage::number)
          .containsExactly(2L, 3L);
    }

    @Test
    void delivery_counts_group_the_deliveries_of_the_pages_messages_by_state() {
      NewMessage first = messageTo(3);
      NewMessage second = messageTo(2);
      NewMessage unrelated = messageTo(4);
      stores.deliveries().enqueue(List.of(first, second, unrelated));
      StoredCampaign draft = StoredCampaign.draft(campaign("spring").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      StoredCampaign c = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      store.advance(
          c.advanced(CampaignState.RUNNING, "c1", 5, 0, T0, null, null, T0),
          "node-a",
          page(c, 0, List.of(first.message().id(), second.message().id())));

      assertThat(store.deliveryCounts(tenant, "spring"))
          .isEqualTo(Map.of(DeliveryState.QUEUED, 5L));
      assertThat(store.deliveryCounts(tenant, "other")).isEmpty();
    }
  }

  // ---- campaigns run by the engine on these stores ----

  private SettableClock clock;
  private RecordingChannelAdapter email;
  private final List<Communication> nodes = new ArrayList<>();

  @AfterEach
  final void closeNodes() {
    nodes.forEach(Communication::close);
    nodes.clear();
  }

  private Communication node(String name) {
    Communication node =
        Communication.builder()
            .stores(stores)
            .adapter(email)
            .clock(clock)
            .workers(0)
            .lease(Duration.ofMinutes(1))
            .workerId(name)
            .build();
    nodes.add(node);
    return node;
  }

  private Communication engine(Instant at) {
    clock = SettableClock.of(at);
    email = new RecordingChannelAdapter(ChannelType.EMAIL, "recording");
    return node("node-a");
  }

  private Recipient person(int i, ZoneId zone) {
    return new Recipient(
        "user-" + i,
        tenant,
        Map.of(ChannelType.EMAIL, "user-" + i + "@example.com"),
        Locale.ENGLISH,
        zone);
  }

  /** A synthetic audience of {@code size} people, cursor = the index of the next one. */
  private class Numbered implements dev.communicable.campaign.Audience {
    final int size;
    final AtomicInteger reads = new AtomicInteger();
    java.util.function.IntConsumer beforePage = at -> {};

    Numbered(int size) {
      this.size = size;
    }

    @Override
    public AudiencePage page(
        String tenantId, String audienceName, @Nullable String cursor, int limit) {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      reads.incrementAndGet();
      beforePage.accept(from);
      List<Communicable> people = new ArrayList<>();
      for (int i = from; i < Math.min(size, from + limit); i++) {
        people.add(zoneOf(i) == null ? person(i, ZoneId.of("UTC")) : person(i, zoneOf(i)));
      }
      int next = from + people.size();
      return next >= size
          ? AudiencePage.last(people)
          : AudiencePage.of(people, String.valueOf(next));
    }

    @Nullable ZoneId zoneOf(int i) {
      return null;
    }
  }

  /** Every delivery of the campaign's pages, read through the engine. */
  private List<Delivery> deliveriesOf(Communication comms, String campaignId) {
    List<Delivery> all = new ArrayList<>();
    for (CampaignPage p : store.pages(tenant, campaignId, 0, CampaignStore.MAX_LIMIT)) {
      for (MessageId m : p.messageIds()) {
        all.addAll(comms.deliveries(tenant, m));
      }
    }
    return all;
  }

  private void assertEachOnce(Communication comms, String campaignId, int size) {
    List<Delivery> deliveries = deliveriesOf(comms, campaignId);
    Map<String, Integer> perRecipient = new HashMap<>();
    deliveries.forEach(d -> perRecipient.merge(d.recipientId(), 1, Integer::sum));
    assertThat(perRecipient).hasSize(size);
    assertThat(perRecipient.values()).allMatch(n -> n == 1);
    Map<String, Integer> sends = new HashMap<>();
    email.sent().forEach(m -> sends.merge(m.recipientId(), 1, Integer::sum));
    assertThat(sends).hasSize(size);
    assertThat(sends.values()).allMatch(n -> n == 1);
  }

  @Nested
  class Running {
    @Test
    void ten_thousand_recipients_paused_half_way_and_resumed_are_each_sent_exactly_once() {
      Communication comms = engine(T0);
      Numbered audience = new Numbered(10_000);
      comms.campaigns().register("everyone", audience);
      comms.campaigns().create(campaign("spring").pageSize(1_000).build());
      comms.campaigns().start(tenant, "spring");
      // The pause arrives while page 5 is being read: that page is queued but not recorded.
      AtomicBoolean paused = new AtomicBoolean();
      audience.beforePage =
          from -> {
            if (from == 5_000 && paused.compareAndSet(false, true)) {
              comms.campaigns().pause(tenant, "spring");
            }
          };

      comms.dispatchDue();

      CampaignProgress half = comms.campaigns().get(tenant, "spring");
      assertThat(half.state()).isEqualTo(CampaignState.PAUSED);
      assertThat(half.pages()).isEqualTo(5);
      assertThat(half.recipients()).isEqualTo(5_000);
      assertThat(half.sent()).isEqualTo(5_000);
      clock.advance(Duration.ofHours(1));
      assertThat(comms.dispatchDue()).isZero(); // paused: no page is read

      comms.campaigns().resume(tenant, "spring");
      comms.dispatchDue();

      CampaignProgress done = comms.campaigns().get(tenant, "spring");
      assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(done.recipients()).isEqualTo(10_000);
      assertThat(done.pages()).isEqualTo(10);
      assertThat(done.sent()).isEqualTo(10_000);
      assertThat(done.queued()).isZero();
      assertThat(done.finishedAt()).isEqualTo(clock.instant());
      assertEachOnce(comms, "spring", 10_000);
    }

    @Test
    void an_audience_that_throws_on_page_7_stops_the_campaign_and_resume_sends_no_one_twice() {
      Communication comms = engine(T0);
      Numbered audience = new Numbered(1_000);
      AtomicBoolean failed = new AtomicBoolean();
      audience.beforePage =
          from -> {
            if (from == 700 && failed.compareAndSet(false, true)) {
              throw new IllegalStateException("the customer database is down");
            }
          };
      comms.campaigns().register("everyone", audience);
      comms.campaigns().create(campaign("spring").pageSize(100).build());
      comms.campaigns().start(tenant, "spring");

      comms.dispatchDue();

      CampaignProgress stopped = comms.campaigns().get(tenant, "spring");
      assertThat(stopped.state()).isEqualTo(CampaignState.STOPPED_ON_ERROR);
      assertThat(stopped.error()).contains("page 7").contains("the customer database is down");
      assertThat(stopped.pages()).isEqualTo(7);
      assertThat(stopped.recipients()).isEqualTo(700);
      assertThat(store.find(tenant, "spring").orElseThrow().cursor()).isEqualTo("700");

      comms.campaigns().resume(tenant, "spring");
      comms.dispatchDue();

      CampaignProgress done = comms.campaigns().get(tenant, "spring");
      assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(done.error()).isNull();
      assertThat(done.recipients()).isEqualTo(1_000);
      assertThat(done.sent()).isEqualTo(1_000);
      assertEachOnce(comms, "spring", 1_000);
    }

    @Test
    void a_page_read_again_after_its_lease_was_lost_queues_nothing_twice() {
      Communication a = engine(T0);
      Communication b = node("node-b");
      Numbered audience = new Numbered(1_000);
      AtomicBoolean lost = new AtomicBoolean();
      // While node-a reads page 3, its lease runs out and node-b takes the campaign over and
      // finishes it; node-a then queues page 3 again and fails to record it.
      audience.beforePage =
          from -> {
            if (from == 300 && lost.compareAndSet(false, true)) {
              clock.advance(Duration.ofMinutes(2));
              b.dispatchDue();
            }
          };
      a.campaigns().register("everyone", audience);
      b.campaigns().register("everyone", audience);
      a.campaigns().create(campaign("spring").pageSize(100).build());
      a.campaigns().start(tenant, "spring");

      a.dispatchDue();
      b.dispatchDue();

      CampaignProgress done = a.campaigns().get(tenant, "spring");
      assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(done.pages()).isEqualTo(10);
      assertThat(done.recipients()).isEqualTo(1_000);
      assertThat(done.sent()).isEqualTo(1_000);
      assertEachOnce(a, "spring", 1_000);
    }

    @Test
    void a_send_window_holds_each_zone_to_its_own_weekday_hours() {
      // Friday 2026-03-06 12:00 UTC: 07:00 in New York (before the window), 21:00 in Tokyo (after).
      Instant friday = Instant.parse("2026-03-06T12:00:00Z");
      Communication comms = engine(friday);
      ZoneId newYork = ZoneId.of("America/New_York");
      ZoneId tokyo = ZoneId.of("Asia/Tokyo");
      Numbered audience =
          new Numbered(40) {
            @Override
            ZoneId zoneOf(int i) {
              return i % 2 == 0 ? newYork : tokyo;
            }
          };
      SendWindow window = SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));
      comms.campaigns().register("everyone", audience);
      comms.campaigns().create(campaign("spring").pageSize(15).window(window).build());
      comms.campaigns().start(tenant, "spring");

      comms.dispatchDue();

      assertThat(email.sent()).isEmpty();
      List<Delivery> deliveries = deliveriesOf(comms, "spring");
      assertThat(deliveries).hasSize(40);
      Instant newYorkOpens = Instant.parse("2026-03-06T14:00:00Z"); // Fri 09:00 EST
      Instant tokyoOpens = Instant.parse("2026-03-09T00:00:00Z"); // Mon 09:00 JST
      assertThat(deliveries)
          .allSatisfy(
              d ->
                  assertThat(d.scheduledAt())
                      .isEqualTo(d.route().timeZone().equals(newYork) ? newYorkOpens : tokyoOpens));

      clock.set(newYorkOpens);
      comms.dispatchDue();
      assertThat(email.sent()).hasSize(20);
      clock.set(tokyoOpens);
      comms.dispatchDue();
      assertThat(email.sent()).hasSize(40);
      for (OutboundMessage m : email.sent()) {
        ZoneId zone = Integer.parseInt(m.recipientId().substring(5)) % 2 == 0 ? newYork : tokyo;
        ZonedDateTime local = (zone.equals(newYork) ? newYorkOpens : tokyoOpens).atZone(zone);
        assertThat(window.contains(local.toInstant(), zone)).isTrue();
        assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      }
      assertThat(comms.campaigns().get(tenant, "spring").sent()).isEqualTo(40);
    }

    @Test
    void a_retry_that_falls_due_after_the_window_closed_waits_for_the_next_opening() {
      // Friday 2026-03-06 17:59 in New York: inside the window, for one more minute.
      Communication comms = engine(Instant.parse("2026-03-06T22:59:00Z"));
      email.failNext(1, dev.communicable.channel.SendResult.retryable("recording", "busy"));
      ZoneId newYork = ZoneId.of("America/New_York");
      comms
          .campaigns()
          .register(
              "everyone", (t, a, cursor, limit) -> AudiencePage.last(List.of(person(1, newYork))));
      SendWindow window = SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));
      comms.campaigns().create(campaign("spring").window(window).build());
      comms.campaigns().start(tenant, "spring");

      comms.dispatchDue(); // the first attempt fails; the retry is due a minute later, at 18:00
      clock.advance(Duration.ofMinutes(2));
      comms.dispatchDue();

      assertThat(email.sent()).hasSize(1);
      // Monday 09:00 in New York is 13:00 UTC: daylight saving time began on Sunday the 8th.
      clock.set(Instant.parse("2026-03-09T12:59:00Z"));
      comms.dispatchDue();
      assertThat(email.sent()).hasSize(1);
      clock.set(Instant.parse("2026-03-09T13:00:00Z"));
      comms.dispatchDue();
      assertThat(email.sent()).hasSize(2);
      assertThat(comms.campaigns().get(tenant, "spring").sent()).isEqualTo(1);
    }

    @Test
    void a_send_rate_paces_each_page_by_its_due_time_one_page_ahead() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(1_000));
      comms.campaigns().create(campaign("spring").pageSize(100).ratePerSecond(50).build());
      comms.campaigns().start(tenant, "spring");

      comms.dispatchDue();

      // Page k is due at T0 + k * 100 / 50 s; page 1 is queued ahead, at its time.
      assertThat(comms.campaigns().get(tenant, "spring").pages()).isEqualTo(2);
      assertThat(email.sent()).hasSize(100);
      for (int k = 2; k < 10; k++) {
        clock.advance(Duration.ofSeconds(2));
        comms.dispatchDue();
        assertThat(email.sent()).hasSize(100 * k);
      }
      clock.advance(Duration.ofSeconds(2));
      comms.dispatchDue();
      List<CampaignPage> pages = store.pages(tenant, "spring", 0, 100);
      assertThat(pages).hasSize(10);
      for (CampaignPage p : pages) {
        for (MessageId m : p.messageIds()) {
          assertThat(comms.deliveries(tenant, m))
              .allSatisfy(
                  d -> assertThat(d.scheduledAt()).isEqualTo(T0.plusSeconds(2 * p.number())));
        }
      }
      assertThat(comms.campaigns().get(tenant, "spring").state())
          .isEqualTo(CampaignState.COMPLETED);
      assertThat(email.sent()).hasSize(1_000);
    }

    @Test
    void progress_counts_sent_failed_and_suppressed_deliveries_and_refused_recipients() {
      Communication comms = engine(T0);
      email.acceptAddresses(a -> !a.startsWith("user-7@"));
      email.respondWith(
          m ->
              m.recipientId().equals("user-3")
                  ? dev.communicable.channel.SendResult.permanent(
                      "recording", "bounced", "no such user")
                  : dev.communicable.channel.SendResult.accepted("recording", null));
      comms
          .preferences()
          .update(tenant, "user-5", "user-5", null, p -> p.channel(ChannelType.EMAIL, false));
      comms.campaigns().register("everyone", new Numbered(10));
      comms.campaigns().create(campaign("spring").pageSize(4).build());
      comms.campaigns().start(tenant, "spring");

      comms.dispatchDue();

      CampaignProgress p = comms.campaigns().get(tenant, "spring");
      assertThat(p.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(p.recipients()).isEqualTo(10);
      assertThat(p.skipped()).isEqualTo(1);
      assertThat(p.sent()).isEqualTo(7);
      assertThat(p.failed()).isEqualTo(1);
      assertThat(p.suppressed()).isEqualTo(1);
      assertThat(p.queued()).isZero();
      assertThat(p.pages()).isEqualTo(3);
    }

    @Test
    void cancel_stops_the_pages_and_cancels_the_deliveries_not_yet_sent() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(500));
      comms.campaigns().create(campaign("spring").pageSize(100).ratePerSecond(100).build());
      comms.campaigns().start(tenant, "spring");
      comms.dispatchDue(); // page 0 sent, page 1 queued for T0 + 1 s

      CampaignProgress cancelled = comms.campaigns().cancel(tenant, "spring");
      clock.advance(Duration.ofMinutes(10));
      comms.dispatchDue();

      assertThat(cancelled.state()).isEqualTo(CampaignState.CANCELLED);
      assertThat(cancelled.finishedAt()).isEqualTo(T0);
      CampaignProgress p = comms.campaigns().get(tenant, "spring");
      assertThat(p.sent()).isEqualTo(100);
      assertThat(p.cancelled()).isEqualTo(100);
      assertThat(p.pages()).isEqualTo(2);
      assertThat(email.sent()).hasSize(100);
      assertThatThrownBy(() -> comms.campaigns().resume(tenant, "spring"))
          .isInstanceOf(IllegalCampaignStateException.class);
    }

    @Test
    void list_shows_a_tenants_campaigns_with_their_progress() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(3));
      comms.campaigns().create(campaign("b").build());
      comms.campaigns().create(campaign("a").build());
      comms.campaigns().start(tenant, "a");
      comms.dispatchDue();

      assertThat(comms.campaigns().list(tenant, null, 10))
          .extracting(CampaignProgress::campaignId, CampaignProgress::state, CampaignProgress::sent)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", CampaignState.COMPLETED, 3L),
              org.assertj.core.groups.Tuple.tuple("b", CampaignState.DRAFT, 0L));
      assertThat(comms.campaigns().definition(tenant, "b")).isEqualTo(campaign("b").build());
    }
  }

  @Nested
  class Settling {

    /** A campaign left in {@code state} with one recorded page of messages no delivery has. */
    private void leftIn(String id, CampaignState state) {
      StoredCampaign draft = StoredCampaign.draft(campaign(id).build(), T0);
      store.create(draft);
      if (state == CampaignState.DRAFT) {
        return;
      }
      store.update(running(draft, T0));
      StoredCampaign c = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      assertThat(c.id()).isEqualTo(id);
      boolean completes = state == CampaignState.COMPLETED;
      StoredCampaign next =
          c.advanced(
              completes ? CampaignState.COMPLETED : CampaignState.RUNNING,
              null,
              10,
              0,
              // A running one's next page is far off, so that later claims here take the new one.
              completes ? null : T0.plus(Duration.ofDays(365)),
              null,
              completes ? T0 : null,
              T0);
      assertThat(store.advance(next, "node-a", page(c, 0, List.of(messageTo(1).message().id()))))
          .isTrue();
      if (state != CampaignState.COMPLETED && state != CampaignState.RUNNING) {
        assertThat(
                store.update(
                    next.moved(
                        state,
                        null,
                        null,
                        state == CampaignState.STOPPED_ON_ERROR ? "boom" : null,
                        T0,
                        state == CampaignState.CANCELLED ? T0 : null,
                        T0)))
            .isTrue();
      }
    }

    @Test
    void a_finished_campaign_is_frozen_only_once_its_deliveries_are_final_and_outlives_them() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(300));
      comms.campaigns().create(campaign("spring").pageSize(100).ratePerSecond(100).build());
      comms.campaigns().start(tenant, "spring");
      for (int i = 0;
          i < 10 && comms.campaigns().get(tenant, "spring").state() != CampaignState.COMPLETED;
          i++) {
        comms.dispatchDue();
        clock.advance(Duration.ofSeconds(1));
      }
      CampaignProgress completed = comms.campaigns().get(tenant, "spring");
      assertThat(completed.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(completed.queued()).as("the last page is due later").isPositive();

      assertThat(store.settle(clock.instant(), 10)).as("deliveries still queued").isZero();
      assertThat(store.pages(tenant, "spring", 0, 10)).hasSize(3);
      assertThat(store.deliveryCounts(tenant, "spring")).containsKey(DeliveryState.QUEUED);

      clock.advance(Duration.ofMinutes(1));
      comms.dispatchDue();
      List<Delivery> deliveries = deliveriesOf(comms, "spring");
      assertThat(deliveries).hasSize(300);
      assertThat(store.settle(clock.instant(), 10)).isEqualTo(1);

      assertThat(store.pages(tenant, "spring", 0, 10)).as("page records are gone").isEmpty();
      assertThat(store.deliveryCounts(tenant, "spring"))
          .isEqualTo(Map.of(DeliveryState.SENT, 300L));
      assertThat(store.settle(clock.instant(), 10)).as("settled once").isZero();
      assertThat(store.find(tenant, "spring")).as("the campaign row is kept").isPresent();

      int purged;
      do {
        purged = stores.deliveries().purge(clock.instant().plus(Duration.ofDays(365)), 500);
      } while (purged > 0);
      assertThatThrownBy(() -> comms.deliveries(tenant, deliveries.get(0).messageId()))
          .isInstanceOf(NotFoundException.class);
      assertThat(store.deliveryCounts(tenant, "spring"))
          .as("the frozen counts outlive the deliveries")
          .isEqualTo(Map.of(DeliveryState.SENT, 300L));
      CampaignProgress p = comms.campaigns().get(tenant, "spring");
      assertThat(p.sent()).isEqualTo(300);
      assertThat(p.queued()).isZero();
      assertThat(p.recipients()).isEqualTo(300);
      assertThat(p.pages()).isEqualTo(3);
    }

    @Test
    void a_cancelled_campaign_is_frozen_with_its_sent_and_cancelled_counts() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(500));
      comms.campaigns().create(campaign("spring").pageSize(100).ratePerSecond(100).build());
      comms.campaigns().start(tenant, "spring");
      comms.dispatchDue();
      comms.campaigns().cancel(tenant, "spring");

      assertThat(store.settle(T0, 10)).isEqualTo(1);

      assertThat(store.pages(tenant, "spring", 0, 10)).isEmpty();
      CampaignProgress p = comms.campaigns().get(tenant, "spring");
      assertThat(p.state()).isEqualTo(CampaignState.CANCELLED);
      assertThat(p.sent()).isEqualTo(100);
      assertThat(p.cancelled()).isEqualTo(100);
    }

    @Test
    void a_campaign_of_many_pages_has_every_page_and_message_record_deleted() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(250));
      comms.campaigns().create(campaign("spring").pageSize(10).build());
      comms.campaigns().start(tenant, "spring");
      comms.dispatchDue();
      assertThat(store.pages(tenant, "spring", 0, 100)).hasSize(25);

      int settled = 0;
      for (int i = 0; i < 10 && !store.pages(tenant, "spring", 0, 1).isEmpty(); i++) {
        settled += store.settle(T0.plusSeconds(i), 10);
      }

      assertThat(settled).isEqualTo(1);
      assertThat(store.pages(tenant, "spring", 0, 100)).isEmpty();
      assertThat(store.deliveryCounts(tenant, "spring"))
          .isEqualTo(Map.of(DeliveryState.SENT, 250L));
      assertThat(comms.campaigns().get(tenant, "spring").pages()).isEqualTo(25);
    }

    @Test
    void campaigns_not_finished_are_never_touched() {
      leftIn("draft", CampaignState.DRAFT);
      leftIn("running", CampaignState.RUNNING);
      leftIn("paused", CampaignState.PAUSED);
      leftIn("stopped", CampaignState.STOPPED_ON_ERROR);

      assertThat(store.settle(T0.plus(Duration.ofDays(30)), 10)).isZero();

      for (String id : List.of("running", "paused", "stopped")) {
        assertThat(store.pages(tenant, id, 0, 10)).as(id).hasSize(1);
      }
      leftIn("done", CampaignState.COMPLETED);
      assertThat(store.settle(T0.plus(Duration.ofDays(30)), 10)).isEqualTo(1);
      assertThat(store.pages(tenant, "done", 0, 10)).isEmpty();
      assertThat(store.pages(tenant, "paused", 0, 10)).hasSize(1);
    }

    @Test
    void each_call_settles_at_most_the_limit_and_a_campaign_with_pending_deliveries_waits() {
      NewMessage pending = messageTo(1);
      stores.deliveries().enqueue(List.of(pending));
      StoredCampaign draft = StoredCampaign.draft(campaign("waiting").build(), T0);
      store.create(draft);
      store.update(running(draft, T0));
      StoredCampaign c = store.claim("node-a", 1, T0, Duration.ofMinutes(1)).get(0);
      store.advance(
          c.advanced(CampaignState.COMPLETED, null, 1, 0, null, null, T0, T0),
          "node-a",
          page(c, 0, List.of(pending.message().id())));
      leftIn("a", CampaignState.COMPLETED);
      leftIn("b", CampaignState.CANCELLED);
      leftIn("c", CampaignState.COMPLETED);

      List<Integer> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(store.settle(T0.plusSeconds(i), 2));
      }

      assertThat(calls)
          .as("a and b, then c (waiting is visited), then none")
          .containsExactly(2, 1, 0, 0);
      for (String id : List.of("a", "b", "c")) {
        assertThat(store.pages(tenant, id, 0, 10)).as(id).isEmpty();
        assertThat(store.deliveryCounts(tenant, id)).as(id).isEmpty();
      }
      assertThat(store.pages(tenant, "waiting", 0, 10)).hasSize(1);
      assertThat(store.deliveryCounts(tenant, "waiting"))
          .isEqualTo(Map.of(DeliveryState.QUEUED, 1L));
    }

    @Test
    void settle_rejects_a_limit_out_of_range() {
      rejectsField(() -> store.settle(T0, 0), "limit");
      rejectsField(() -> store.settle(T0, CampaignStore.MAX_SETTLE_LIMIT + 1), "limit");
    }
  }

  @Nested
  class BadInput {
    @Test
    void each_bad_definition_is_refused_naming_its_field_and_nothing_is_written() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(3));

      rejectsField(
          () -> comms.campaigns().create(campaign("spring").audience("nobody").build()),
          "audience");
      rejectsField(() -> campaign(" ").build(), "id");
      rejectsField(() -> campaign("x".repeat(101)).build(), "id");
      rejectsField(() -> campaign("spring").ratePerSecond(0).build(), "ratePerSecond");
      rejectsField(() -> campaign("spring").pageSize(0).build(), "pageSize");
      rejectsField(() -> campaign("spring").pageSize(10_001).build(), "pageSize");
      rejectsField(() -> campaign("spring").event("no spaces").build(), "event");
      rejectsField(() -> campaign("spring").tenant("").build(), "tenant");
      rejectsField(() -> campaign("spring").template("t").build(), "template");
      rejectsField(() -> campaign("spring").data("bad\nkey", "v").build(), "data");
      rejectsField(() -> comms.campaigns().register(" ", new Numbered(1)), "name");
      rejectsField(() -> comms.campaigns().list(tenant, null, 0), "limit");
      rejectsField(() -> comms.campaigns().get(tenant, " "), "campaignId");

      assertThat(store.list(tenant, null, 10)).isEmpty();
    }

    @Test
    void moves_a_state_does_not_allow_are_refused_and_change_nothing() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(3));
      comms.campaigns().create(campaign("spring").build());
      rejectsField(() -> comms.campaigns().create(campaign("spring").build()), "id");

      assertThatThrownBy(() -> comms.campaigns().pause(tenant, "spring"))
          .isInstanceOfSatisfying(
              IllegalCampaignStateException.class,
              e -> {
                assertThat(e.state()).isEqualTo(CampaignState.DRAFT);
                assertThat(e.action()).isEqualTo("pause");
              });
      assertThatThrownBy(() -> comms.campaigns().resume(tenant, "spring"))
          .isInstanceOf(IllegalCampaignStateException.class);
      comms.campaigns().start(tenant, "spring");
      comms.dispatchDue();
      StoredCampaign completed = store.find(tenant, "spring").orElseThrow();
      assertThat(completed.state()).isEqualTo(CampaignState.COMPLETED);

      for (String action : Set.of("start", "pause", "resume", "cancel")) {
        assertThatThrownBy(
                () -> {
                  switch (action) {
                    case "start" -> comms.campaigns().start(tenant, "spring");
                    case "pause" -> comms.campaigns().pause(tenant, "spring");
                    case "resume" -> comms.campaigns().resume(tenant, "spring");
                    default -> comms.campaigns().cancel(tenant, "spring");
                  }
                })
            .as(action)
            .isInstanceOfSatisfying(
                IllegalCampaignStateException.class,
                e -> assertThat(e.state()).isEqualTo(CampaignState.COMPLETED));
      }
      assertThat(store.find(tenant, "spring")).contains(completed);
      assertThatThrownBy(() -> comms.campaigns().start(tenant, "missing"))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    void starting_a_campaign_whose_template_does_not_exist_is_refused() {
      Communication comms = engine(T0);
      comms.campaigns().register("everyone", new Numbered(3));
      comms.campaigns().create(campaign("spring").content(null).template("missing").build());

      assertThatThrownBy(() -> comms.campaigns().start(tenant, "spring"))
          .isInstanceOfSatisfying(
              NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("template"));
      assertThat(store.find(tenant, "spring").orElseThrow().state()).isEqualTo(CampaignState.DRAFT);
    }
  }
}
