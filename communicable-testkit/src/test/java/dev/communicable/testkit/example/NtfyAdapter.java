package dev.communicable.testkit.example;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The adapter of {@code docs/channels/writing-an-adapter.md}, here so that {@link
 * NtfyAdapterContractTest}, the example of {@link dev.communicable.testkit.ChannelAdapterContract},
 * has an adapter to run against: posts the text to {@code <base>/<topic>}.
 */
final class NtfyAdapter implements ChannelAdapter {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final URI base;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ntfy-http");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http;

  NtfyAdapter(URI base) {
    this.base = Arguments.notNull("base", base);
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
  }

  @Override
  public ChannelType channel() {
    return ChannelType.of("ntfy");
  }

  @Override
  public String provider() {
    return "ntfy";
  }

  @Override
  public void validateAddress(String address) {
    Arguments.check(
        address != null && TOPIC.matcher(address).matches(),
        "address",
        "must be an ntfy topic of 1-64 letters, digits, '_' or '-', was "
            + Arguments.echo(address));
  }

  @Override
  public SendResult send(OutboundMessage message) {
    try {
      validateAddress(message.address());
    } catch (InvalidRequestException e) {
      return SendResult.permanent(provider(), "invalid_request", e.getMessage());
    }
    String text = message.content().text() == null ? "" : message.content().text();
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/" + message.address()))
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        return SendResult.accepted(provider(), null);
      }
      if (status == 429 || status >= 500) {
        return SendResult.retryable(provider(), "ntfy answered " + status);
      }
      return SendResult.permanent(provider(), "http_" + status, "ntfy refused with " + status);
    } catch (IOException e) {
      return SendResult.retryable(provider(), "could not reach ntfy: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable(provider(), "interrupted");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
