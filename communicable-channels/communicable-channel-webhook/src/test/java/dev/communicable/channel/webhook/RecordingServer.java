package dev.communicable.channel.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port standing in for a webhook receiver or a
 * chat service: it records every request and answers with the responses queued, else 200.
 */
final class RecordingServer implements AutoCloseable {

  /** One request as received. */
  record Request(String method, String path, String query, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer to give. */
  record Answer(int status, Map<String, String> headers, String body, boolean hang) {
    static Answer of(int status, String body) {
      return new Answer(status, Map.of(), body, false);
    }

    static Answer of(int status, Map<String, String> headers, String body) {
      return new Answer(status, headers, body, false);
    }

    /** Never answers (until the server closes): for timeouts. */
    static Answer hanging() {
      return new Answer(0, Map.of(), "", true);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Answer fallback = Answer.of(200, "");

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestURI().getRawQuery(),
                  exchange.getRequestHeaders(),
                  body));
          Answer answer = next();
          if (answer.hang()) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
          try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  private synchronized Answer next() {
    Answer answer = answers.poll();
    return answer != null ? answer : fallback;
  }

  /** Queues answers for the next requests, in order. */
  synchronized RecordingServer answer(Answer... next) {
    answers.addAll(List.of(next));
    return this;
  }

  /** The answer once the queue is empty. */
  synchronized RecordingServer answerAlways(Answer answer) {
    fallback = answer;
    return this;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size());
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
