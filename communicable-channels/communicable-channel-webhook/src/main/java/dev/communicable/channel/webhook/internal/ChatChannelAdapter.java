package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.ProviderHttp;
import dev.communicable.channel.webhook.ChatConfig;
import dev.communicable.channel.webhook.ChatKind;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Posts chat messages to Slack, Discord and Teams incoming webhooks, the shape chosen per URL.
 * Thread-safe. Reasons in results name only the URL's origin: a chat webhook URL's path is itself
 * the credential.
 */
public final class ChatChannelAdapter implements ChannelAdapter {
  /** The provider name when the service is chosen per URL. */
  private static final String ROUTING_PROVIDER = "chat";

  private static final Pattern DISCORD_PATH = Pattern.compile("/api(/v\\d+)?/webhooks/.+");

  private final ChatConfig config;
  private final AddressGuard guard;
  private final ProviderHttp http;
  private final GuardedPost poster;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ChatChannelAdapter(ChatConfig config) {
    this.config = config;
    this.guard = new AddressGuard(config.egress());
    ProviderHttp.Builder http =
        ProviderHttp.builder("chat")
            .http(config.http())
            .maxResponseBytes(StandardWebhookAdapter.MAX_RESPONSE_BYTES);
    config.egress().proxy().ifPresent(http::proxy);
    this.http = http.build();
    this.poster = new GuardedPost(guard, this.http, config.maxRedirects());
  }

  @Override
  public ChannelType channel() {
    return ChannelType.CHAT;
  }

  /**
   * The fixed kind's name ({@code "slack"}), or {@code "chat"} when chosen per URL. A result names
   * the service the message went to ({@code "slack"}, {@code "discord"}, {@code "teams"}); only a
   * refusal before the service is known carries {@code "chat"}.
   */
  @Override
  public String provider() {
    return config.kind().map(ChatKind::providerName).orElse(ROUTING_PROVIDER);
  }

  /** The fixed kind's name, or {@code "chat"} and every service's name when chosen per URL. */
  @Override
  public Set<String> providers() {
    if (config.kind().isPresent()) {
      return Set.of(provider());
    }
    Set<String> names = new TreeSet<>();
    names.add(ROUTING_PROVIDER);
    for (ChatKind kind : ChatKind.values()) {
      names.add(kind.providerName());
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public void validateAddress(String address) {
    kindOf(guard.parse("address", address));
  }

  @Override
  public SendResult send(OutboundMessage message) {
    if (closed.get()) {
      throw new IllegalStateException("the chat adapter is closed");
    }
    URI uri;
    ChatFormat format;
    byte[] body;
    try {
      uri = guard.parse("address", message.address());
      format = ChatFormat.of(kindOf(uri));
    } catch (InvalidRequestException e) {
      return SendResult.permanent(provider(), "invalid_request", e.getMessage());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      body = format.render(message);
      headers.putAll(CustomHeaders.from(message.metadata()));
    } catch (InvalidRequestException e) {
      return SendResult.permanent(format.service(), "invalid_request", e.getMessage());
    }
    if (body.length > format.maxBodyBytes()) {
      return SendResult.permanent(
          format.service(),
          "body_too_large",
          "content: the "
              + format.service()
              + " message is "
              + body.length
              + " bytes, over the limit of "
              + format.maxBodyBytes());
    }
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("User-Agent", config.userAgent());
    GuardedPost.Outcome outcome = poster.post(format.target(uri), headers, body);
    if (outcome instanceof GuardedPost.Refused refused) {
      return SendResult.permanent(format.service(), refused.code(), refused.reason());
    }
    if (outcome instanceof GuardedPost.Failed failed) {
      return SendResult.retryable(format.service(), failed.reason());
    }
    return format.interpret(
        ((GuardedPost.Answered) outcome).response(), config.http().clock(), format.service());
  }

  /**
   * The chat service a URL belongs to.
   *
   * @throws InvalidRequestException naming {@code address} when no kind is fixed and the URL is not
   *     a known chat webhook
   */
  ChatKind kindOf(URI uri) {
    if (config.kind().isPresent()) {
      return config.kind().get();
    }
    return detect(uri, config.hosts())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "address",
                    "not a Slack, Discord or Teams webhook URL (host '"
                        + AddressGuard.host(uri)
                        + "'); configure the chat kind for other hosts"));
  }

  /** The service a URL belongs to, from its host (and path where a host serves more than hooks). */
  static Optional<ChatKind> detect(URI uri, Map<String, ChatKind> extraHosts) {
    String host = AddressGuard.host(uri);
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (extraHosts.containsKey(host)) {
      return Optional.of(extraHosts.get(host));
    }
    if (host.equals("hooks.slack.com") || host.equals("hooks.slack-gov.com")) {
      return Optional.of(ChatKind.SLACK);
    }
    if ((host.equals("discord.com")
            || host.equals("discordapp.com")
            || host.equals("ptb.discord.com")
            || host.equals("canary.discord.com"))
        && DISCORD_PATH.matcher(path).matches()) {
      return Optional.of(ChatKind.DISCORD);
    }
    if (host.endsWith(".webhook.office.com")
        || ((host.equals("outlook.office.com") || host.equals("outlook.office365.com"))
            && path.startsWith("/webhook"))
        || (host.endsWith(".logic.azure.com") && path.contains("/workflows/"))
        || (host.endsWith(".api.powerplatform.com") && path.contains("/workflows/"))) {
      return Optional.of(ChatKind.TEAMS);
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "ChatChannelAdapter[" + config + "]";
  }
}
