package dev.communicable.channel.webhook.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One JDK {@link HttpClient} with timeouts, redirects never followed by the client itself (the
 * caller decides, so each hop passes the egress check), an owned and named executor, and response
 * bodies read up to a bound.
 */
public final class HttpTransport implements AutoCloseable {
  /** Most response bytes kept for error messages; the rest is discarded. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024;

  private final HttpClient client;
  private final ExecutorService executor;
  private final Duration requestTimeout;

  /** What came back: status, headers and the start of the body. */
  public record Response(int status, HttpHeaders headers, String body) {
    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  public HttpTransport(
      String threadName,
      Duration connectTimeout,
      Duration requestTimeout,
      Optional<ProxySelector> proxy) {
    this.requestTimeout = requestTimeout;
    this.executor = Executors.newCachedThreadPool(named(threadName));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
    proxy.ifPresent(builder::proxy);
    this.client = builder.build();
  }

  /** POSTs {@code body} with {@code headers} and waits for the answer. */
  public Response post(URI uri, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
    }
    return new Response(response.statusCode(), response.headers(), text);
  }

  /** Stops the client's threads; requests in flight fail. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
