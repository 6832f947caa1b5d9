package dev.communicable.channel.support;

import dev.communicable.Arguments;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.internal.OwnedExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of a provider adapter: one JDK {@link HttpClient} with a connect timeout, a
 * per-request timeout, redirects never followed by the client itself, and an executor of named
 * daemon threads ({@code communicable-<provider>-http-N}) that {@link #close()} stops. Response
 * bodies are read up to a bound, so a misbehaving server cannot fill the heap.
 *
 * <pre>{@code
 * ProviderHttp http = ProviderHttp.builder("ntfy")
 *     .connectTimeout(Duration.ofSeconds(5))
 *     .requestTimeout(Duration.ofSeconds(15))
 *     .clock(clock)
 *     .build();
 * HttpRequest request = http.request(uri).POST(BodyPublishers.ofString(text)).build();
 * SendResult result = http.exchange(request, response ->
 *     HttpStatuses.isSuccess(response.status())
 *         ? SendResult.accepted("ntfy", null)
 *         : HttpStatuses.failure("ntfy", response.status(), null,
 *             "ntfy answered " + response.status(), http.retryAfter(response)));
 * }</pre>
 *
 * <p>Thread-safe. Made by {@link #builder(String)}.
 */
public final class ProviderHttp implements AutoCloseable {
  /** The default bound on the response body kept: 64 KiB, far above any provider's answer. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  private final String provider;
  private final Duration requestTimeout;
  private final Clock clock;
  private final int maxResponseBytes;
  private final @Nullable ExecutorService ownedExecutor;
  private final HttpClient client;

  private ProviderHttp(Builder b) {
    this.provider = b.provider;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.maxResponseBytes = b.maxResponseBytes;
    if (b.client != null) {
      this.ownedExecutor = null;
      this.client = b.client;
    } else {
      this.ownedExecutor = OwnedExecutor.create("communicable-" + provider + "-http-");
      HttpClient.Builder client =
          HttpClient.newBuilder()
              .connectTimeout(b.connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(ownedExecutor);
      if (b.proxy != null) {
        client.proxy(b.proxy);
      }
      this.client = client.build();
    }
  }

  /**
   * A builder for the adapter of {@code provider}, the short name its results carry and its threads
   * are named after ({@code "sendgrid"}).
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** What came back: the status, the headers and the body, cut at the configured bound. */
  public record Response(int status, HttpHeaders headers, String body) {
    public Response {
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /** The provider name given to {@link #builder(String)}. */
  public String provider() {
    return provider;
  }

  /** The clock that {@link #retryAfter(Response)} measures HTTP-dates against. */
  public Clock clock() {
    return clock;
  }

  /**
   * A request builder for {@code uri} with the request timeout set (a later call may change it).
   */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout);
  }

  /**
   * Sends {@code request} and waits for the answer, keeping at most the configured number of body
   * bytes (the rest is discarded).
   *
   * @throws HttpTimeoutException when the connection or the answer took longer than its timeout
   * @throws IOException when the server could not be reached or the connection broke
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  public Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readNBytes(maxResponseBytes), StandardCharsets.UTF_8);
    }
    return new Response(response.statusCode(), response.headers(), text);
  }

  /**
   * Sends {@code request} and lets {@code judge} turn the answer into a result; a timeout, a
   * transport failure or an interruption is {@link SendResult.Retryable} for this provider.
   */
  public SendResult exchange(HttpRequest request, Function<Response, SendResult> judge) {
    return exchange(provider, request, judge);
  }

  /**
   * As {@link #exchange(HttpRequest, Function)}, with {@code provider} in the result of a transport
   * failure: for an adapter whose one client serves several services.
   */
  public SendResult exchange(
      String provider, HttpRequest request, Function<Response, SendResult> judge) {
    Response response;
    try {
      response = send(request);
    } catch (HttpTimeoutException e) {
      return SendResult.retryable(provider, provider + " timed out: " + e.getMessage());
    } catch (IOException e) {
      return SendResult.retryable(provider, "could not reach " + provider + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable(provider, provider + ": interrupted while sending");
    }
    return judge.apply(response);
  }

  /**
   * The wait {@code response} asks for in its {@code Retry-After} header, measured against this
   * client's clock; see {@link RetryAfter#of(HttpHeaders, Clock)}.
   */
  public Optional<Duration> retryAfter(Response response) {
    return RetryAfter.of(response.headers(), clock);
  }

  /** The value of an {@code Authorization: Basic} header for {@code user} and {@code password}. */
  public static String basicAuth(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The start of a response body for a failure reason: whitespace runs folded to one space, at most
   * 200 characters (then {@code "..."}); empty for a blank or null body.
   */
  public static String excerpt(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  /** Stops the threads of the client's own executor; a caller's client is left alone. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      OwnedExecutor.stop(ownedExecutor);
    }
  }

  @Override
  public String toString() {
    return "ProviderHttp[" + provider + ", requestTimeout=" + requestTimeout + "]";
  }

  /** Builds a {@link ProviderHttp}; every value has a default. */
  public static final class Builder {
    private final String provider;
    private Duration connectTimeout = HttpSettings.DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = HttpSettings.DEFAULT_REQUEST_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private @Nullable ProxySelector proxy;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private @Nullable HttpClient client;

    private Builder(String provider) {
      Arguments.check(
          provider != null && provider.matches("[a-z0-9][a-z0-9-]{0,39}"),
          "provider",
          "must be 1 to 40 lower-case letters, digits or '-', was " + Arguments.echo(provider));
      this.provider = provider;
    }

    /**
     * Takes the connect timeout, the request timeout and the clock of {@code settings}, a provider
     * config's {@link HttpSettings}; its base URL is the caller's to use.
     */
    public Builder http(HttpSettings settings) {
      Arguments.notNull("http", settings);
      this.connectTimeout = settings.connectTimeout();
      this.requestTimeout = settings.requestTimeout();
      this.clock = settings.clock();
      return this;
    }

    /** How long to wait for a connection. Default: {@link HttpSettings#DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Arguments.positive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * How long to wait for the whole answer to one request. Default: {@link
     * HttpSettings#DEFAULT_REQUEST_TIMEOUT}.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Arguments.positive("requestTimeout", requestTimeout);
      return this;
    }

    /** The clock for HTTP-date {@code Retry-After} values. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /** The proxy to connect through. Default: none (direct connections). */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = Arguments.notNull("proxy", proxy);
      return this;
    }

    /**
     * The most response-body bytes kept; the rest is discarded. Default: {@value
     * #DEFAULT_MAX_RESPONSE_BYTES}.
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      this.maxResponseBytes = Arguments.positive("maxResponseBytes", maxResponseBytes);
      return this;
    }

    /**
     * Sends through the caller's {@code client} (a proxy, a custom trust store) instead of one of
     * its own; the caller owns it, so {@link ProviderHttp#close()} leaves it running, and the
     * connect timeout and proxy set here do not apply. Default: a client of its own.
     */
    public Builder client(HttpClient client) {
      this.client = Arguments.notNull("client", client);
      return this;
    }

    /** The client; its threads start on the first request. */
    public ProviderHttp build() {
      return new ProviderHttp(this);
    }
  }
}
