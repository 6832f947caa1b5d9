package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A campaign as stored: its definition and where its run stands.
 *
 * @param campaign the definition
 * @param state where it stands
 * @param cursor the audience cursor the next page starts from; null for the first page
 * @param nextPage the number of the next page (0 for the first)
 * @param recipients recipients read from the audience so far
 * @param skipped recipients read but refused
 * @param error why it stopped, in STOPPED_ON_ERROR; else null
 * @param version incremented by every write; writes are guarded by it
 * @param leaseOwner the runner holding it, or null
 * @param leaseUntil until when the lease holds, or null
 * @param runAt when the next page may be taken, while RUNNING; else null
 * @param sendAt when the next page's deliveries are due (the send rate paces it); null before start
 * @param createdAt when it was created
 * @param startedAt when it was started, or null
 * @param finishedAt when it completed or was cancelled, or null
 * @param updatedAt when it was last written
 */
public record StoredCampaign(
    Campaign campaign,
    CampaignState state,
    @Nullable String cursor,
    long nextPage,
    long recipients,
    long skipped,
    @Nullable String error,
    long version,
    @Nullable String leaseOwner,
    @Nullable Instant leaseUntil,
    @Nullable Instant runAt,
    @Nullable Instant sendAt,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    Instant updatedAt) {

  public StoredCampaign {
    Arguments.notNull("campaign", campaign);
    Arguments.notNull("state", state);
    Arguments.check(nextPage >= 0, "nextPage", "must not be negative, was " + nextPage);
    Arguments.check(recipients >= 0, "recipients", "must not be negative, was " + recipients);
    Arguments.check(skipped >= 0, "skipped", "must not be negative, was " + skipped);
    Arguments.check(version >= 0, "version", "must not be negative, was " + version);
    Arguments.notNull("createdAt", createdAt);
    Arguments.notNull("updatedAt", updatedAt);
  }

  /** A new DRAFT campaign at version 0. */
  public static StoredCampaign draft(Campaign campaign, Instant now) {
    return new StoredCampaign(
        campaign,
        CampaignState.DRAFT,
        null,
        0,
        0,
        0,
        null,
        0,
        null,
        null,
        null,
        null,
        now,
        null,
        null,
        now);
  }

  public String tenantId() {
    return campaign.tenantId();
  }

  public String id() {
    return campaign.id();
  }

  /** This campaign in {@code state} at the next version, written at {@code now}. */
  public StoredCampaign moved(
      CampaignState state,
      @Nullable Instant runAt,
      @Nullable Instant sendAt,
      @Nullable String error,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt,
      Instant now) {
    return new StoredCampaign(
        campaign,
        state,
        cursor,
        nextPage,
        recipients,
        skipped,
        error,
        version + 1,
        leaseOwner,
        leaseUntil,
        runAt,
        sendAt,
        createdAt,
        startedAt,
        finishedAt,
        now);
  }

  /**
   * This campaign after a page: the cursor of the page after it, counters added, the lease let go,
   * at the next version.
   */
  public StoredCampaign advanced(
      CampaignState state,
      @Nullable String nextCursor,
      long recipientsRead,
      long recipientsSkipped,
      @Nullable Instant runAt,
      @Nullable Instant sendAt,
      @Nullable Instant finishedAt,
      Instant now) {
    return new StoredCampaign(
        campaign,
        state,
        nextCursor,
        nextPage + 1,
        recipients + recipientsRead,
        skipped + recipientsSkipped,
        null,
        version + 1,
        null,
        null,
        runAt,
        sendAt,
        createdAt,
        startedAt,
        finishedAt,
        now);
  }
}
