package dev.communicable.benchmarks.email;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.benchmarks.support.LatencyHistogram;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.email.EmailAdapters;
import dev.communicable.channel.email.SmtpConfig;
import dev.communicable.delivery.DeliveryId;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Messages per second and send latency of the SMTP adapter against a local submission server
 * (SubEthaSMTP on loopback: STARTTLS required, AUTH inside TLS, a self-signed certificate), with
 * connections kept between sends against a connection per message (the usual {@code Transport.send}
 * idiom, {@code maxIdleConnections(0)}). Rounds alternate between the two so that the machine's
 * noise falls on both; the medians and the ratio are printed at the end. A loopback server has no
 * network delay, so a real provider's round trips make the gap larger, not smaller.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.communicable.benchmarks.email.SmtpBenchmark \
 *     [messages per run, 2000] [sender threads, 1,4] [rounds, 3]
 * </pre>
 */
public final class SmtpBenchmark {
  private static final char[] STORE_PASSWORD = "test-only".toCharArray();

  private record Result(double perSecond, double p50Micros, double p99Micros, long connections) {}

  private SmtpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int[] threads =
        args.length > 1
            ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 4};
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;

    AtomicLong received = new AtomicLong();
    AtomicLong sessions = new AtomicLong();
    SMTPServer server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .enableTLS()
            .requireTLS()
            .showAuthCapabilitiesBeforeSTARTTLS(false)
            .startTlsSocketFactory(serverTls())
            .maxConnections(256)
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory((user, password, context) -> {}))
            .sessionHandler(
                new SessionHandler() {
                  @Override
                  public SessionAcceptance accept(Session session) {
                    sessions.incrementAndGet();
                    return SessionAcceptance.success();
                  }

                  @Override
                  public void onSessionEnd(Session session) {}
                })
            .messageHandler((context, from, to, data) -> received.incrementAndGet())
            .build();
    server.start();
    System.out.printf(
        Locale.ROOT,
        "SMTP adapter against SubEthaSMTP on 127.0.0.1:%d (STARTTLS + AUTH), %d messages per run,"
            + " %d rounds, Java %s, %d cores%n",
        server.getPortAllocated(),
        messages,
        rounds,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    try {
      for (int t : threads) {
        List<Result> kept = new ArrayList<>();
        List<Result> fresh = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%d sender thread(s)%n", t);
        // Warm-up of both paths (JIT, TLS session setup) before anything is recorded.
        run("warm-up", server.getPortAllocated(), Math.min(200, messages), t, t, sessions);
        run("warm-up", server.getPortAllocated(), Math.min(200, messages), t, 0, sessions);
        for (int r = 0; r < rounds; r++) {
          kept.add(run("kept", server.getPortAllocated(), messages, t, t, sessions));
          fresh.add(run("per-message", server.getPortAllocated(), messages, t, 0, sessions));
        }
        double keptRate = median(kept.stream().mapToDouble(Result::perSecond).toArray());
        double freshRate = median(fresh.stream().mapToDouble(Result::perSecond).toArray());
        System.out.printf(
            Locale.ROOT,
            "  median: kept %.0f msg/s (p50 %.0f µs, p99 %.0f µs), per-message %.0f msg/s (p50 %.0f"
                + " µs, p99 %.0f µs), ratio %.2fx%n",
            keptRate,
            median(kept.stream().mapToDouble(Result::p50Micros).toArray()),
            median(kept.stream().mapToDouble(Result::p99Micros).toArray()),
            freshRate,
            median(fresh.stream().mapToDouble(Result::p50Micros).toArray()),
            median(fresh.stream().mapToDouble(Result::p99Micros).toArray()),
            keptRate / freshRate);
      }
    } finally {
      server.stop();
    }
    System.out.printf(Locale.ROOT, "server received %d messages in all%n", received.get());
  }

  private static Result run(
      String name, int port, int messages, int threads, int keep, AtomicLong sessions)
      throws Exception {
    ChannelAdapter adapter =
        EmailAdapters.smtp(
            SmtpConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .security(SmtpConfig.Security.STARTTLS)
                .trustedHosts("127.0.0.1")
                .credentials("bench", "bench-password")
                .from("no-reply@bench.example")
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .maxIdleConnections(keep)
                .build());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long sessionsBefore = sessions.get();
    try {
      AtomicInteger next = new AtomicInteger();
      List<LatencyHistogram> histograms = new ArrayList<>();
      List<Callable<Integer>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        LatencyHistogram h = new LatencyHistogram();
        histograms.add(h);
        work.add(
            () -> {
              int failed = 0;
              while (next.getAndIncrement() < messages) {
                OutboundMessage message = message();
                long start = System.nanoTime();
                SendResult result = adapter.send(message);
                h.record(System.nanoTime() - start);
                failed += result.isAccepted() ? 0 : 1;
              }
              return failed;
            });
      }
      long started = System.nanoTime();
      int failed = 0;
      for (Future<Integer> f : pool.invokeAll(work)) {
        failed += f.get();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      if (failed > 0) {
        throw new IllegalStateException(failed + " sends failed in " + name);
      }
      LatencyHistogram all = new LatencyHistogram();
      histograms.forEach(all::add);
      Result result =
          new Result(
              messages / elapsed,
              all.percentileMicros(0.50),
              all.percentileMicros(0.99),
              sessions.get() - sessionsBefore);
      if (!name.equals("warm-up")) {
        System.out.printf(
            Locale.ROOT,
            "  %-12s %7.0f msg/s  p50 %7.0f µs  p99 %7.0f µs  connections %d%n",
            name,
            result.perSecond(),
            result.p50Micros(),
            result.p99Micros(),
            result.connections());
      }
      return result;
    } finally {
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      adapter.close();
    }
  }

  private static OutboundMessage message() {
    return OutboundMessage.builder()
        .deliveryId(new DeliveryId(UUID.randomUUID()))
        .messageId(new MessageId(UUID.randomUUID()))
        .tenantId("bench")
        .channel(ChannelType.EMAIL)
        .recipientId("user-1")
        .address("ada@bench.example")
        .locale(Locale.ENGLISH)
        .content(
            Content.builder()
                .subject("Your invoice")
                .text("Amount: 42.00 EUR. Thank you for your order.")
                .html("<p>Amount: <b>42.00 EUR</b>. Thank you for your order.</p>")
                .build())
        .idempotencyKey(UUID.randomUUID().toString())
        .topic("invoices")
        .build();
  }

  private static SSLContext serverTls() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = SmtpBenchmark.class.getResourceAsStream("/smtp-bench-server.p12")) {
      store.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, STORE_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    return tls;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
