package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The record of one queued page of a campaign: which cursor it was read from, how many recipients
 * it held and the messages it queued (one per group of recipients).
 *
 * @param tenantId the tenant
 * @param campaignId the campaign
 * @param number the page's number, from 0
 * @param cursor the audience cursor it was read from; null for the first page
 * @param recipients how many recipients the audience returned
 * @param messageIds the messages queued for it, in group order (at most {@link #MAX_MESSAGES})
 * @param queuedAt when it was queued
 */
public record CampaignPage(
    String tenantId,
    String campaignId,
    long number,
    @Nullable String cursor,
    int recipients,
    List<MessageId> messageIds,
    Instant queuedAt) {
  /** The most messages one page may queue. */
  public static final int MAX_MESSAGES = 1_000;

  public CampaignPage {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("campaignId", campaignId);
    Arguments.check(number >= 0, "number", "must not be negative, was " + number);
    Arguments.notNegative("recipients", recipients);
    messageIds = Arguments.noNulls("messageIds", messageIds, MAX_MESSAGES);
    Arguments.notNull("queuedAt", queuedAt);
  }
}
