package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ProviderHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one POST: checks the target with the {@link AddressGuard} first, then sends, and on a
 * redirect either stops (the default) or checks and follows the new location, up to a bound.
 */
public final class GuardedPost {
  private final AddressGuard guard;
  private final ProviderHttp http;
  private final int maxRedirects;

  /** What became of the POST. */
  public sealed interface Outcome {}

  /** The server answered with a non-redirect status. */
  public record Answered(ProviderHttp.Response response) implements Outcome {}

  /** Refused before sending, or a redirect that was not followed: retrying would not help. */
  public record Refused(String code, String reason) implements Outcome {}

  /** Could not get an answer (no connection, timeout, DNS failure): may work later. */
  public record Failed(String reason) implements Outcome {}

  /**
   * @param maxRedirects 0 to refuse every redirect, else how many hops to follow
   */
  public GuardedPost(AddressGuard guard, ProviderHttp http, int maxRedirects) {
    this.guard = guard;
    this.http = http;
    this.maxRedirects = maxRedirects;
  }

  /**
   * POSTs {@code body} to {@code target}. Never throws for network trouble: see {@link Outcome}.
   */
  public Outcome post(URI target, Map<String, String> headers, byte[] body) {
    URI uri = target;
    for (int hop = 0; ; hop++) {
      try {
        Optional<String> refusal = guard.check(uri);
        if (refusal.isPresent()) {
          return new Refused("address_refused", refusal.get());
        }
      } catch (UnknownHostException e) {
        return new Failed("host '" + AddressGuard.host(uri) + "' did not resolve");
      }
      ProviderHttp.Response response;
      try {
        HttpRequest.Builder request =
            http.request(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        response = http.send(request.build());
      } catch (HttpTimeoutException e) {
        // JDK 17 reports some response timeouts as connect timeouts, so the two read alike
        return new Failed("no answer from " + origin(uri) + " in time (" + e.getMessage() + ")");
      } catch (ConnectException e) {
        return new Failed("could not connect to " + origin(uri));
      } catch (IOException e) {
        return new Failed(
            "I/O error talking to " + origin(uri) + ": " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Failed("interrupted while sending to " + origin(uri));
      }
      int status = response.status();
      if (status < 300 || status >= 400) {
        return new Answered(response);
      }
      Optional<String> location = response.header("location");
      if (maxRedirects == 0) {
        return new Refused(
            "redirect",
            origin(uri)
                + " answered "
                + status
                + (location.isPresent() ? " redirecting elsewhere" : "")
                + "; redirects are not followed, so update the URL to the final address");
      }
      if (status != 301 && status != 302 && status != 307 && status != 308) {
        return new Refused(
            "http_" + status, origin(uri) + " answered " + status + ", which cannot be followed");
      }
      if (hop >= maxRedirects) {
        return new Refused(
            "too_many_redirects",
            "more than " + maxRedirects + " redirects starting from " + origin(target));
      }
      if (location.isEmpty()) {
        return new Refused(
            "http_" + status, origin(uri) + " answered " + status + " without a Location header");
      }
      try {
        uri = guard.parse("location", uri.resolve(location.get()).toString());
      } catch (InvalidRequestException | IllegalArgumentException e) {
        return new Refused(
            "address_refused", "redirect from " + origin(uri) + " " + e.getMessage());
      }
    }
  }

  /** {@code scheme://host[:port]}: what may appear in messages, since a path can hold a token. */
  public static String origin(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }
}
