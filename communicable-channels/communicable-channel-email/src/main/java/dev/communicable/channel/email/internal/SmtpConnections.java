package dev.communicable.channel.email.internal;

import dev.communicable.channel.email.SmtpConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The SMTP connections kept open between sends: at most {@link SmtpConfig#maxIdleConnections()}
 * idle ones, each closed once it waited {@link SmtpConfig#idleTimeout()} or carried {@link
 * SmtpConfig#maxMessagesPerConnection()} messages. A send takes the most recently used one (so the
 * others age out), checks it with {@code NOOP} (Angus Mail's {@code isConnected}) and opens a new
 * one when none answers. Concurrent sends never wait for each other: when every kept connection is
 * in use, a send opens its own, and it is kept afterwards only if there is room.
 */
final class SmtpConnections implements AutoCloseable {
  /** One open connection and how many messages it carried. */
  static final class Connection {
    private final Transport transport;
    private int sent;

    private Connection(Transport transport, int sent) {
      this.transport = transport;
      this.sent = sent;
    }

    Transport transport() {
      return transport;
    }
  }

  private record Idle(Connection connection, Instant since) {}

  private final Session session;
  private final SmtpConfig config;
  private final Clock clock;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private boolean closed;

  SmtpConnections(Session session, SmtpConfig config) {
    this.session = session;
    this.config = config;
    this.clock = config.clock();
  }

  /**
   * A connected transport for one message: a kept one that still answers, else a new one (connected
   * and, when configured, authenticated).
   */
  Connection take() throws MessagingException {
    List<Connection> stale = new ArrayList<>();
    Connection reuse = null;
    Instant now = clock.instant();
    synchronized (this) {
      while (!idle.isEmpty() && reuse == null) {
        Idle newest = idle.pollLast();
        if (expired(newest, now)) {
          stale.add(newest.connection());
        } else {
          reuse = newest.connection();
        }
      }
      while (!idle.isEmpty() && expired(idle.peekFirst(), now)) {
        stale.add(idle.pollFirst().connection());
      }
    }
    stale.forEach(SmtpConnections::quietlyClose);
    if (reuse != null) {
      if (reuse.transport.isConnected()) {
        return reuse;
      }
      quietlyClose(reuse);
    }
    return new Connection(open(), 0);
  }

  /**
   * Gives back a connection after a send: kept for the next message when the send went well and
   * there is room, closed otherwise (after a failure the conversation's state is not known).
   */
  void giveBack(Connection c, boolean sentWell) {
    c.sent++;
    if (sentWell && c.sent < config.maxMessagesPerConnection()) {
      synchronized (this) {
        if (!closed && idle.size() < config.maxIdleConnections()) {
          idle.addLast(new Idle(c, clock.instant()));
          return;
        }
      }
    }
    quietlyClose(c);
  }

  /** Closes every kept connection; later sends open and close their own. */
  @Override
  public void close() {
    List<Idle> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(idle);
      idle.clear();
    }
    all.forEach(i -> quietlyClose(i.connection()));
  }

  private boolean expired(Idle i, Instant now) {
    return Duration.between(i.since(), now).compareTo(config.idleTimeout()) >= 0;
  }

  private Transport open() throws MessagingException {
    Transport transport = session.getTransport("smtp");
    try {
      if (config.username().isPresent()) {
        transport.connect(
            config.host(), config.port(), config.username().get(), config.password().get());
      } else {
        transport.connect();
      }
    } catch (MessagingException | RuntimeException e) {
      try {
        transport.close();
      } catch (MessagingException ignored) {
        // the connect failure is the one that matters
      }
      throw e;
    }
    return transport;
  }

  private static void quietlyClose(Connection c) {
    try {
      c.transport.close();
    } catch (MessagingException e) {
      // QUIT on a connection the server already dropped; nothing is lost
    }
  }
}
