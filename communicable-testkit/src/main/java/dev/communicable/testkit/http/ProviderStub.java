package dev.communicable.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A provider API stand-in for adapter tests: a real JDK HTTP server on 127.0.0.1 and an ephemeral
 * port (so parallel test runs never collide) that records every request — method, path, query,
 * headers, body — and answers with the responses the test scripted, in order, then with a default
 * ({@code 200 "{}"} unless changed).
 *
 * <pre>{@code
 * try (ProviderStub twilio = ProviderStub.start()) {
 *   twilio.answer(429, "{\"code\":20429}", "Retry-After", "2");
 *   ChannelAdapter adapter = SmsAdapters.twilio(
 *       config.http(HttpSettings.builder().baseUrl(twilio.baseUrl()).build()).build());
 *
 *   SendResult result = adapter.send(message);
 *
 *   assertThat(twilio.onlyRequest().header("Authorization")).startsWith("Basic ");
 * }
 * }</pre>
 *
 * <p>An answer can also {@linkplain Answer#hanging() hang} (hold the exchange open until the stub
 * closes, for timeout tests), and {@link #respond(Function)} computes answers from the request. It
 * is thread-safe; {@link #close()} releases hung exchanges, stops the server and its threads (named
 * {@code provider-stub-<port>-N}).
 */
public final class ProviderStub implements AutoCloseable {
  private static final int HANDLER_THREADS = 8;

  /**
   * One request as received.
   *
   * @param method {@code POST}, {@code GET}...
   * @param path the raw (still percent-encoded) path, such as {@code /v3/mail/send}
   * @param query the raw query without {@code '?'}, or null
   * @param headers every header, names looked up case-insensitively
   * @param body the whole body, empty for none
   */
  public record Request(
      String method,
      String path,
      @Nullable String query,
      Map<String, List<String>> headers,
      byte[] body) {

    /** The first value of header {@code name} (case-insensitive), or null. */
    public @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * One scripted answer.
   *
   * @param status the HTTP status
   * @param headers response headers
   * @param body the response body, sent as UTF-8 (none when empty)
   * @param hang true to send nothing and hold the exchange open until the stub closes
   */
  public record Answer(int status, Map<String, String> headers, String body, boolean hang) {
    public Answer {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }

    /** {@code status} with {@code body} and no extra header. */
    public static Answer of(int status, String body) {
      return new Answer(status, Map.of(), body, false);
    }

    /** {@code status} with {@code headers} and {@code body}. */
    public static Answer of(int status, Map<String, String> headers, String body) {
      return new Answer(status, headers, body, false);
    }

    /** Never answers until the stub closes: for timeouts. */
    public static Answer hanging() {
      return new Answer(0, Map.of(), "", true);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String scheme;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private Function<Request, Answer> fallback = request -> Answer.of(200, "{}");

  private ProviderStub(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    AtomicInteger count = new AtomicInteger();
    String prefix = "provider-stub-" + server.getAddress().getPort() + "-";
    this.executor =
        Executors.newFixedThreadPool(
            HANDLER_THREADS,
            runnable -> {
              Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a plain HTTP stub on 127.0.0.1 and an ephemeral port.
   *
   * @throws UncheckedIOException when no port could be bound
   */
  public static ProviderStub start() {
    try {
      return new ProviderStub(HttpServer.create(loopback(), 0), "http");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the provider stub", e);
    }
  }

  /**
   * Starts an HTTPS stub on 127.0.0.1 and an ephemeral port, presenting the certificate of {@code
   * tls}; the adapter under test must trust it.
   *
   * @throws UncheckedIOException when no port could be bound
   */
  public static ProviderStub startHttps(SSLContext tls) {
    try {
      HttpsServer server = HttpsServer.create(loopback(), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      return new ProviderStub(server, "https");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the provider stub", e);
    }
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** {@code http://127.0.0.1:<port>} (or {@code https://}), without a trailing slash. */
  public String baseUrl() {
    return scheme + "://127.0.0.1:" + port();
  }

  /** {@link #baseUrl()} followed by {@code path}, which should start with {@code '/'}. */
  public String url(String path) {
    return baseUrl() + path;
  }

  /** {@link #url(String)} as a URI. */
  public URI uri(String path) {
    return URI.create(url(path));
  }

  /** The port the stub listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Queues an answer for the next unanswered request: {@code status}, {@code body} and headers
   * given as name, value, name, value...
   */
  public ProviderStub answer(int status, String body, String... headerNamesAndValues) {
    if (headerNamesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("headers come as name, value pairs");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return answer(new Answer(status, headers, body, false));
  }

  /** Queues answers for the next requests, in order. */
  public synchronized ProviderStub answer(Answer... next) {
    answers.addAll(List.of(next));
    return this;
  }

  /** Queues an answer that never comes (until the stub closes): for timeouts. */
  public ProviderStub hang() {
    return answer(Answer.hanging());
  }

  /** The answer once the queue is empty. Default: 200 with body {@code {}}. */
  public ProviderStub answerAlways(int status, String body) {
    return answerAlways(Answer.of(status, body));
  }

  /** The answer once the queue is empty. Default: 200 with body {@code {}}. */
  public ProviderStub answerAlways(Answer answer) {
    Objects.requireNonNull(answer, "answer");
    return respond(request -> answer);
  }

  /**
   * Computes the answer from the request once the queue is empty: for a stand-in that answers by
   * what it was sent (a token, a path). Called on the stub's threads, one request at a time.
   */
  public synchronized ProviderStub respond(Function<Request, Answer> responder) {
    this.fallback = Objects.requireNonNull(responder, "responder");
    return this;
  }

  /** Every request received so far, in order of arrival. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests were received so far. */
  public synchronized int requestCount() {
    return requests.size();
  }

  /**
   * The one request received.
   *
   * @throws AssertionError when none or several were received
   */
  public synchronized Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size());
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            Collections.unmodifiableMap(headers),
            body);
    Answer answer;
    synchronized (this) {
      requests.add(request);
      answer = answers.isEmpty() ? fallback.apply(request) : answers.poll();
    }
    if (answer.hang()) {
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(out);
    }
  }

  /** Releases hung exchanges, stops the server and its threads. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "ProviderStub[" + baseUrl() + "]";
  }
}
