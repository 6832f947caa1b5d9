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
   * the store (a grouped query, not a list in memory). States with none are left out.
   */
  Map<DeliveryState, Long> deliveryCounts(String tenantId, String campaignId);
}
