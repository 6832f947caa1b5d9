package dev.communicable.channel.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.webhook.ChatKind;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatDetectionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://hooks.slack.com/services/T0/B0/abc, SLACK",
    "https://hooks.slack-gov.com/services/T0/B0/abc, SLACK",
    "https://discord.com/api/webhooks/123/abc, DISCORD",
    "https://discordapp.com/api/webhooks/123/abc, DISCORD",
    "https://discord.com/api/v10/webhooks/123/abc, DISCORD",
    "https://acme.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d, TEAMS",
    "https://outlook.office.com/webhook/a@b/IncomingWebhook/c/d, TEAMS",
    "https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke, TEAMS",
    "https://default1.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke,"
        + " TEAMS",
  })
  void detectsServiceHosts(String url, ChatKind kind) {
    assertThat(ChatChannelAdapter.detect(URI.create(url), Map.of())).contains(kind);
  }

  @ParameterizedTest(name = "{0} is no chat webhook")
  @CsvSource({
    "https://discord.com/channels/1/2",
    "https://slack.com/api/chat.postMessage",
    "https://evil.example.com/hooks.slack.com",
    "https://hooks.slack.com.evil.example/services/x",
    "https://outlook.office.com/mail",
    "https://example.logic.azure.com/other"
  })
  void refusesLookAlikes(String url) {
    assertThat(ChatChannelAdapter.detect(URI.create(url), Map.of())).isEmpty();
  }

  @ParameterizedTest(name = "{0} is split into at most 10-character pieces")
  @CsvSource(
      delimiter = '|',
      value = {
        "aaaa bbbb cccc dddd|aaaa bbbb ,cccc dddd",
        "&&&&&|&amp;&amp;,&amp;&amp;,&amp;",
        "abcdefghijklmno|abcdefghij,klmno"
      })
  void chunksRespectEscapesAndWords(String text, String expected) {
    assertThat(SlackFormat.chunks(text, 10)).containsExactly(expected.split(","));
  }

  @org.junit.jupiter.api.Test
  void configuredHostsWin() {
    assertThat(
            ChatChannelAdapter.detect(
                URI.create("https://chat-proxy.internal/hook"),
                Map.of("chat-proxy.internal", ChatKind.DISCORD)))
        .isEqualTo(Optional.of(ChatKind.DISCORD));
  }
}
