package dev.communicable.benchmarks.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery queue on PostgreSQL, end to end: throughput from a filled queue to SENT through a
 * no-op adapter for 1, 2, 4 and 8 workers (and db-scheduler draining the same number of one-time
 * tasks on the same database in the same run), the latency of {@code send} and of a batch of 1,000,
 * and the unread-inbox query among 1,000,000 rows. A load harness, not a test:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.communicable.benchmarks.queue.QueueBenchmark \
 *   [jdbc-url-of-an-admin-database] [deliveries] [workers,...] [sync|async] [rounds] [inbox|noinbox]
 * </pre>
 *
 * <p>{@code rounds} (default 1) repeats the sweep over the worker counts, both libraries each time,
 * and prints the medians; {@code noinbox} skips the unread-inbox measurement.
 *
 * <p>{@code async} turns on {@code JdbcStores.asynchronousStateCommits} (claims and state changes
 * do not wait for the WAL flush; enqueues still do).
 *
 * <p>It creates a database {@code communicable_bench_<random>} next to the given one and drops it
 * at the end.
 */
public final class QueueBenchmark {
  private static final String TENANT = "bench";

  private QueueBenchmark() {}

  public static void main(String[] args) throws Exception {
    String admin =
        args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    int deliveries = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int[] workerCounts =
        Arrays.stream((args.length > 2 ? args[2] : "1,2,4,8").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    boolean async = args.length > 3 && args[3].equals("async");
    String name = "communicable_bench_" + UUID.randomUUID().toString().replace("-", "");
    exec(admin, "create database " + name);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(withDatabase(admin, name));
    config.setMaximumPoolSize(16);
    config.setPoolName("bench");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      System.out.printf(
          "machine: %d cores, Java %s, %s; deliveries per run: %d; state commits: %s%n",
          Runtime.getRuntime().availableProcessors(),
          Runtime.version(),
          serverVersion(pool),
          deliveries,
          async ? "asynchronous" : "synchronous");
      JdbcStores stores = JdbcStores.postgres(pool).migrate().asynchronousStateCommits(async);
      enqueueLatency(stores);
      int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
      boolean inbox = !(args.length > 5 && args[5].equals("noinbox"));
      double[][] ours = new double[workerCounts.length][rounds];
      double[][] theirs = new double[workerCounts.length][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < workerCounts.length; i++) {
          int workers = workerCounts[i];
          ours[i][round] = throughput(pool, stores, deliveries, workers);
          theirs[i][round] = dbScheduler(pool, deliveries, workers);
          System.out.printf(
              "round %d, workers=%d: communicable %.0f deliveries/s, db-scheduler %.0f"
                  + " executions/s, ratio %.2f%n",
              round + 1,
              workers,
              ours[i][round],
              theirs[i][round],
              ours[i][round] / theirs[i][round]);
        }
      }
      for (int i = 0; i < workerCounts.length; i++) {
        double a = median(ours[i]);
        double b = median(theirs[i]);
        System.out.printf(
            "median of %d, workers=%d: communicable %.0f deliveries/s, db-scheduler %.0f"
                + " executions/s, ratio %.2f%n",
            rounds, workerCounts[i], a, b, a / b);
      }
      if (inbox) {
        unreadInbox(pool, stores);
      }
      stores.close();
    } finally {
      exec(admin, "drop database if exists " + name + " with (force)");
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Communicable user(int i) {
    return new Recipient(
        "user-" + i,
        TENANT,
        Map.of(ChannelType.EMAIL, "user-" + i + "@example.com"),
        Locale.ENGLISH,
        ZoneId.of("UTC"));
  }

  private static Notification notification(List<Communicable> to) {
    return Notification.event("bench.event")
        .to(to)
        .content(Content.builder().subject("Hello").text("Hello {{name}}").build())
        .data("name", "bench")
        .channels(ChannelType.EMAIL)
        .build();
  }

  /** An adapter that accepts at once. */
  private static final class NoOpAdapter implements ChannelAdapter {
    @Override
    public ChannelType channel() {
      return ChannelType.EMAIL;
    }

    @Override
    public String provider() {
      return "noop";
    }

    @Override
    public SendResult send(OutboundMessage message) {
      return SendResult.accepted("noop", message.idempotencyKey());
    }
  }

  private static void enqueueLatency(JdbcStores stores) throws SQLException {
    try (Communication comms =
        Communication.builder().stores(stores).adapter(new NoOpAdapter()).workers(0).build()) {
      for (int i = 0; i < 500; i++) {
        comms.send(notification(List.of(user(i))));
      }
      int n = 5_000;
      long[] one = new long[n];
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        comms.send(notification(List.of(user(i))));
        one[i] = System.nanoTime() - t;
      }
      Arrays.sort(one);
      System.out.printf(
          "send (1 recipient, own transaction), %d calls: p50 %.2f ms, p99 %.2f ms%n",
          n, ms(one[n / 2]), ms(one[n * 99 / 100]));
      int rounds = 20;
      long[] batch = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        List<Notification> thousand = new ArrayList<>(1_000);
        for (int i = 0; i < 1_000; i++) {
          thousand.add(notification(List.of(user(i))));
        }
        long t = System.nanoTime();
        comms.sendAll(thousand);
        batch[r] = System.nanoTime() - t;
      }
      Arrays.sort(batch);
      System.out.printf(
          "sendAll of 1,000 notifications, %d rounds: p50 %.1f ms, p99 (max) %.1f ms%n",
          rounds, ms(batch[rounds / 2]), ms(batch[rounds - 1]));
    }
    truncate(stores);
  }

  private static double throughput(
      HikariDataSource pool, JdbcStores stores, int deliveries, int workers) throws Exception {
    truncate(stores);
    try (Communication filler =
        Communication.builder().stores(stores).adapter(new NoOpAdapter()).workers(0).build()) {
      List<Communicable> people = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        people.add(user(i));
        if (people.size() == 1_000 || i == deliveries - 1) {
          filler.send(notification(people));
          people = new ArrayList<>();
        }
      }
    }
    exec(pool, "vacuum analyze communication.deliveries");
    TimedStores timed = new TimedStores(stores);
    long start = System.nanoTime();
    try (Communication comms =
        Communication.builder()
            .stores(timed)
            .adapter(new NoOpAdapter())
            .workers(workers)
            .batchSize(100)
            .pollInterval(Duration.ofMillis(100))
            .build()) {
      while (countSent(pool) < deliveries) {
        waitMillis(20);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double busy = workers * seconds * 1e9;
    System.out.printf(
        "  where time goes (%d workers, %.1f s): claim %.0f%% (%d calls, %.2f ms each),"
            + " update %.0f%% (%d calls for %d deliveries, %.2f ms each), reads %.0f%% (%d),"
            + " rest (engine, adapter,"
            + " waiting) %.0f%%%n",
        workers,
        seconds,
        100 * timed.claimNanos.sum() / busy,
        timed.claims.sum(),
        ms(timed.claimNanos.sum()) / Math.max(1, timed.claims.sum()),
        100 * timed.updateNanos.sum() / busy,
        timed.updates.sum(),
        timed.updatedDeliveries.sum(),
        ms(timed.updateNanos.sum()) / Math.max(1, timed.updates.sum()),
        100 * timed.readNanos.sum() / busy,
        timed.reads.sum(),
        100
            * (busy - timed.claimNanos.sum() - timed.updateNanos.sum() - timed.readNanos.sum())
            / busy);
    return deliveries / seconds;
  }

  private static double dbScheduler(HikariDataSource pool, int deliveries, int workers)
      throws Exception {
    exec(pool, "drop table if exists scheduled_tasks");
    exec(
        pool,
        "create table scheduled_tasks (task_name text not null, task_instance text not null,"
            + " task_data bytea, execution_time timestamp with time zone not null,"
            + " picked boolean not null, picked_by text, last_success timestamp with time zone,"
            + " last_failure timestamp with time zone, consecutive_failures int,"
            + " last_heartbeat timestamp with time zone, version bigint not null,"
            + " priority smallint, primary key (task_name, task_instance))");
    exec(pool, "create index execution_time_idx on scheduled_tasks (execution_time)");
    exec(pool, "create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
    exec(
        pool,
        "create index priority_execution_time_idx on scheduled_tasks (priority desc,"
            + " execution_time asc)");
    exec(
        pool,
        "insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version,"
            + " priority) select 'send', 'i' || g, now(), false, 1, 0 from generate_series(1, "
            + deliveries
            + ") g");
    exec(pool, "vacuum analyze scheduled_tasks");
    AtomicInteger done = new AtomicInteger();
    OneTimeTask<Void> task =
        Tasks.oneTime("send").execute((instance, ctx) -> done.incrementAndGet());
    Scheduler scheduler =
        Scheduler.create(pool, task)
            .threads(workers)
            .pollingInterval(Duration.ofMillis(100))
            .pollUsingLockAndFetch(0.5, 1.0)
            .build();
    long start = System.nanoTime();
    scheduler.start();
    while (done.get() < deliveries) {
      waitMillis(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    scheduler.stop();
    return deliveries / seconds;
  }

  private static void unreadInbox(HikariDataSource pool, JdbcStores stores) throws SQLException {
    exec(pool, "delete from communication.inbox");
    // 1,000,000 rows over 10,000 recipients (one in three read); user-target has 100 unread.
    exec(
        pool,
        "insert into communication.inbox (delivery_id, tenant_id, message_id, recipient_id, topic,"
            + " title, body, created_at, read_at) select gen_random_uuid(), 'bench',"
            + " gen_random_uuid(), 'user-' || (g % 10000), 'news', 'Title', 'Body',"
            + " now() - g * interval '1 second', case when g % 3 = 0 then now() end"
            + " from generate_series(1, 999900) g");
    exec(
        pool,
        "insert into communication.inbox (delivery_id, tenant_id, message_id, recipient_id, topic,"
            + " title, body, created_at) select gen_random_uuid(), 'bench', gen_random_uuid(),"
            + " 'user-target', 'news', 'Title', 'Body', now() - g * interval '1 minute'"
            + " from generate_series(1, 100) g");
    exec(pool, "vacuum analyze communication.inbox");
    int n = 500;
    long[] times = new long[n];
    for (int i = 0; i < n + 50; i++) {
      long t = System.nanoTime();
      int found = stores.inbox().unread(TENANT, "user-target", 100).size();
      long took = System.nanoTime() - t;
      if (found != 100) {
        throw new IllegalStateException("expected 100 unread items, found " + found);
      }
      if (i >= 50) {
        times[i - 50] = took;
      }
    }
    Arrays.sort(times);
    System.out.printf(
        "unread inbox (100 of 1,000,000 rows), %d queries: p50 %.2f ms, p99 %.2f ms%n",
        n, ms(times[n / 2]), ms(times[n * 99 / 100]));
  }

  private static void truncate(JdbcStores stores) throws SQLException {
    exec(
        (HikariDataSource) stores.dataSource(),
        "truncate communication.delivery_events, communication.delivery_attempts,"
            + " communication.dead_letters, communication.deliveries, communication.idempotency_keys,"
            + " communication.message_recipients, communication.messages cascade");
  }

  private static long countSent(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from communication.deliveries where status = 'SENT'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String serverVersion(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return "PostgreSQL " + c.getMetaData().getDatabaseProductVersion();
    }
  }

  private static void exec(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void exec(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String withDatabase(String jdbcUrl, String database) {
    int schemeEnd = jdbcUrl.indexOf("//") + 2;
    int pathStart = jdbcUrl.indexOf('/', schemeEnd);
    int query = jdbcUrl.indexOf('?', schemeEnd);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    return jdbcUrl.substring(0, pathStart) + "/" + database + params;
  }

  private static void waitMillis(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
