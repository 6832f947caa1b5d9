package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import dev.communicable.channel.support.RetryAfter;
import dev.communicable.channel.webhook.ChatKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** One chat service's message shape, limits and answers. Implementations are stateless. */
interface ChatFormat {

  ChatKind kind();

  /** The largest request body the service takes. */
  int maxBodyBytes();

  /**
   * The request body for {@code message}, within the service's limits.
   *
   * @throws InvalidRequestException naming the content part over a limit, or missing
   */
  byte[] render(OutboundMessage message);

  /** The URL to post to, given the webhook URL (Discord adds {@code wait=true}). */
  default URI target(URI webhookUrl) {
    return webhookUrl;
  }

  /**
   * What the service's answer means.
   *
   * @param provider the provider name to put in the result
   */
  SendResult interpret(ProviderHttp.Response response, Clock clock, String provider);

  /** The service's name for messages: {@code "slack"}. */
  default String service() {
    return kind().providerName();
  }

  static ChatFormat of(ChatKind kind) {
    return switch (kind) {
      case SLACK -> SlackFormat.INSTANCE;
      case DISCORD -> DiscordFormat.INSTANCE;
      case TEAMS -> TeamsFormat.INSTANCE;
    };
  }

  /** Refuses a message with nothing to show. */
  static void requireSomething(OutboundMessage message) {
    var content = message.content();
    if (isBlank(content.text()) && isBlank(content.title()) && isBlank(content.link())) {
      throw new InvalidRequestException(
          "content", "a chat message needs text, a title, a link or a json body; all are empty");
    }
  }

  static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  /**
   * Checks that {@code link} is an absolute http(s) URL, as the services require for buttons and
   * embeds.
   */
  static void requireWebLink(String link, int maxLength) {
    if (link.length() > maxLength) {
      throw new InvalidRequestException(
          "content.link", "is " + link.length() + " characters, over the limit of " + maxLength);
    }
    try {
      URI uri = new URI(link);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new InvalidRequestException(
            "content.link", "must be an absolute http or https URL, was '" + link + "'");
      }
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("content.link", "not a valid URL: " + e.getReason());
    }
  }

  /** The common mapping of an HTTP status when the body told nothing more specific. */
  static SendResult byStatus(
      String provider,
      String service,
      ProviderHttp.Response response,
      Clock clock,
      @Nullable String code,
      String detail) {
    int status = response.status();
    String reason = service + " answered " + status + (detail.isEmpty() ? "" : ": " + detail);
    if (status == 404 || status == 410) {
      return SendResult.permanent(
          provider, SendResult.ADDRESS_REVOKED, reason + " (the webhook no longer exists)");
    }
    return HttpStatuses.failure(
        provider, status, code, reason, RetryAfter.of(response.headers(), clock));
  }

  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
