package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.SmtpConfig;
import dev.communicable.channel.support.Settings;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Builds the SMTP adapter from {@code communicable.smtp.*} settings; see {@code EmailAdapters}. */
public final class SmtpAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = Settings.of("communicable.smtp.", lookup);
    Optional<String> host = s.text("host");
    if (host.isEmpty()) {
      return Optional.empty();
    }
    SmtpConfig.Builder b = SmtpConfig.builder().host(host.get()).from(s.required("from"));
    s.text("security")
        .ifPresent(
            v -> {
              try {
                b.security(SmtpConfig.Security.valueOf(v.toUpperCase(Locale.ROOT)));
              } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(
                    s.name("security"), "must be none, starttls or tls, was '" + v + "'");
              }
            });
    s.integer("port").ifPresent(b::port);
    Optional<String> username = s.text("username");
    Optional<String> password = s.text("password");
    if (username.isPresent() || password.isPresent()) {
      b.credentials(username.orElse(null), password.orElse(null));
    }
    s.text("from-name").ifPresent(b::fromName);
    s.duration("connect-timeout").ifPresent(b::connectTimeout);
    s.duration("read-timeout").ifPresent(b::readTimeout);
    s.number("max-message-bytes").ifPresent(b::maxMessageBytes);
    s.text("trusted-hosts").ifPresent(v -> b.trustedHosts(v.split("\\s*,\\s*")));
    s.integer("max-idle-connections").ifPresent(b::maxIdleConnections);
    s.duration("idle-timeout").ifPresent(b::idleTimeout);
    s.integer("max-messages-per-connection").ifPresent(b::maxMessagesPerConnection);
    return Optional.of(new SmtpEmailAdapter(s.build(b::build)));
  }
}
