package dev.communicable.channel.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.ProviderHttp;
import dev.communicable.channel.webhook.ChatKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Microsoft Teams incoming webhooks and Workflows: {@code {"type": "message", "attachments":
 * [{"contentType": "application/vnd.microsoft.card.adaptive", "content": <Adaptive Card 1.4>}]}}. A
 * message may be at most 28 KB. Workflows answer 202, connectors 200 with body {@code 1}; a
 * connector may also answer 200 with a text naming the real error ("returned HTTP error 429"),
 * which is mapped as that status.
 */
final class TeamsFormat implements ChatFormat {
  static final TeamsFormat INSTANCE = new TeamsFormat();

  static final int MAX_BYTES = 28 * 1024;

  private static final Pattern EMBEDDED_STATUS = Pattern.compile("HTTP error (\\d{3})");

  private TeamsFormat() {}

  @Override
  public ChatKind kind() {
    return ChatKind.TEAMS;
  }

  @Override
  public int maxBodyBytes() {
    return MAX_BYTES;
  }

  @Override
  public byte[] render(OutboundMessage message) {
    Content content = message.content();
    if (content.json() != null) {
      Json.parse("content.json", content.json());
      return content.json().getBytes(StandardCharsets.UTF_8);
    }
    ChatFormat.requireSomething(message);
    List<Object> body = new ArrayList<>();
    if (!ChatFormat.isBlank(content.title())) {
      body.add(
          Map.of(
              "type", "TextBlock",
              "text", content.title(),
              "weight", "Bolder",
              "size", "Medium",
              "wrap", true));
    }
    if (!ChatFormat.isBlank(content.text())) {
      body.add(Map.of("type", "TextBlock", "text", content.text(), "wrap", true));
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    if (!ChatFormat.isBlank(content.link())) {
      ChatFormat.requireWebLink(content.link(), 2048);
      card.put(
          "actions",
          List.of(Map.of("type", "Action.OpenUrl", "title", "Open", "url", content.link())));
    }
    Map<String, @Nullable Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("type", "message");
    envelope.put("attachments", List.of(attachment));
    byte[] json = Json.write("content", envelope);
    if (json.length > MAX_BYTES) {
      throw new InvalidRequestException(
          "content",
          "the Teams message is " + json.length + " bytes, over Teams' limit of " + MAX_BYTES);
    }
    return json;
  }

  @Override
  public SendResult interpret(ProviderHttp.Response response, Clock clock, String provider) {
    int status = response.status();
    String answer = response.body() == null ? "" : response.body().strip();
    if (status >= 200 && status < 300) {
      Matcher embedded = EMBEDDED_STATUS.matcher(answer);
      if (status == 200 && !answer.equals("1") && embedded.find()) {
        int real = Integer.parseInt(embedded.group(1));
        return ChatFormat.byStatus(
            provider,
            service(),
            new ProviderHttp.Response(real, response.headers(), answer),
            clock,
            null,
            shorten(answer));
      }
      return SendResult.accepted(provider, null);
    }
    Optional<JsonNode> json = Json.tryParse(answer);
    String code =
        json.map(node -> node.path("error").path("code").asText(null))
            .filter(text -> text.matches("[A-Za-z0-9_.]{1,64}"))
            .orElse(null);
    return ChatFormat.byStatus(provider, service(), response, clock, code, shorten(answer));
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }
}
