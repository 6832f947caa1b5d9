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
import java.util.Set;

/**
 * Slack incoming webhooks: {@code {"text": fallback, "blocks": [header, section..., actions]}}.
 * Limits: {@code text} 40,000 characters (Slack truncates beyond), a header's text 150, a section's
 * text 3,000 (longer text is split over several sections), 50 blocks, a button URL 3,000. Slack
 * answers 200 {@code ok}, or an error code as plain text: {@code invalid_payload}, {@code no_text},
 * {@code invalid_blocks} (400), {@code action_prohibited}, {@code invalid_token} (403), {@code
 * channel_not_found}, {@code no_service}, {@code no_team} (404), {@code channel_is_archived} (410),
 * 429 with {@code Retry-After}, {@code rollup_error} (500).
 */
final class SlackFormat implements ChatFormat {
  static final SlackFormat INSTANCE = new SlackFormat();

  static final int MAX_TEXT = 40_000;
  static final int MAX_HEADER = 150;
  static final int MAX_SECTION = 3_000;
  static final int MAX_BLOCKS = 50;
  static final int MAX_URL = 3_000;

  /** Codes meaning the webhook URL itself is dead: the channel or the integration is gone. */
  private static final Set<String> REVOKED =
      Set.of(
          "no_service",
          "no_team",
          "no_service_id",
          "channel_not_found",
          "channel_is_archived",
          "invalid_token",
          "team_disabled");

  private SlackFormat() {}

  @Override
  public ChatKind kind() {
    return ChatKind.SLACK;
  }

  @Override
  public int maxBodyBytes() {
    // Slack publishes no byte limit for webhooks; this bounds a message within its text limits.
    return 512 * 1024;
  }

  @Override
  public byte[] render(OutboundMessage message) {
    Content content = message.content();
    if (content.json() != null) {
      JsonNode node = Json.parse("content.json", content.json());
      JsonNode text = node.path("text");
      if (text.isTextual() && ChatFormat.codePoints(text.asText()) > MAX_TEXT) {
        throw tooLong("content.json.text", ChatFormat.codePoints(text.asText()), MAX_TEXT);
      }
      if (node.path("blocks").size() > MAX_BLOCKS) {
        throw new InvalidRequestException(
            "content.json.blocks",
            node.path("blocks").size() + " blocks, over Slack's limit of " + MAX_BLOCKS);
      }
      return content.json().getBytes(StandardCharsets.UTF_8);
    }
    ChatFormat.requireSomething(message);
    List<Object> blocks = new ArrayList<>();
    List<String> fallback = new ArrayList<>();
    if (!ChatFormat.isBlank(content.title())) {
      int length = ChatFormat.codePoints(content.title());
      if (length > MAX_HEADER) {
        throw tooLong("content.title", length, MAX_HEADER);
      }
      blocks.add(
          Map.of(
              "type",
              "header",
              "text",
              Map.of("type", "plain_text", "text", content.title(), "emoji", true)));
      fallback.add(escape(content.title()));
    }
    if (!ChatFormat.isBlank(content.text())) {
      String escaped = escape(content.text());
      int length = ChatFormat.codePoints(escaped);
      if (length > MAX_TEXT) {
        throw tooLong("content.text", length, MAX_TEXT);
      }
      for (String chunk : chunks(content.text(), MAX_SECTION)) {
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", chunk)));
      }
      fallback.add(escaped);
    }
    if (!ChatFormat.isBlank(content.link())) {
      ChatFormat.requireWebLink(content.link(), MAX_URL);
      blocks.add(
          Map.of(
              "type",
              "actions",
              "elements",
              List.of(
                  Map.of(
                      "type", "button",
                      "text", Map.of("type", "plain_text", "text", "Open"),
                      "url", content.link()))));
      fallback.add("<" + content.link() + ">");
    }
    if (blocks.size() > MAX_BLOCKS) {
      throw new InvalidRequestException(
          "content.text",
          "needs " + blocks.size() + " blocks, over Slack's limit of " + MAX_BLOCKS);
    }
    String text = String.join("\n", fallback);
    if (ChatFormat.codePoints(text) > MAX_TEXT) {
      throw tooLong("content", ChatFormat.codePoints(text), MAX_TEXT);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("blocks", blocks);
    return Json.write("content", body);
  }

  @Override
  public SendResult interpret(ProviderHttp.Response response, Clock clock, String provider) {
    int status = response.status();
    String answer = response.body() == null ? "" : response.body().strip();
    if (status >= 200 && status < 300) {
      return SendResult.accepted(provider, null);
    }
    String code = answer.matches("[a-z_]{1,64}") ? answer : null;
    if (code != null && REVOKED.contains(code)) {
      return SendResult.permanent(
          provider,
          SendResult.ADDRESS_REVOKED,
          "slack answered " + status + ": " + code + " (the webhook can no longer post)");
    }
    return ChatFormat.byStatus(
        provider, service(), response, clock, code, code != null ? code : shorten(answer));
  }

  /** Slack's mrkdwn control characters, escaped as its documentation asks. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Splits {@code text} into escaped pieces of at most {@code max} characters, never inside an
   * escape or a surrogate pair, preferring to break after a newline or space.
   */
  static List<String> chunks(String text, int max) {
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int currentLength = 0;
    int lastBreak = -1; // index in current just after a newline or space
    int lastBreakLength = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      String piece = escape(new String(Character.toChars(codePoint)));
      int pieceLength = ChatFormat.codePoints(piece);
      if (currentLength + pieceLength > max) {
        if (lastBreak > 0) {
          chunks.add(current.substring(0, lastBreak));
          String rest = current.substring(lastBreak);
          current = new StringBuilder(rest);
          currentLength -= lastBreakLength;
        } else {
          chunks.add(current.toString());
          current = new StringBuilder();
          currentLength = 0;
        }
        lastBreak = -1;
        lastBreakLength = 0;
        if (currentLength + pieceLength > max) {
          chunks.add(current.toString());
          current = new StringBuilder();
          currentLength = 0;
        }
      }
      current.append(piece);
      currentLength += pieceLength;
      if (codePoint == '\n' || codePoint == ' ') {
        lastBreak = current.length();
        lastBreakLength = currentLength;
      }
    }
    if (currentLength > 0) {
      chunks.add(current.toString());
    }
    return chunks;
  }

  private static InvalidRequestException tooLong(String field, int length, int max) {
    return new InvalidRequestException(
        field, "is " + length + " characters, over Slack's limit of " + max);
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }
}
