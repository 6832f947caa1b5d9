package dev.communicable.channel.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal SMTP server on an ephemeral port whose replies to MAIL, RCPT and the end of DATA are
 * set by the test, for the failure replies GreenMail never gives. A {@code null} reply stays silent
 * (the client times out).
 */
final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread acceptor;
  private final Map<String, String> replies = new ConcurrentHashMap<>();
  private volatile boolean silentGreeting;

  ScriptedSmtpServer() throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    replies.put("MAIL", "250 2.1.0 Ok");
    replies.put("RCPT", "250 2.1.5 Ok");
    replies.put("DATA-END", "250 2.0.0 Ok: queued");
    acceptor = new Thread(this::acceptLoop, "scripted-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Sets the reply to {@code command} (MAIL, RCPT or DATA-END). */
  ScriptedSmtpServer reply(String command, String reply) {
    replies.put(command, reply);
    return this;
  }

  /** Accepts connections but never greets them. */
  ScriptedSmtpServer silent() {
    silentGreeting = true;
    return this;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        converse(client);
      } catch (IOException closed) {
        // the client went away or the server is closing
      }
    }
  }

  private void converse(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = client.getOutputStream();
    if (silentGreeting) {
      while (in.readLine() != null) {
        // never answer
      }
      return;
    }
    send(out, "220 scripted.test ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
      switch (verb) {
        case "EHLO", "HELO" -> send(out, "250 scripted.test");
        case "MAIL" -> send(out, replies.get("MAIL"));
        case "RCPT" -> send(out, replies.get("RCPT"));
        case "DATA" -> {
          send(out, "354 End data with <CR><LF>.<CR><LF>");
          String data;
          while ((data = in.readLine()) != null && !data.equals(".")) {
            // swallow the message
          }
          send(out, replies.get("DATA-END"));
        }
        case "RSET", "NOOP" -> send(out, "250 Ok");
        case "QUIT" -> {
          send(out, "221 Bye");
          return;
        }
        default -> send(out, "502 5.5.2 Command not recognized");
      }
    }
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
