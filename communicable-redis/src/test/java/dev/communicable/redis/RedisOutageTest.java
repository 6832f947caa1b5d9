package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.StoreException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * Redis stopped, restarted and slowed down under running work, on a Redis of the test's own (the
 * shared one is never stopped).
 */
@Tag("integration")
class RedisOutageTest {
  private static final Duration PROBE = Duration.ofMillis(50);

  private final OwnRedisServer server = OwnRedisServer.start();
  private final JedisPooled jedis = RedisTestServer.client(server.address());
  private final RecordingOutageListener listener = new RecordingOutageListener();

  @AfterEach
  void stopServer() {
    jedis.close();
    server.close();
  }

  @Test
  @DisplayName(
      "fail-open: with Redis stopped mid-run every delivery still goes out, once; one outage"
          + " reported; limits hold again after restart")
  void fail_open_loses_nothing() throws Exception {
    RedisThrottler throttler = throttler(FailureMode.FAIL_OPEN);
    try (Dispatcher run = new Dispatcher(throttler)) {
      run.enqueue(0, 100);
      await().atMost(Duration.ofSeconds(20)).until(() -> run.sent.size() >= 30);

      server.stop();
      run.enqueue(100, 200);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> run.sent.size() == 200 && !listener.outages.isEmpty());
      assertThat(run.slowestWhileDown()).isLessThan(Duration.ofSeconds(1));

      server.resume();
      ThrottlePermit other = new ThrottlePermit("other", 1000, Duration.ofMinutes(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  throttler.tryAcquire(List.of(other)) != null && listener.recoveries.size() == 1);
      int refusalsBefore = run.refusals.get();
      run.enqueue(200, 300);
      await().atMost(Duration.ofSeconds(30)).until(() -> run.sent.size() == 300);

      assertThat(run.duplicates).hasValue(0);
      assertThat(run.refusals.get()).as("the limit holds again").isGreaterThan(refusalsBefore);
      assertThat(listener.outages).hasSize(1);
      assertThat(listener.recoveries).hasSize(1);
      assertThat(listener.recoveries.get(0)).as("calls answered without Redis").isPositive();
    }
  }

