package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.email.EmailAttachment;
import dev.communicable.channel.email.SmtpConfig;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Sends through an SMTP server with Angus Mail: STARTTLS (required, not opportunistic) or implicit
 * TLS, optional AUTH, connections kept for the next messages ({@link SmtpConnections}). The
 * Message-ID is derived from the delivery's idempotency key, so a retried delivery carries the same
 * id and is the provider message id.
 */
public final class SmtpEmailAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "smtp";

  private static final Pattern ENHANCED_STATUS =
      Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

  private final SmtpConfig config;
  private final Session session;
  private final InternetAddress from;
  private final String messageIdDomain;
  private final SmtpConnections connections;

  public SmtpEmailAdapter(SmtpConfig config) {
    this.config = config;
    this.session = Session.getInstance(properties(config));
    this.connections = new SmtpConnections(session, config);
    try {
      this.from = new InternetAddress(config.from(), config.fromName().orElse(null), "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    this.messageIdDomain = config.from().substring(config.from().lastIndexOf('@') + 1);
  }

  private static Properties properties(SmtpConfig config) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", config.host());
    p.setProperty("mail.smtp.port", Integer.toString(config.port()));
    p.setProperty("mail.smtp.from", config.from());
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(config.readTimeout().toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(config.readTimeout().toMillis()));
    p.setProperty("mail.smtp.auth", Boolean.toString(config.username().isPresent()));
    switch (config.security()) {
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
      case NONE -> {}
    }
    if (config.trustedHosts().isEmpty()) {
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    } else {
      // An explicitly trusted host is trusted whole: certificate chain and name.
      p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
      p.setProperty("mail.smtp.ssl.trust", String.join(" ", config.trustedHosts()));
    }
    return p;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.EMAIL;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void validateAddress(String address) {
    Checks.recipient("address", address);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    MimeMessage mime;
    EmailSpec email;
    String messageId = messageId(message.idempotencyKey());
    try {
      email = EmailSpec.of(message, false);
      mime = mime(email, messageId);
      long size = size(mime);
      if (size > config.maxMessageBytes()) {
        return SendResult.permanent(
            PROVIDER,
            "message_too_large",
            "content: the MIME message is "
                + size
                + " bytes; the limit is "
                + config.maxMessageBytes());
      }
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    } catch (MessagingException | IOException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", "could not build the message: " + e);
    }
    SmtpConnections.Connection connection;
    try {
      connection = connections.take();
    } catch (MessagingException e) {
      return classify(e);
    }
    boolean sentWell = false;
    try {
      connection.transport().sendMessage(mime, new Address[] {email.to()});
      sentWell = true;
    } catch (MessagingException e) {
      return classify(e);
    } finally {
      connections.giveBack(connection, sentWell);
    }
    return SendResult.accepted(PROVIDER, messageId);
  }

  private MimeMessage mime(EmailSpec email, String messageId)
      throws MessagingException, IOException {
    MimeMessage mime = new FixedIdMessage(session, "<" + messageId + ">");
    mime.setFrom(from);
    mime.setRecipient(Message.RecipientType.TO, email.to());
    if (email.replyTo().isPresent()) {
      mime.setReplyTo(new Address[] {email.replyTo().get()});
    }
    if (email.subject() != null) {
      mime.setSubject(email.subject(), "UTF-8");
    }
    mime.setSentDate(Date.from(config.clock().instant()));
    for (Map.Entry<String, String> h : email.headers().entrySet()) {
      String name = h.getKey();
      mime.setHeader(
          name,
          MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(h.getValue(), "UTF-8", null)));
    }
    MimeMultipart alternative = null;
    if (email.text() != null && email.html() != null) {
      alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(email.html(), "UTF-8", "html");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
    }
    if (email.attachments().isEmpty()) {
      if (alternative != null) {
        mime.setContent(alternative);
      } else if (email.text() != null) {
        mime.setText(email.text(), "UTF-8");
      } else {
        mime.setText(email.html(), "UTF-8", "html");
      }
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart body = new MimeBodyPart();
      if (alternative != null) {
        body.setContent(alternative);
      } else if (email.text() != null) {
        body.setText(email.text(), "UTF-8");
      } else {
        body.setText(email.html(), "UTF-8", "html");
      }
      mixed.addBodyPart(body);
      for (EmailAttachment a : email.attachments()) {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
        part.setFileName(a.filename());
        part.setDisposition(Part.ATTACHMENT);
        // base64 keeps the bytes exact; a text/* attachment would otherwise get CRLF line ends.
        part.setHeader("Content-Transfer-Encoding", "base64");
        mixed.addBodyPart(part);
      }
      mime.setContent(mixed);
    }
    mime.saveChanges();
    return mime;
  }

  private static long size(MimeMessage mime) throws IOException, MessagingException {
    long[] count = new long[1];
    mime.writeTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            count[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            count[0] += len;
          }
        });
    return count[0];
  }

  /** A Message-ID stable for the delivery: a hash of the idempotency key at the sender's domain. */
  private String messageId(String idempotencyKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16) + "@" + messageIdDomain;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Maps a failed SMTP conversation: a 4xx reply is retryable, a 5xx reply permanent (a dead
   * mailbox, enhanced status 5.1.1, 5.1.6 or 5.1.10, as {@link SendResult#ADDRESS_REVOKED}), failed
   * authentication or missing STARTTLS permanent, a network failure or timeout retryable.
   */
  static SendResult classify(MessagingException e) {
    for (Exception x = e;
        x != null;
        x = x instanceof MessagingException m ? m.getNextException() : null) {
      if (x instanceof SMTPAddressFailedException a) {
        return byReply(a.getReturnCode(), a.getMessage());
      }
    }
    for (Exception x = e;
        x != null;
        x = x instanceof MessagingException m ? m.getNextException() : null) {
      if (x instanceof SMTPSendFailedException s) {
        return byReply(s.getReturnCode(), s.getMessage());
      }
    }
    if (e instanceof AuthenticationFailedException) {
      return SendResult.permanent(
          PROVIDER, "auth_failed", "the server refused the credentials: " + e.getMessage());
    }
    String text = String.valueOf(e.getMessage());
    if (text.contains("STARTTLS is required")) {
      return SendResult.permanent(
          PROVIDER, "starttls_unavailable", "the server does not offer STARTTLS: " + text);
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    if (cause instanceof java.net.SocketTimeoutException) {
      return SendResult.retryable(PROVIDER, "timed out: " + text);
    }
    return SendResult.retryable(
        PROVIDER, "could not send: " + e + (cause != e ? " (" + cause + ")" : ""));
  }

  private static SendResult byReply(int code, @Nullable String reply) {
    String text = code + " " + (reply == null ? "" : reply.trim());
    if (code >= 400 && code < 500) {
      return SendResult.retryable(PROVIDER, "server replied " + text);
    }
    Matcher m = ENHANCED_STATUS.matcher(reply == null ? "" : reply);
    String enhanced = m.find() ? m.group() : "";
    if (enhanced.equals("5.1.1") || enhanced.equals("5.1.6") || enhanced.equals("5.1.10")) {
      return SendResult.permanent(PROVIDER, SendResult.ADDRESS_REVOKED, "server replied " + text);
    }
    if (code == 552 || enhanced.equals("5.3.4")) {
      return SendResult.permanent(PROVIDER, "message_too_large", "server replied " + text);
    }
    if (code >= 500) {
      return SendResult.permanent(PROVIDER, "smtp_" + code, "server replied " + text);
    }
    return SendResult.retryable(PROVIDER, "unexpected reply " + text);
  }

  /** Closes the connections kept for later messages. */
  @Override
  public void close() {
    connections.close();
  }

  @Override
  public String toString() {
    return "SmtpEmailAdapter[" + config + "]";
  }

  /** Keeps the Message-ID chosen above instead of the one Jakarta Mail would generate. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
