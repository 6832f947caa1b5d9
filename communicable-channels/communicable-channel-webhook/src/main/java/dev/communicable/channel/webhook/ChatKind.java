package dev.communicable.channel.webhook;

import dev.communicable.InvalidRequestException;
import java.util.Locale;

/** The chat services whose incoming webhooks the chat adapter speaks. */
public enum ChatKind {
  /** Slack incoming webhooks ({@code hooks.slack.com}): {@code {"text", "blocks"}}. */
  SLACK,
  /** Discord channel webhooks ({@code discord.com/api/webhooks}): {@code {"content", "embeds"}}. */
  DISCORD,
  /**
   * Microsoft Teams incoming webhooks and Workflows ("When a Teams webhook request is received"): a
   * message carrying one Adaptive Card.
   */
  TEAMS;

  /** The lower-case name, used as the provider name in send results: {@code "slack"}. */
  public String providerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind called {@code name}, ignoring case.
   *
   * @throws InvalidRequestException naming {@code field} when there is no such kind
   */
  public static ChatKind parse(String field, String name) {
    for (ChatKind kind : values()) {
      if (kind.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return kind;
      }
    }
    throw new InvalidRequestException(
        field, "must be one of slack, discord, teams; was '" + name + "'");
  }
}