  @Test
  @DisplayName(
      "fail-closed: with Redis stopped mid-run nothing goes out until it returns, then every"
          + " delivery goes out, once")
  void fail_closed_loses_nothing() throws Exception {
    RedisThrottler throttler = throttler(FailureMode.FAIL_CLOSED);
    try (Dispatcher run = new Dispatcher(throttler)) {
      run.enqueue(0, 150);
      await().atMost(Duration.ofSeconds(20)).until(() -> run.sent.size() >= 30);

      server.stop();
      int sentBeforeOutage = run.sent.size();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> run.refusedWhileDown.get() >= 50 && !listener.outages.isEmpty());
      assertThat(run.sent).hasSize(sentBeforeOutage);
      assertThat(run.slowestWhileDown()).isLessThan(Duration.ofSeconds(1));
      assertThat(throttler.tryAcquire(List.of(Dispatcher.PERMIT)))
          .isEqualTo(ThrottleDecision.refuse(PROBE));

      server.resume();
      await().atMost(Duration.ofSeconds(30)).until(() -> run.sent.size() == 150);

      assertThat(run.duplicates).hasValue(0);
      assertThat(listener.outages).hasSize(1);
      assertThat(listener.recoveries).hasSize(1);
    }
  }

  @Test
  @DisplayName("a Redis too slow to answer gets the failure mode within the client's timeout")
  void slow_redis_is_bounded_by_the_timeout() throws Exception {
    RedisThrottler throttler = throttler(FailureMode.FAIL_OPEN);
    ThrottlePermit permit = new ThrottlePermit("slow", 1, Duration.ofMinutes(1));
    assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isTrue();
    ExecutorService sleeper = Executors.newSingleThreadExecutor();
    try (Jedis admin =
        new Jedis(
            server.address(),
            DefaultJedisClientConfig.builder().socketTimeoutMillis(5000).build())) {
      Future<?> sleeping =
          sleeper.submit(() -> admin.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "1.5"));
      await().atMost(Duration.ofSeconds(2)).until(() -> !answersWithin100ms());

      long start = System.nanoTime();
      ThrottleDecision decision = throttler.tryAcquire(List.of(permit));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(decision.allowed()).as("fail-open while Redis does not answer").isTrue();
      assertThat(took).isLessThan(Duration.ofMillis(900));
      sleeping.get(5, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !throttler.tryAcquire(List.of(permit)).allowed());
      assertThat(listener.recoveries).hasSize(1);
    } finally {
      sleeper.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "the script is sent once and called by SHA after, and sent again once after a restart")
  void script_is_called_by_sha() {
    RedisThrottler throttler = throttler(FailureMode.FAIL_CLOSED);
    ThrottlePermit permit = new ThrottlePermit("sha", 1000, Duration.ofMinutes(1));
    for (int i = 0; i < 20; i++) {
      throttler.tryAcquire(List.of(permit));
    }
    // The first EVALSHA answered NOSCRIPT, and that call was made again with EVAL.
    assertThat(commandCalls("evalsha")).isEqualTo(20);
    assertThat(commandCalls("eval")).isEqualTo(1);
    assertThat(commandCalls("script|load")).isZero();

    server.stop();
    server.resume();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> throttler.tryAcquire(List.of(permit)).allowed());
    assertThat(commandCalls("eval")).as("counted since the restart").isEqualTo(1);
    throttler.tryAcquire(List.of(permit));
    assertThat(commandCalls("eval")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "budgets fail fast with a transient error while Redis is down, and work once it is back")
  void budgets_fail_fast_while_down() {
    RedisTenantBudgets budgets =
        RedisTenantBudgets.builder(jedis).probeInterval(PROBE).outageListener(listener).build();
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.SMS, 10, ZoneOffset.UTC);
    assertThat(budgets.tryConsume(budget, 1).allowed()).isTrue();

    server.stop();
    assertThatThrownBy(() -> budgets.tryConsume(budget, 1))
        .isInstanceOf(StoreException.class)
        .matches(e -> ((StoreException) e).isTransient());
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> budgets.status(budget)).isInstanceOf(StoreException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    server.resume();
    await().atMost(Duration.ofSeconds(10)).until(() -> tryConsumes(budgets, budget));
    assertThat(listener.outages).hasSize(1);
    assertThat(listener.recoveries).hasSize(1);
  }

  @Test
  @DisplayName("the event bus resubscribes by itself after a restart")
  void event_bus_resubscribes() {
    try (RedisEventBus bus =
        RedisEventBus.builder(jedis).probeInterval(PROBE).outageListener(listener).build()) {
      List<CommunicationEvent> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(seen::add);
      await().atMost(Duration.ofSeconds(5)).until(bus::isSubscribed);

      server.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> !bus.isSubscribed());
      bus.publish(event("lost"));
      server.resume();
      await().atMost(Duration.ofSeconds(10)).until(bus::isSubscribed);
      bus.publish(event("after"));

      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
      assertThat(seen.get(0).tenantId()).isEqualTo("after");
      assertThat(listener.outages).hasSize(1);
    }
  }

  @Test
  @DisplayName("caches read through while Redis is down and start afresh when it returns")
  void caches_read_through_while_down() {
    FakeStores.Templates store = new FakeStores.Templates();
    try (RedisCaches caches =
        RedisCaches.builder(jedis).probeInterval(PROBE).outageListener(listener).build()) {
      var templates = caches.templates(store);
      await().atMost(Duration.ofSeconds(5)).until(caches::isSubscribed);
      templates.active("acme", "welcome");
      templates.active("acme", "welcome");
      assertThat(store.reads).hasValue(1);

      server.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> !caches.isSubscribed());
      templates.active("acme", "welcome");
      templates.active("acme", "welcome");
      assertThat(store.reads).as("no invalidations can arrive: read through").hasValue(3);

      server.resume();
      await().atMost(Duration.ofSeconds(10)).until(caches::isSubscribed);
      templates.active("acme", "welcome");
      templates.active("acme", "welcome");
      assertThat(store.reads).hasValue(4);
    }
  }

  private RedisThrottler throttler(FailureMode mode) {
    return RedisThrottler.builder(jedis)
        .keyPrefix("t:")
        .failureMode(mode)
        .probeInterval(PROBE)
        .outageListener(listener)
        .build();
  }

  private static boolean tryConsumes(RedisTenantBudgets budgets, TenantBudget budget) {
    try {
      return budgets.tryConsume(budget, 1).allowed();
    } catch (StoreException e) {
      return false;
    }
  }

  private boolean answersWithin100ms() {
    try (Jedis probe =
        new Jedis(
            server.address(),
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(100)
                .socketTimeoutMillis(100)
                .build())) {
      return "PONG".equals(probe.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private long commandCalls(String command) {
    try (Jedis admin = new Jedis(server.address())) {
      String stats = admin.info("commandstats");
      for (String line : stats.split("\r?\n")) {
        if (line.startsWith("cmdstat_" + command + ":calls=")) {
          return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
        }
      }
      return 0;
    }
  }

  private static CommunicationEvent event(String tenant) {
    return new CommunicationEvent(
        CommunicationEvent.INBOX_ITEM_ADDED,
        tenant,
        Map.of(),
        Instant.parse("2025-03-14T00:00:00Z"));
  }

  /**
   * A dispatcher in miniature: four workers take due deliveries, ask the throttler, send the
   * allowed ones and reschedule the refused ones exactly by their retry-after.
   */
  private final class Dispatcher implements AutoCloseable {
    static final ThrottlePermit PERMIT = new ThrottlePermit("c:sms", 40, Duration.ofMillis(250));

    final Set<Integer> sent = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicInteger refusedWhileDown = new AtomicInteger();
    final AtomicLong slowestWhileDownNanos = new AtomicLong();
    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final RedisThrottler throttler;

    Dispatcher(RedisThrottler throttler) {
      this.throttler = throttler;
      for (int i = 0; i < 4; i++) {
        workers.submit(this::work);
      }
    }

    void enqueue(int from, int to) {
      for (int id = from; id < to; id++) {
        queue.add(new Due(id, System.nanoTime()));
      }
    }

    Duration slowestWhileDown() {
      return Duration.ofNanos(slowestWhileDownNanos.get());
    }

    private void work() {
      while (running.get()) {
        Due due;
        try {
          due = queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (due == null) {
          continue;
        }
        boolean down = !listener.outages.isEmpty() && listener.recoveries.isEmpty();
        long start = System.nanoTime();
        ThrottleDecision d = throttler.tryAcquire(List.of(PERMIT));
        long took = System.nanoTime() - start;
        if (down) {
          slowestWhileDownNanos.accumulateAndGet(took, Math::max);
        }
        if (d.allowed()) {
          if (!sent.add(due.id)) {
            duplicates.incrementAndGet();
          }
        } else {
          refusals.incrementAndGet();
          if (down) {
            refusedWhileDown.incrementAndGet();
          }
          queue.add(new Due(due.id, System.nanoTime() + d.retryAfter().toNanos()));
        }
      }
    }

    @Override
    public void close() {
      running.set(false);
      workers.shutdownNow();
      try {
        workers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Due(int id, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Due) other).dueNanos);
    }
  }
}
