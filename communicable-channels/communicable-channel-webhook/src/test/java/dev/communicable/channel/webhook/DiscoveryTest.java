package dev.communicable.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapters;
import dev.communicable.channel.ChannelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Both adapters are found by ServiceLoader and built from settings. */
class DiscoveryTest {

  static List<ChannelAdapter> discover(Map<String, String> settings) {
    return ChannelAdapters.discover(DiscoveryTest.class.getClassLoader(), settings::get);
  }

  static void closeAll(List<ChannelAdapter> adapters) {
    adapters.forEach(ChannelAdapter::close);
  }

  @Test
  @DisplayName("without settings, neither adapter is created")
  void nothing_without_settings() {
    assertThat(discover(Map.of())).isEmpty();
  }

  @Test
  @DisplayName("a webhook secret creates the webhook adapter with the given egress rules")
  void webhook_from_settings() {
    List<ChannelAdapter> found =
        discover(
            Map.of(
                "communicable.webhook.secret",
                WebhookAdapterTest.SECRET + ", " + WebhookAdapterTest.OLD_SECRET,
                "communicable.webhook.allow",
                "10.0.0.0/8, hooks.internal",
                "communicable.webhook.request-timeout",
                "PT20S",
                "communicable.webhook.connect-timeout",
                "3"));
    try {
      assertThat(found)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.channel()).isEqualTo(ChannelType.WEBHOOK);
                assertThat(a.provider()).isEqualTo("webhook");
                a.validateAddress("https://10.1.2.3/hook");
                assertThat(a.toString())
                    .contains(
                        "secrets=2 (hidden)",
                        "allowedNetworks=[10.0.0.0/8]",
                        "requestTimeout=PT20S")
                    .doesNotContain("MfKQ9r8");
              });
    } finally {
      closeAll(found);
    }
  }

  @Test
  @DisplayName("a wrong setting is refused naming the setting, never echoing a secret")
  void wrong_settings_are_named() {
    assertThatThrownBy(() -> discover(Map.of("communicable.webhook.secret", "whsec_c2hvcnQ=")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "communicable.webhook.secret: key must be 24 to 64 bytes after base64 decoding, was 5");
    assertThatThrownBy(
            () ->
                discover(
                    Map.of(
                        "communicable.webhook.secret",
                        WebhookAdapterTest.SECRET,
                        "communicable.webhook.request-timeout",
                        "soon")))
        .hasMessage(
            "communicable.webhook.request-timeout: must be seconds (15) or an ISO-8601 duration"
                + " (PT15S), was 'soon'");
    assertThatThrownBy(() -> discover(Map.of("communicable.chat.kind", "irc")))
        .hasMessage("communicable.chat.kind: must be one of slack, discord, teams; was 'irc'");
    assertThatThrownBy(() -> discover(Map.of("communicable.chat.enabled", "yes")))
        .hasMessage("communicable.chat.enabled: must be true or false, was 'yes'");
  }

  @Test
  @DisplayName("chat is enabled by a flag or by naming a kind")
  void chat_from_settings() {
    List<ChannelAdapter> byHost = discover(Map.of("communicable.chat.enabled", "true"));
    List<ChannelAdapter> discord = discover(Map.of("communicable.chat.kind", "Discord"));
    try {
      assertThat(byHost)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.channel()).isEqualTo(ChannelType.CHAT);
                assertThat(a.provider()).isEqualTo("chat");
              });
      assertThat(discord)
          .singleElement()
          .satisfies(a -> assertThat(a.provider()).isEqualTo("discord"));
    } finally {
      closeAll(byHost);
      closeAll(discord);
    }
  }
}
