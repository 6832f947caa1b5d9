package dev.communicable.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.http.ProviderStub;
import dev.communicable.testkit.http.ProviderStub.Answer;
import dev.communicable.testkit.http.ProviderStub.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The chat adapter against a local HTTP server standing in for Slack, Discord and Teams. */
@Tag("integration")
class ChatAdapterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
  static final String TOKEN_PATH = "/services/T000/B000/XXXXsecretXXXX";

  ProviderStub server;
  ChannelAdapter adapter;

  @BeforeEach
  void start() throws IOException {
    server = ProviderStub.start().answerAlways(200, "");
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    server.close();
  }

  /** An adapter treating the test server's host as {@code kind}, as on the real hosts. */
  ChannelAdapter adapterFor(ChatKind kind) {
    adapter =
        WebhookAdapters.chat(
            ChatConfig.builder()
                .host("127.0.0.1", kind)
                .egress(EgressRules.builder().allow("127.0.0.1").allowPlainHttp(true).build())
                .http(HttpSettings.builder().clock(CLOCK).build())
                .build());
    return adapter;
  }

  SendResult send(String path, Content content) {
    return adapter.send(Messages.chat(server.url(path), content));
  }

  static JsonNode json(Request request) throws IOException {
    return JSON.readTree(request.body());
  }

  @Nested
  @DisplayName("Slack")
  class Slack {
    @BeforeEach
    void slack() {
      adapterFor(ChatKind.SLACK);
    }

    @Test
    @DisplayName("posts text with a header, a section and a link button")
    void posts_blocks() throws IOException {
      server.answer(Answer.of(200, "ok"));
      SendResult result =
          send(
              TOKEN_PATH,
              Content.builder()
                  .title("Invoice paid")
                  .text("42.00 EUR from <ACME> & co")
                  .link("https://app.example.com/invoices/1")
                  .build());

      assertThat(result).isEqualTo(SendResult.accepted("slack", null));
      Request request = server.onlyRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo(TOKEN_PATH);
      assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      JsonNode body = json(request);
      assertThat(body.path("text").asText())
          .isEqualTo(
              "Invoice paid\n42.00 EUR from &lt;ACME&gt; &amp; co\n<https://app.example.com/invoices/1>");
      JsonNode blocks = body.path("blocks");
      assertThat(blocks).hasSize(3);
      assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
      assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
      assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("Invoice paid");
      assertThat(blocks.get(1).path("type").asText()).isEqualTo("section");
      assertThat(blocks.get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
      assertThat(blocks.get(1).path("text").path("text").asText())
          .isEqualTo("42.00 EUR from &lt;ACME&gt; &amp; co");
      JsonNode button = blocks.get(2).path("elements").get(0);
      assertThat(blocks.get(2).path("type").asText()).isEqualTo("actions");
      assertThat(button.path("type").asText()).isEqualTo("button");
      assertThat(button.path("url").asText()).isEqualTo("https://app.example.com/invoices/1");
    }

    @Test
    @DisplayName("splits text longer than a section's 3,000 characters over several sections")
    void splits_long_text() throws IOException {
      String text = ("word ".repeat(1000)).strip(); // 4,999 characters
      send(TOKEN_PATH, Content.text(text));

      JsonNode blocks = json(server.onlyRequest()).path("blocks");
      assertThat(blocks).hasSize(2);
      StringBuilder joined = new StringBuilder();
      for (JsonNode block : blocks) {
        String piece = block.path("text").path("text").asText();
        assertThat(piece.length()).isLessThanOrEqualTo(3000);
        joined.append(piece);
      }
      assertThat(joined.toString()).isEqualTo(text);
    }

    @Test
    @DisplayName("refuses text over 40,000 characters and a title over 150, before any call")
    void limits() {
      assertThat(send(TOKEN_PATH, Content.text("x".repeat(40_001))))
          .isEqualTo(
              SendResult.permanent(
                  "slack",
                  "invalid_request",
                  "content.text: is 40001 characters, over Slack's limit of 40000"));
      assertThat(send(TOKEN_PATH, Content.builder().title("t".repeat(151)).text("x").build()))
          .isEqualTo(
              SendResult.permanent(
                  "slack",
                  "invalid_request",
                  "content.title: is 151 characters, over Slack's limit of 150"));
      assertThat(send(TOKEN_PATH, Content.builder().text("x").link("javascript:alert(1)").build()))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.reason()).startsWith("content.link: must be an absolute http"));
      assertThat(send(TOKEN_PATH, Content.builder().build()))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.reason()).startsWith("content: a chat message needs text"));
      assertThat(server.requests()).isEmpty();
    }

    @Test
    @DisplayName(
        "maps Slack's error codes: a dead webhook is revoked, others permanent or retryable")
    void errors() {
      server.answer(
          Answer.of(404, "no_service"),
          Answer.of(410, "channel_is_archived"),
          Answer.of(400, "invalid_payload"),
          Answer.of(403, "action_prohibited"),
          Answer.of(429, Map.of("Retry-After", "30"), "rate_limited"),
          Answer.of(500, "rollup_error"));

      assertThat(send(TOKEN_PATH, Content.text("1")))
          .isEqualTo(
              SendResult.permanent(
                  "slack",
                  SendResult.ADDRESS_REVOKED,
                  "slack answered 404: no_service (the webhook can no longer post)"));
      assertThat(send(TOKEN_PATH, Content.text("2")))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
      assertThat(send(TOKEN_PATH, Content.text("3")))
          .isEqualTo(
              SendResult.permanent(
                  "slack", "invalid_payload", "slack answered 400: invalid_payload"));
      assertThat(send(TOKEN_PATH, Content.text("4")))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("action_prohibited"));
      assertThat(send(TOKEN_PATH, Content.text("5")))
          .isEqualTo(
              SendResult.retryable(
                  "slack", "slack answered 429: rate_limited", Duration.ofSeconds(30)));
      assertThat(send(TOKEN_PATH, Content.text("6")))
          .isEqualTo(SendResult.retryable("slack", "slack answered 500: rollup_error"));
    }

    @Test
    @DisplayName("passes a JSON part through as the whole message")
    void passes_json_through() {
      String json = "{\"text\":\"deploy done\",\"blocks\":[]}";
      send(TOKEN_PATH, Content.builder().json(json).build());
      assertThat(server.onlyRequest().bodyText()).isEqualTo(json);
    }

    @Test
    @DisplayName("never puts the webhook URL's secret path in a result")
    void reasons_hide_the_token() {
      server.answer(Answer.of(301, Map.of("Location", server.url("/elsewhere")), ""));
      SendResult result = send(TOKEN_PATH, Content.text("x"));
      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.code()).isEqualTo("redirect");
                assertThat(p.reason()).doesNotContain("XXXXsecretXXXX").contains("127.0.0.1");
              });
    }
  }

  @Nested
  @DisplayName("Discord")
  class Discord {
    static final String HOOK = "/api/webhooks/123456/tokenXYZ";

    @BeforeEach
    void discord() {
      adapterFor(ChatKind.DISCORD);
    }

    @Test
    @DisplayName("posts content and an embed with ?wait=true, mentions disabled, and reads the id")
    void posts_content_and_embed() throws IOException {
      server.answer(Answer.of(200, "{\"id\":\"1122334455\",\"type\":0}"));
      SendResult result =
          send(
              HOOK,
              Content.builder()
                  .title("Invoice paid")
                  .text("@everyone 42.00 EUR")
                  .link("https://app.example.com/i/1")
                  .build());

      assertThat(result).isEqualTo(SendResult.accepted("discord", "1122334455"));
      Request request = server.onlyRequest();
      assertThat(request.path()).isEqualTo(HOOK);
      assertThat(request.query()).isEqualTo("wait=true");
      JsonNode body = json(request);
      assertThat(body.path("content").asText()).isEqualTo("@everyone 42.00 EUR");
      assertThat(body.path("embeds")).hasSize(1);
      assertThat(body.path("embeds").get(0).path("title").asText()).isEqualTo("Invoice paid");
      assertThat(body.path("embeds").get(0).path("url").asText())
          .isEqualTo("https://app.example.com/i/1");
      assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
      assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
    }

    @Test
    @DisplayName("keeps an existing query such as thread_id")
    void keeps_thread_id() {
      server.answer(Answer.of(204, ""));
      assertThat(send(HOOK + "?thread_id=42", Content.text("x")).isAccepted()).isTrue();
      assertThat(server.onlyRequest().query()).isEqualTo("thread_id=42&wait=true");
    }

    @Test
    @DisplayName("accepts exactly 2,000 characters of content and refuses 2,001 before any call")
    void content_limit() {
      server.answer(Answer.of(204, ""));
      assertThat(send(HOOK, Content.text("é".repeat(2000))).isAccepted()).isTrue();
      assertThat(send(HOOK, Content.text("x".repeat(2001))))
          .isEqualTo(
              SendResult.permanent(
                  "discord",
                  "invalid_request",
                  "content.text: is 2001 characters, over Discord's limit of 2000"));
      assertThat(server.requests()).hasSize(1);
    }

    @Test
    @DisplayName("429 is retryable after the JSON retry_after, in seconds")
    void rate_limit() {
      server.answer(
          Answer.of(
              429,
              Map.of("Retry-After", "2", "Content-Type", "application/json"),
              "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,\"global\":false}"));
      assertThat(send(HOOK, Content.text("x")))
          .isEqualTo(
              SendResult.retryable(
                  "discord",
                  "discord answered 429: rate limited on this webhook",
                  Duration.ofMillis(1500)));
    }

    @Test
    @DisplayName(
        "Unknown Webhook and Invalid Webhook Token revoke the address; other errors keep their code")
    void errors() {
      server.answer(
          Answer.of(404, "{\"message\":\"Unknown Webhook\",\"code\":10015}"),
          Answer.of(401, "{\"message\":\"Invalid Webhook Token\",\"code\":50027}"),
          Answer.of(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}"),
          Answer.of(502, ""));

      assertThat(send(HOOK, Content.text("1")))
          .isEqualTo(
              SendResult.permanent(
                  "discord",
                  SendResult.ADDRESS_REVOKED,
                  "discord answered 404: 10015 Unknown Webhook (the webhook no longer exists)"));
      assertThat(send(HOOK, Content.text("2")))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
      assertThat(send(HOOK, Content.text("3")))
          .isEqualTo(
              SendResult.permanent(
                  "discord", "50035", "discord answered 400: 50035 Invalid Form Body"));
      assertThat(send(HOOK, Content.text("4"))).isInstanceOf(SendResult.Retryable.class);
    }
  }

  @Nested
  @DisplayName("Teams")
  class Teams {
    static final String HOOK = "/workflows/abc/triggers/manual/paths/invoke";

    @BeforeEach
    void teams() {
      adapterFor(ChatKind.TEAMS);
    }

    @Test
    @DisplayName("posts a message carrying one Adaptive Card")
    void posts_an_adaptive_card() throws IOException {
      server.answer(Answer.of(202, ""));
      SendResult result =
          send(
              HOOK,
              Content.builder()
                  .title("Invoice paid")
                  .text("42.00 EUR")
                  .link("https://app.example.com/i/1")
                  .build());

      assertThat(result).isEqualTo(SendResult.accepted("teams", null));
      JsonNode body = json(server.onlyRequest());
      assertThat(body.path("type").asText()).isEqualTo("message");
      JsonNode attachment = body.path("attachments").get(0);
      assertThat(attachment.path("contentType").asText())
          .isEqualTo("application/vnd.microsoft.card.adaptive");
      assertThat(attachment.has("contentUrl")).isTrue();
      JsonNode card = attachment.path("content");
      assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
      assertThat(card.path("version").asText()).isEqualTo("1.4");
      assertThat(card.path("body").get(0).path("text").asText()).isEqualTo("Invoice paid");
      assertThat(card.path("body").get(0).path("weight").asText()).isEqualTo("Bolder");
      assertThat(card.path("body").get(1).path("text").asText()).isEqualTo("42.00 EUR");
      assertThat(card.path("body").get(1).path("wrap").asBoolean()).isTrue();
      assertThat(card.path("actions").get(0).path("type").asText()).isEqualTo("Action.OpenUrl");
      assertThat(card.path("actions").get(0).path("url").asText())
          .isEqualTo("https://app.example.com/i/1");
    }

    @Test
    @DisplayName("a connector's 200 carrying an error text is read as that error")
    void connector_errors_inside_a200() {
      server.answer(
          Answer.of(200, "1"),
          Answer.of(
              200,
              "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP"
                  + " error 429 with ContextId tcid=0"),
          Answer.of(400, "Bad payload received by generic incoming webhook."));

      assertThat(send(HOOK, Content.text("1")).isAccepted()).isTrue();
      assertThat(send(HOOK, Content.text("2"))).isInstanceOf(SendResult.Retryable.class);
      assertThat(send(HOOK, Content.text("3")))
          .isEqualTo(
              SendResult.permanent(
                  "teams",
                  "http_400",
                  "teams answered 400: Bad payload received by generic incoming webhook."));
    }

    @Test
    @DisplayName("refuses a card over Teams' 28 KB before any call")
    void size_limit() {
      assertThat(send(HOOK, Content.text("x".repeat(28 * 1024))))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p ->
                  assertThat(p.reason())
                      .matches(
                          "content: the Teams message is \\d+ bytes, over Teams' limit of 28672"));
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  @DisplayName("validateAddress refuses a host that resolves to an internal address")
  void validation_resolves_the_host() {
    ChannelAdapter chat =
        WebhookAdapters.chat(
            ChatConfig.builder()
                .kind(ChatKind.SLACK)
                .egress(
                    EgressRules.builder()
                        .resolver(
                            host ->
                                List.of(
                                    InetAddress.getByAddress(
                                        host,
                                        new byte[] {
                                          (byte) 169, (byte) 254, (byte) 169, (byte) 254
                                        })))
                        .build())
                .build());
    try {
      assertThatThrownBy(() -> chat.validateAddress("https://chat.example.com/hook"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(
              "'chat.example.com' (169.254.169.254) is the cloud metadata address (link-local)");
    } finally {
      chat.close();
    }
  }

  @Test
  @DisplayName("by default picks the shape from the URL's host and refuses unknown hosts")
  void detects_by_host() {
    ChannelAdapter byHost = WebhookAdapters.chat(ChatConfig.builder().build());
    try {
      assertThat(byHost.provider()).isEqualTo("chat");
      assertThat(byHost.providers()).containsExactlyInAnyOrder("chat", "slack", "discord", "teams");
      assertThat(byHost.channel()).isEqualTo(ChannelType.CHAT);
      assertThatCode(() -> byHost.validateAddress("https://hooks.slack.com/services/T/B/x"))
          .doesNotThrowAnyException();
      assertThatCode(() -> byHost.validateAddress("https://discord.com/api/webhooks/1/x"))
          .doesNotThrowAnyException();
      assertThatCode(
              () -> byHost.validateAddress("https://acme.webhook.office.com/webhookb2/x/y/z"))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> byHost.validateAddress("https://chat.example.com/hook"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "address: not a Slack, Discord or Teams webhook URL (host 'chat.example.com');"
                  + " configure the chat kind for other hosts");
      assertThat(byHost.send(Messages.chat("https://chat.example.com/hook", Content.text("x"))))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.provider()).as("refused before a service was known").isEqualTo("chat");
                assertThat(p.code()).isEqualTo("invalid_request");
              });
    } finally {
      byHost.close();
    }
  }

  @Test
  @DisplayName("a fixed kind names the provider, and internal addresses are refused")
  void fixed_kind() {
    ChannelAdapter slack = WebhookAdapters.chat(ChatConfig.builder().kind(ChatKind.SLACK).build());
    try {
      assertThat(slack.provider()).isEqualTo("slack");
      assertThat(slack.providers()).containsExactly("slack");
      assertThat(slack.send(Messages.chat("https://10.1.2.3/services/x", Content.text("x"))))
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.provider()).isEqualTo("slack");
                assertThat(p.reason()).contains("'10.1.2.3' is private (10/8)");
              });
    } finally {
      slack.close();
    }
  }
}
