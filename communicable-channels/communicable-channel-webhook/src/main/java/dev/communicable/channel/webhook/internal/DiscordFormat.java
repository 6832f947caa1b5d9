package dev.communicable.channel.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.ProviderHttp;
import dev.communicable.channel.support.RetryAfter;
import dev.communicable.channel.webhook.ChatKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discord "Execute Webhook": {@code {"content", "embeds": [{"title", "url"}], "allowed_mentions"}}
 * posted with {@code ?wait=true} so Discord returns the message and its id. Limits: {@code content}
 * 2,000 characters, 10 embeds, an embed title 256, all embed text together 6,000. Mentions are
 * disabled ({@code allowed_mentions.parse = []}) so rendered text cannot ping {@code @everyone}.
 * Discord answers 200 with the message (or 204), 429 with a JSON {@code retry_after} in seconds,
 * and errors as {@code {"code", "message"}}: 10015 Unknown Webhook (404), 50027 Invalid Webhook
 * Token (401), 50035 Invalid Form Body (400).
 */
final class DiscordFormat implements ChatFormat {
  static final DiscordFormat INSTANCE = new DiscordFormat();

  static final int MAX_CONTENT = 2_000;
  static final int MAX_EMBEDS = 10;
  static final int MAX_EMBED_TITLE = 256;
  static final int MAX_EMBED_TOTAL = 6_000;

  private static final int UNKNOWN_WEBHOOK = 10015;
  private static final int INVALID_WEBHOOK_TOKEN = 50027;

  private DiscordFormat() {}

  @Override
  public ChatKind kind() {
    return ChatKind.DISCORD;
  }

  @Override
  public int maxBodyBytes() {
    // Discord takes requests up to 25 MiB with files; a JSON message within the text limits is
    // far smaller, so this only bounds raw JSON bodies.
    return 256 * 1024;
  }

  @Override
  public byte[] render(OutboundMessage message) {
    Content content = message.content();
    if (content.json() != null) {
      JsonNode node = Json.parse("content.json", content.json());
      JsonNode text = node.path("content");
      if (text.isTextual() && ChatFormat.codePoints(text.asText()) > MAX_CONTENT) {
        throw tooLong("content.json.content", ChatFormat.codePoints(text.asText()), MAX_CONTENT);
      }
      if (node.path("embeds").size() > MAX_EMBEDS) {
        throw new InvalidRequestException(
            "content.json.embeds",
            node.path("embeds").size() + " embeds, over Discord's limit of " + MAX_EMBEDS);
      }
      return content.json().getBytes(StandardCharsets.UTF_8);
    }
    ChatFormat.requireSomething(message);
    StringBuilder text = new StringBuilder();
    if (!ChatFormat.isBlank(content.text())) {
      text.append(content.text());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!ChatFormat.isBlank(content.title())) {
      int length = ChatFormat.codePoints(content.title());
      if (length > MAX_EMBED_TITLE) {
        throw tooLong("content.title", length, MAX_EMBED_TITLE);
      }
      Map<String, Object> embed = new LinkedHashMap<>();
      embed.put("title", content.title());
      if (!ChatFormat.isBlank(content.link())) {
        ChatFormat.requireWebLink(content.link(), 2048);
        embed.put("url", content.link());
      }
      body.put("embeds", List.of(embed));
    } else if (!ChatFormat.isBlank(content.link())) {
      ChatFormat.requireWebLink(content.link(), 2048);
      text.append(text.length() == 0 ? "" : "\n").append(content.link());
    }
    int length = ChatFormat.codePoints(text.toString());
    if (length > MAX_CONTENT) {
      throw tooLong("content.text", length, MAX_CONTENT);
    }
    if (length > 0) {
      body.put("content", text.toString());
    }
    body.put("allowed_mentions", Map.of("parse", List.of()));
    return Json.write("content", body);
  }

  @Override
  public URI target(URI webhookUrl) {
    String query = webhookUrl.getRawQuery();
    if (query != null && query.matches("(.*&)?wait=[^&]*(&.*)?")) {
      return webhookUrl;
    }
    String withWait = query == null || query.isEmpty() ? "wait=true" : query + "&wait=true";
    try {
      return new URI(
          webhookUrl.getScheme()
              + "://"
              + webhookUrl.getRawAuthority()
              + (webhookUrl.getRawPath() == null ? "" : webhookUrl.getRawPath())
              + "?"
              + withWait);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("adding a query to a valid URL", e);
    }
  }

  @Override
  public SendResult interpret(ProviderHttp.Response response, Clock clock, String provider) {
    int status = response.status();
    Optional<JsonNode> json = Json.tryParse(response.body());
    if (status >= 200 && status < 300) {
      String id = json.map(node -> node.path("id").asText(null)).orElse(null);
      return SendResult.accepted(provider, id);
    }
    if (status == 429) {
      String scope =
          json.map(node -> node.path("global").asBoolean(false)).orElse(false)
              ? "globally"
              : "on this webhook";
      String reason = "discord answered 429: rate limited " + scope;
      Optional<Duration> wait =
          json.filter(node -> node.path("retry_after").isNumber())
              .flatMap(node -> RetryAfter.ofSeconds(node.path("retry_after").asDouble()))
              .or(() -> RetryAfter.of(response.headers(), clock));
      return new SendResult.Retryable(provider, reason, wait);
    }
    int code = json.map(node -> node.path("code").asInt(0)).orElse(0);
    String message = json.map(node -> node.path("message").asText("")).orElse("");
    String detail = code == 0 ? message : code + " " + message;
    if (code == UNKNOWN_WEBHOOK || code == INVALID_WEBHOOK_TOKEN) {
      return SendResult.permanent(
          provider,
          SendResult.ADDRESS_REVOKED,
          "discord answered " + status + ": " + detail + " (the webhook no longer exists)");
    }
    return ChatFormat.byStatus(
        provider,
        service(),
        response,
        clock,
        code == 0 ? null : Integer.toString(code),
        detail.strip());
  }

  private static InvalidRequestException tooLong(String field, int length, int max) {
    return new InvalidRequestException(
        field, "is " + length + " characters, over Discord's limit of " + max);
  }
}
