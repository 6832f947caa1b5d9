package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.SmtpConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Builds the SMTP adapter from {@code communicable.smtp.*} settings; see {@code EmailAdapters}. */
public final class SmtpAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = new Settings("smtp", lookup);
    if (s.get("host") == null) {
      return Optional.empty();
    }
    SmtpConfig.Builder b = SmtpConfig.builder().host(s.get("host")).from(s.required("from"));
    s.ifPresent(
        "security",
        v -> {
          try {
            b.security(SmtpConfig.Security.valueOf(v.toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                "communicable.smtp.security", "must be none, starttls or tls, was '" + v + "'");
          }
        });
    long port = s.number("port", -1);
    if (port != -1) {
      b.port((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, port)));
    }
    if (s.get("username") != null || s.get("password") != null) {
      b.credentials(s.get("username"), s.get("password"));
    }
    s.ifPresent("from-name", b::fromName);
    s.duration("connect-timeout", b::connectTimeout);
    s.duration("read-timeout", b::readTimeout);
    long max = s.number("max-message-bytes", -1);
    if (max != -1) {
      b.maxMessageBytes(max);
    }
    s.ifPresent("trusted-hosts", v -> b.trustedHosts(v.split("\\s*,\\s*")));
    return Optional.of(new SmtpEmailAdapter(s.build(b::build)));
  }
}
