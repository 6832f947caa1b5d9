package dev.communicable.benchmarks.throttle;

import dev.communicable.benchmarks.support.LatencyHistogram;
import dev.communicable.redis.RedisThrottler;
import dev.communicable.spi.ThrottlePermit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Throttle decisions per second and latency with many callers over many keys, in one run: the
 * Communicable Redis throttler, Bucket4j's Jedis backend on the same server, and {@code
 * redis-benchmark} calling the bare sliding-window script by SHA (the ceiling: no client-side work
 * at all). Rounds alternate between the two libraries so that the machine's noise falls on both.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.communicable.benchmarks.throttle.ThrottleBenchmark \
 *     [--redis 127.0.0.1:6379] [--keys 10000] [--callers 50] [--seconds 10] [--rounds 3] \
 *     [--limit 10] [--window-ms 1000]
 * </pre>
 */
public final class ThrottleBenchmark {
  private final HostAndPort redis;
  private final int keys;
  private final int callers;
  private final int seconds;
  private final int rounds;
  private final int limit;
  private final long windowMs;
  private final String prefix = "bench:" + UUID.randomUUID() + ":";

  private ThrottleBenchmark(Map<String, String> args) {
    String[] hostPort = args.getOrDefault("redis", "127.0.0.1:6379").split(":");
    this.redis = new HostAndPort(hostPort[0], Integer.parseInt(hostPort[1]));
    this.keys = Integer.parseInt(args.getOrDefault("keys", "10000"));
    this.callers = Integer.parseInt(args.getOrDefault("callers", "50"));
    this.seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
    this.limit = Integer.parseInt(args.getOrDefault("limit", "10"));
    this.windowMs = Long.parseLong(args.getOrDefault("window-ms", "1000"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new ThrottleBenchmark(options).run();
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Redis %s, %d keys, %d callers, %d s per measurement, %d rounds, limit %d per %d ms, %d"
            + " cores, Java %s%n",
        redis,
        keys,
        callers,
        seconds,
        rounds,
        limit,
        windowMs,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    try (JedisPooled jedis = pooled()) {
      RedisThrottler communicable =
          RedisThrottler.builder(jedis).keyPrefix(prefix + "communicable:").build();
      List<ThrottlePermit> permits = new ArrayList<>(keys);
      for (int k = 0; k < keys; k++) {
        permits.add(new ThrottlePermit("key:" + k, limit, Duration.ofMillis(windowMs)));
      }
      Decider communicableDecider = k -> communicable.tryAcquire(List.of(permits.get(k))).allowed();

      ProxyManager<byte[]> buckets =
          Bucket4jJedis.casBasedBuilder(jedis)
              .expirationAfterWrite(
                  ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                      Duration.ofMillis(windowMs)))
              .build();
      BucketConfiguration config =
          BucketConfiguration.builder()
              .addLimit(l -> l.capacity(limit).refillGreedy(limit, Duration.ofMillis(windowMs)))
              .build();
      byte[][] bucketKeys = new byte[keys][];
      for (int k = 0; k < keys; k++) {
        bucketKeys[k] = (prefix + "bucket4j:key:" + k).getBytes(StandardCharsets.UTF_8);
      }
      Decider bucket4jDecider = k -> buckets.builder().build(bucketKeys[k], config).tryConsume(1);

      System.out.println("warm-up");
      measure("communicable", communicableDecider, Math.min(seconds, 5));
      measure("bucket4j", bucket4jDecider, Math.min(seconds, 5));

      String sha = jedis.scriptLoad(RedisThrottler.script());
      List<Result> ours = new ArrayList<>();
      List<Result> theirs = new ArrayList<>();
      List<Result> ceilings = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        System.out.println("round " + r);
        Result our = measure("communicable", communicableDecider, seconds);
        ours.add(our);
        theirs.add(measure("bucket4j", bucket4jDecider, seconds));
        // Sized to last about as long as the other two, so all three meet the same noise.
        Result bare = redisBenchmark(sha, Math.max(20_000, (long) (our.perSecond() * seconds)));
        if (bare != null) {
          ceilings.add(bare);
        }
      }
      Result ceiling =
          ceilings.isEmpty()
              ? null
              : new Result(
                  median(ceilings.stream().mapToDouble(Result::perSecond).toArray()),
                  median(ceilings.stream().mapToDouble(Result::p50Micros).toArray()),
                  median(ceilings.stream().mapToDouble(Result::p99Micros).toArray()),
                  Double.NaN);

      double ourMedian = median(ours.stream().mapToDouble(Result::perSecond).toArray());
      double theirMedian = median(theirs.stream().mapToDouble(Result::perSecond).toArray());
      System.out.println();
      System.out.println("| | decisions/s (median) | p50 µs | p99 µs | allowed |");
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      summary("Communicable RedisThrottler", ours);
      summary("Bucket4j 8.14 (Jedis, CAS)", theirs);
      if (ceiling != null) {
        System.out.printf(
            Locale.ROOT,
            "| redis-benchmark, bare script by EVALSHA | %.0f | %.0f | %.0f | |%n",
            ceiling.perSecond,
            ceiling.p50Micros,
            ceiling.p99Micros);
      }
      System.out.printf(
          Locale.ROOT, "%nCommunicable / Bucket4j throughput: %.2fx%n", ourMedian / theirMedian);
      if (ceiling != null) {
        System.out.printf(
            Locale.ROOT,
            "Communicable / redis-benchmark ceiling: %.0f%%%n",
            100 * ourMedian / ceiling.perSecond);
      }
      deleteKeys(jedis);
    }
  }

