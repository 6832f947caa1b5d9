package dev.communicable.benchmarks.campaign;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Recipient;
import dev.communicable.campaign.AudiencePage;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignProgress;
import dev.communicable.campaign.CampaignState;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.jdbc.JdbcStores;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.Stores;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queuing campaigns on PostgreSQL: how long a campaign of N recipients (a synthetic audience that
 * makes each page as it is asked for, so nothing is held but the page) takes from {@code start} to
 * COMPLETED, recipients per second, and the heap's high-water mark, next to plain multi-row INSERTs
 * of the same rows (messages, idempotency keys, message_recipients, deliveries, delivery_events) on
 * the same database in the same run. Deliveries are queued, not sent: the delivery store given to
 * the engine claims nothing. A load harness, not a test:
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *   dev.communicable.benchmarks.campaign.CampaignBenchmark \
 *   [jdbc-url-of-an-admin-database] [sizes, e.g. 10000,1000000] [rounds] [page size]
 * </pre>
 *
 * <p>Each size is run {@code rounds} times (default 3), both ways each round, on emptied tables;
 * the medians are printed at the end. It creates a database {@code communicable_bench_<random>}
 * next to the given one and drops it at the end.
 */
public final class CampaignBenchmark {
  private static final String TENANT = "bench";
  private static final int INSERT_ROWS = 1_000;

  private CampaignBenchmark() {}

  public static void main(String[] args) throws Exception {
    String admin =
        args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    int[] sizes =
        Arrays.stream((args.length > 1 ? args[1] : "10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int pageSize = args.length > 3 ? Integer.parseInt(args[3]) : Campaign.DEFAULT_PAGE_SIZE;
    String name = "communicable_bench_" + UUID.randomUUID().toString().replace("-", "");
    exec(admin, "create database " + name);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(withDatabase(admin, name));
    config.setMaximumPoolSize(8);
    config.setPoolName("bench");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      System.out.printf(
          "machine: %d cores, Java %s, max heap %d MiB, %s; page size %d; rounds %d%n",
          Runtime.getRuntime().availableProcessors(),
          Runtime.version(),
          Runtime.getRuntime().maxMemory() >> 20,
          serverVersion(pool),
          pageSize,
          rounds);
      JdbcStores stores = JdbcStores.postgres(pool).migrate();
      for (int size : sizes) {
        Result[] ours = new Result[rounds];
        Result[] plain = new Result[rounds];
        for (int round = 0; round < rounds; round++) {
          truncate(pool);
          ours[round] = campaign(stores, size, pageSize, "c-" + size + "-" + round);
          truncate(pool);
          plain[round] = plainInserts(pool, size, pageSize);
          System.out.printf(
              "round %d, %,d recipients: campaign %s; plain inserts %s; ratio %.2f%n",
              round + 1, size, ours[round], plain[round], ours[round].rate() / plain[round].rate());
        }
        System.out.printf(
            "median of %d, %,d recipients: campaign %.2f s (%,.0f recipients/s, heap peak %d MiB"
                + " by pools, %d MiB sampled); plain inserts %.2f s (%,.0f rows-of-a-recipient/s,"
                + " heap peak %d MiB by pools); ratio %.2f%n",
            rounds,
            size,
            median(ours, Result::seconds),
            median(ours, Result::rate),
            (long) median(ours, r -> r.poolPeak >> 20),
            (long) median(ours, r -> r.sampledPeak >> 20),
            median(plain, Result::seconds),
            median(plain, Result::rate),
            (long) median(plain, r -> r.poolPeak >> 20),
            median(ours, Result::rate) / median(plain, Result::rate));
      }
      truncate(pool);
      stores.close();
    } finally {
      exec(admin, "drop database if exists " + name + " with (force)");
    }
  }

  /** One timed run: its length, how many recipients, and the heap's high-water marks. */
  record Result(double seconds, int recipients, long poolPeak, long sampledPeak) {
    double rate() {
      return recipients / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          "%.2f s, %,.0f/s, heap peak %d MiB (pools) %d MiB (sampled)",
          seconds, rate(), poolPeak >> 20, sampledPeak >> 20);
    }
  }

  private interface Measure {
    double of(Result r);
  }

