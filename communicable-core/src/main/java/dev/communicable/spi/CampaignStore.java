package dev.communicable.spi;

import dev.communicable.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Campaigns and the pages they queued. The campaign row carries the run's state, cursor, counters
 * and a lease for the runner; every write is guarded by the row's version. Implementations:
 * in-memory (communicable-core), PostgreSQL and H2 (communicable-jdbc); all pass {@code
 * CampaignStoreContract} in communicable-testkit.
 */
public interface CampaignStore {

  /** The most campaigns one {@link #list} or {@link #claim} call returns. */
  int MAX_LIMIT = 1_000;

  /**
   * Writes a new campaign as given (normally {@link StoredCampaign#draft}).
   *
   * @return false, writing nothing, when the tenant already has a campaign with its id
   */
  boolean create(StoredCampaign campaign);

  /** The campaign, if it exists in the tenant. */
  Optional<StoredCampaign> find(String tenantId, String campaignId);

  /**
   * The tenant's campaigns in id order after {@code afterId} (null: from the first), at most {@code
   * limit}.
   */
  List<StoredCampaign> list(String tenantId, @Nullable String afterId, int limit);

  /**
   * Writes {@code next} if the stored version is {@code next.version() - 1}.
   *
   * @return false, writing nothing, when another writer got there first (or it does not exist)
   */
  boolean update(StoredCampaign next);

  /**
   * Leases up to {@code limit} campaigns to {@code owner} until {@code now + lease}: those RUNNING
   * whose {@code runAt} is at or before {@code now} and whose lease is free or ran out. Each is
   * returned as written (lease set, version incremented). Two claimers never get the same campaign
   * while its lease holds (on PostgreSQL, {@code FOR UPDATE SKIP LOCKED}).
   */
  List<StoredCampaign> claim(String owner, int limit, Instant now, Duration lease);

  /**
   * Records {@code page} and writes {@code next} in one transaction, if the stored version is
   * {@code next.version() - 1} and the stored lease owner is {@code owner}. A page of the same
   * number already recorded is replaced (a page read again after a lost lease).
   *
   * @return false, writing nothing, when the version moved on or the lease passed to another
   */
  boolean advance(StoredCampaign next, String owner, CampaignPage page);

  /**
   * Lets go of the lease {@code owner} holds on the campaign, whatever its version (the version is
   * not changed); nothing when another holds it.
   */
  void release(String tenantId, String campaignId, String owner);

  /** The campaign's pages from number {@code fromPage} on, in order, at most {@code limit}. */
  List<CampaignPage> pages(String tenantId, String campaignId, long fromPage, int limit);

  /**
   * How many deliveries of the messages the campaign's pages queued are in each state, counted by
   * the store (a grouped query, not a list in memory). States with none are left out. Once the
   * campaign is settled (see {@link #settle}), these are the counts frozen on the campaign then,
   * whatever has since become of the deliveries and the page records.
   */
  Map<DeliveryState, Long> deliveryCounts(String tenantId, String campaignId);

  /** The most campaigns one {@link #settle} call visits. */
  int MAX_SETTLE_LIMIT = 100;

  /**
   * Settles finished campaigns, so that neither their counts decay as deliveries are purged nor
   * their page records pile up. Visits at most {@code limit} campaigns COMPLETED or CANCELLED whose
   * page records are not yet all gone, those visited longest ago first; for each, in short
   * transactions of its own:
   *
   * <ul>
   *   <li>if its counts are not yet frozen and none of its deliveries is QUEUED or SENDING (one
   *       grouped count), freezes those counts on the campaign row (from then on {@link
   *       #deliveryCounts} returns them); with deliveries still pending, it is left as it is, to be
   *       visited again;
   *   <li>once frozen, deletes its page and message records in bounded chunks (a campaign with very
   *       many may take several calls).
   * </ul>
   *
   * Campaigns in any other state (DRAFT, RUNNING, PAUSED, STOPPED_ON_ERROR) are never touched. The
   * campaign row itself is kept.
   *
   * @param now when the call is made (recorded as the time of the visit)
   * @param limit the most campaigns to visit, 1 to {@link #MAX_SETTLE_LIMIT}
   * @return how many campaigns it froze or finished clearing, each counted once (a sweep calls
   *     again while this is {@code limit})
   */
  int settle(Instant now, int limit);
}
