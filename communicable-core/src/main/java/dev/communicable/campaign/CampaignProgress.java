package dev.communicable.campaign;

import dev.communicable.Arguments;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a campaign got. The recipient counts come from the campaign's own record; the delivery
 * counts are read from the deliveries of the messages it queued, grouped by state, when asked (a
 * recipient reached on two channels has two deliveries; deliveries purged by retention are no
 * longer counted).
 *
 * @param tenantId the tenant
 * @param campaignId the campaign
 * @param state where it stands
 * @param recipients recipients read from the audience so far
 * @param skipped recipients read but not queued because their request was refused (an address that
 *     is not one, a recipient of another tenant); each is logged
 * @param pages pages queued so far
 * @param queued deliveries waiting to be sent (QUEUED or SENDING)
 * @param sent deliveries sent (SENT, DELIVERED or READ)
 * @param failed deliveries that failed for good (FAILED, DEAD_LETTERED or EXPIRED)
 * @param suppressed deliveries suppressed (opted out, not permitted)
 * @param cancelled deliveries cancelled
 * @param error why the campaign stopped, in STOPPED_ON_ERROR; else null
 * @param startedAt when it was first started, or null
 * @param finishedAt when it completed or was cancelled, or null
 */
public record CampaignProgress(
    String tenantId,
    String campaignId,
    CampaignState state,
    long recipients,
    long skipped,
    long pages,
    long queued,
    long sent,
    long failed,
    long suppressed,
    long cancelled,
    @Nullable String error,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt) {

  public CampaignProgress {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("campaignId", campaignId);
    Arguments.notNull("state", state);
  }
}