  private JedisPooled pooled() {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(callers);
    pool.setMaxIdle(callers);
    return new JedisPooled(
        redis,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(2_000)
            .socketTimeoutMillis(2_000)
            .build(),
        pool);
  }

  private Result measure(String name, Decider decider, int durationSeconds) throws Exception {
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory named = r -> new Thread(r, "bench-caller-" + threadNumber.incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(callers, named);
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
      List<Callable<long[]>> work = new ArrayList<>();
      List<LatencyHistogram> histograms = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        LatencyHistogram h = new LatencyHistogram();
        histograms.add(h);
        long seed = c;
        work.add(
            () -> {
              SplittableRandom random = new SplittableRandom(seed);
              long allowed = 0;
              while (System.nanoTime() < end) {
                int key = random.nextInt(keys);
                long start = System.nanoTime();
                boolean ok = decider.decide(key);
                h.record(System.nanoTime() - start);
                allowed += ok ? 1 : 0;
              }
              return new long[] {allowed};
            });
      }
      long started = System.nanoTime();
      long allowed = 0;
      for (Future<long[]> f : pool.invokeAll(work)) {
        allowed += f.get()[0];
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      LatencyHistogram all = new LatencyHistogram();
      histograms.forEach(all::add);
      Result result =
          new Result(
              all.count() / elapsed,
              all.percentileMicros(0.50),
              all.percentileMicros(0.99),
              (double) allowed / all.count());
      System.out.printf(
          Locale.ROOT,
          "  %-13s %9.0f decisions/s  p50 %6.0f µs  p99 %6.0f µs  allowed %.1f%%%n",
          name,
          result.perSecond,
          result.p50Micros,
          result.p99Micros,
          100 * result.allowedShare);
      return result;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The ceiling: redis-benchmark calling the same script by SHA, same callers, random keys. */
  private @Nullable Result redisBenchmark(String sha, long requests)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "redis-benchmark",
            "-h",
            redis.getHost(),
            "-p",
            Integer.toString(redis.getPort()),
            "-c",
            Integer.toString(callers),
            "-n",
            Long.toString(requests),
            "-r",
            Integer.toString(keys),
            "EVALSHA",
            sha,
            "1",
            prefix + "ceiling:key:__rand_int__",
            "member:__rand_int__",
            Integer.toString(limit),
            Long.toString(windowMs * 1000));
    System.out.println("  ceiling: " + String.join(" ", command));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("  redis-benchmark not found: " + e.getMessage());
      return null;
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    }
    process.waitFor();
    Double perSecond = null;
    double p50 = 0;
    double p99 = 0;
    Pattern throughput = Pattern.compile("throughput summary: ([0-9.]+) requests per second");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = throughput.matcher(lines.get(i));
      if (m.find()) {
        perSecond = Double.parseDouble(m.group(1));
      }
      if (lines.get(i).contains("latency summary (msec):") && i + 2 < lines.size()) {
        // avg min p50 p95 p99 max
        String[] v = lines.get(i + 2).trim().split("\\s+");
        p50 = Double.parseDouble(v[2]) * 1000;
        p99 = Double.parseDouble(v[4]) * 1000;
      }
    }
    if (perSecond == null) {
      System.out.println("  could not read redis-benchmark's output:");
      lines.forEach(l -> System.out.println("    " + l));
      return null;
    }
    System.out.printf(
        Locale.ROOT,
        "  %-13s %9.0f decisions/s  p50 %6.0f µs  p99 %6.0f µs%n",
        "ceiling",
        perSecond,
        p50,
        p99);
    return new Result(perSecond, p50, p99, Double.NaN);
  }

  private void summary(String name, List<Result> results) {
    double[] rates = results.stream().mapToDouble(Result::perSecond).toArray();
    double[] p50 = results.stream().mapToDouble(Result::p50Micros).toArray();
    double[] p99 = results.stream().mapToDouble(Result::p99Micros).toArray();
    double[] allowed = results.stream().mapToDouble(Result::allowedShare).toArray();
    System.out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.0f | %.0f | %.1f%% |%n",
        name,
        median(rates),
        median(p50),
        median(p99),
        100 * median(allowed));
  }

  private void deleteKeys(JedisPooled jedis) {
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
    do {
      ScanResult<String> page = jedis.scan(cursor, match);
      if (!page.getResult().isEmpty()) {
        jedis.del(page.getResult().toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private interface Decider {
    boolean decide(int key);
  }

  private record Result(
      double perSecond, double p50Micros, double p99Micros, double allowedShare) {}
}