  private static double median(Result[] results, Measure measure) {
    double[] values = Arrays.stream(results).mapToDouble(measure::of).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** Watches the heap from a GC onwards: the pools' peak usage, and a sample every 10 ms. */
  private static final class HeapWatch implements AutoCloseable {
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;

    HeapWatch() {
      System.gc();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          p.resetPeakUsage();
          pools.add(p);
        }
      }
      sampler =
          new Thread(
              () -> {
                while (running.get()) {
                  long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                  sampled.accumulateAndGet(used, Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    long poolPeak() {
      return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    long sampledPeak() {
      return sampled.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      sampler.join();
    }
  }

  private static Recipient person(int i) {
    return new Recipient(
        "user-" + i,
        TENANT,
        Map.of(ChannelType.EMAIL, "user-" + i + "@example.com"),
        Locale.ENGLISH,
        ZoneId.of("UTC"));
  }

  /** A campaign over a synthetic audience of {@code size}, queued to COMPLETED. */
  private static Result campaign(JdbcStores stores, int size, int pageSize, String id)
      throws Exception {
    try (Communication comms =
        Communication.builder()
            .stores(queueOnly(stores))
            .adapter(new NoOpAdapter())
            .workers(0)
            .build()) {
      comms
          .campaigns()
          .register(
              "synthetic",
              (tenantId, audience, cursor, limit) -> {
                int from = cursor == null ? 0 : Integer.parseInt(cursor);
                int to = Math.min(size, from + limit);
                List<Communicable> page = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                  page.add(person(i));
                }
                return to >= size ? AudiencePage.last(page) : AudiencePage.of(page, "" + to);
              });
      comms
          .campaigns()
          .create(
              Campaign.builder(id)
                  .tenant(TENANT)
                  .event("bench.campaign")
                  .content(Content.builder().subject("Hello").text("Hello {{name}}").build())
                  .data("name", "bench")
                  .channels(ChannelType.EMAIL)
                  .audience("synthetic")
                  .pageSize(pageSize)
                  .build());
      HeapWatch heap = new HeapWatch();
      long start = System.nanoTime();
      comms.campaigns().start(TENANT, id);
      CampaignProgress p = comms.campaigns().get(TENANT, id);
      while (p.state() == CampaignState.RUNNING) {
        comms.dispatchDue();
        p = comms.campaigns().get(TENANT, id);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      heap.close();
      if (p.state() != CampaignState.COMPLETED || p.recipients() != size || p.queued() != size) {
        throw new IllegalStateException("the campaign did not queue everyone: " + p);
      }
      return new Result(seconds, size, heap.poolPeak(), heap.sampledPeak());
    }
  }

  /** The stores, with a delivery queue that hands nothing out: deliveries are queued, not sent. */
  private static Stores queueOnly(JdbcStores stores) {
    DeliveryStore inner = stores.deliveries();
    DeliveryStore claimsNothing =
        (DeliveryStore)
            Proxy.newProxyInstance(
                DeliveryStore.class.getClassLoader(),
                new Class<?>[] {DeliveryStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("claim")) {
                    return List.of();
                  }
                  try {
                    return method.invoke(inner, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return Stores.from(stores).deliveries(claimsNothing).build();
  }

  /**
   * The rows a campaign of {@code size} writes, with plain multi-row INSERTs and bind values, one
   * transaction per page: a message and its idempotency key, then its recipients, deliveries and
   * first timeline entries, {@value #INSERT_ROWS} rows per statement.
   */
  private static Result plainInserts(HikariDataSource pool, int size, int pageSize)
      throws Exception {
    HeapWatch heap = new HeapWatch();
    long start = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      Timestamp now = Timestamp.from(Instant.now());
      for (int from = 0; from < size; from += pageSize) {
        int to = Math.min(size, from + pageSize);
        UUID message = UUID.randomUUID();
        try (PreparedStatement m =
            c.prepareStatement(
                "insert into communication.idempotency_keys (tenant_id, idempotency_key,"
                    + " message_id, created_at) values (?, ?, ?, ?)")) {
          m.setString(1, TENANT);
          m.setString(2, "plain:" + message);
          m.setObject(3, message);
          m.setTimestamp(4, now);
          m.executeUpdate();
        }
        try (PreparedStatement m =
            c.prepareStatement(
                "insert into communication.messages (id, tenant_id, event, topic, content, data,"
                    + " metadata, priority, idempotency_key, created_at, send_at, content_digest)"
                    + " values (?, ?, 'bench.campaign', 'bench.campaign', ?::jsonb, ?::jsonb,"
                    + " '{}'::jsonb, 0, ?, ?, ?, ?)")) {
          m.setObject(1, message);
          m.setString(2, TENANT);
          m.setString(3, "{\"subject\":\"Hello\",\"text\":\"Hello {{name}}\"}");
          m.setString(4, "{\"name\":\"bench\"}");
          m.setString(5, "plain:" + message);
          m.setTimestamp(6, now);
          m.setTimestamp(7, now);
          m.setString(8, "0".repeat(64));
          m.executeUpdate();
        }
        for (int chunk = from; chunk < to; chunk += INSERT_ROWS) {
          int end = Math.min(to, chunk + INSERT_ROWS);
          recipients(c, message, from, chunk, end);
          List<UUID> deliveries = deliveries(c, message, chunk, end, now);
          events(c, message, deliveries, now);
        }
        c.commit();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    heap.close();
    return new Result(seconds, size, heap.poolPeak(), heap.sampledPeak());
  }

  private static void recipients(Connection c, UUID message, int pageStart, int from, int to)
      throws SQLException {
    String sql =
        values(
            "insert into communication.message_recipients (message_id, position, tenant_id,"
                + " recipient_id, contact_points, locale, time_zone) values ",
            "(?, ?, ?, ?, ?::jsonb, 'en', 'UTC')",
            to - from);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int k = 1;
      for (int i = from; i < to; i++) {
        s.setObject(k++, message);
        s.setInt(k++, i - pageStart);
        s.setString(k++, TENANT);
        s.setString(k++, "user-" + i);
        s.setString(k++, "{\"EMAIL\":\"user-" + i + "@example.com\"}");
      }
      s.executeUpdate();
    }
  }

  private static List<UUID> deliveries(Connection c, UUID message, int from, int to, Timestamp now)
      throws SQLException {
    String sql =
        values(
            "insert into communication.deliveries (id, tenant_id, message_id, recipient_id,"
                + " channel, address, locale, time_zone, topic, priority, status, attempts,"
                + " scheduled_at, created_at, updated_at, version, due_at, fallbacks) values ",
            "(?, ?, ?, ?, 'EMAIL', ?, 'en', 'UTC', 'bench.campaign', 0, 'QUEUED', 0, ?, ?, ?, 0,"
                + " ?, '')",
            to - from);
    List<UUID> ids = new ArrayList<>(to - from);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int k = 1;
      for (int i = from; i < to; i++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        s.setObject(k++, id);
        s.setString(k++, TENANT);
        s.setObject(k++, message);
        s.setString(k++, "user-" + i);
        s.setString(k++, "user-" + i + "@example.com");
        s.setTimestamp(k++, now);
        s.setTimestamp(k++, now);
        s.setTimestamp(k++, now);
        s.setTimestamp(k++, now);
      }
      s.executeUpdate();
    }
    return ids;
  }

  private static void events(Connection c, UUID message, List<UUID> deliveries, Timestamp now)
      throws SQLException {
    String sql =
        values(
            "insert into communication.delivery_events (tenant_id, message_id, delivery_id,"
                + " channel, to_state, at) values ",
            "(?, ?, ?, 'EMAIL', 'QUEUED', ?)",
            deliveries.size());
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int k = 1;
      for (UUID d : deliveries) {
        s.setString(k++, TENANT);
        s.setObject(k++, message);
        s.setObject(k++, d);
        s.setTimestamp(k++, now);
      }
      s.executeUpdate();
    }
  }

  private static String values(String head, String row, int rows) {
    StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2)).append(head);
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(row);
    }
    return sql.toString();
  }

  /** An adapter that accepts at once (never called: nothing is claimed). */
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

  private static void truncate(HikariDataSource pool) throws SQLException {
    exec(
        pool,
        "truncate communication.campaign_messages, communication.campaign_pages,"
            + " communication.campaigns, communication.delivery_events,"
            + " communication.delivery_attempts, communication.dead_letters,"
            + " communication.deliveries, communication.idempotency_keys,"
            + " communication.message_recipients, communication.messages cascade");
    exec(pool, "checkpoint");
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
}
