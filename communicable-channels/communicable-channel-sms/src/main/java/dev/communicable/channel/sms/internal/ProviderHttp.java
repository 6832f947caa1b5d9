package dev.communicable.channel.sms.internal;

import dev.communicable.channel.SendResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP side of a provider adapter: one JDK {@link HttpClient} with a connect timeout and an
 * owned executor of named daemon threads, a per-request timeout, and the mapping of transport
 * failures (timeouts, refused connections) to {@link SendResult.Retryable}.
 */
public final class ProviderHttp implements AutoCloseable {
  private final String provider;
  private final Duration requestTimeout;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;

  public ProviderHttp(
      String provider, Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.provider = provider;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.executor = Executors.newCachedThreadPool(named("communicable-" + provider + "-http-"));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /** A request builder with this adapter's request timeout set. */
  public HttpRequest.Builder request(java.net.URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout);
  }

  /**
   * Sends {@code request} and lets {@code onResponse} judge the answer; a timeout or a transport
   * failure is {@link SendResult.Retryable}.
   */
  public SendResult exchange(
      HttpRequest request, Function<HttpResponse<String>, SendResult> onResponse) {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return SendResult.retryable(provider, "timed out: " + e.getMessage());
    } catch (IOException e) {
      return SendResult.retryable(provider, "could not reach " + provider + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable(provider, "interrupted while sending");
    }
    return onResponse.apply(response);
  }

  /**
   * The delay a response asks for in its {@code Retry-After} header (delta-seconds or an HTTP-date,
   * RFC 9110 section 10.2.3), measured against this adapter's clock.
   */
  public Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock));
  }

  /** Parses a Retry-After value; empty when it is neither form. */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The value of an {@code Authorization: Basic} header. */
  public static String basicAuth(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The clock for Retry-After dates. */
  public Clock clock() {
    return clock;
  }

  /** Stops the client's threads. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
