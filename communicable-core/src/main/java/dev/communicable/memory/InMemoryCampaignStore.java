package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import dev.communicable.MessageId;
import dev.communicable.campaign.CampaignState;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.CampaignPage;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.StoredCampaign;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Campaigns in memory, counting their deliveries in the given delivery store. Thread-safe; one lock
 * stands in for a database's row locks and transactions.
 */
public final class InMemoryCampaignStore implements CampaignStore {
  private final DeliveryStore deliveries;
  private final Object lock = new Object();
  private final Map<String, NavigableMap<String, StoredCampaign>> campaigns = new TreeMap<>();
  private final Map<Key, NavigableMap<Long, CampaignPage>> pages = new java.util.HashMap<>();

  /** Final counts of settled campaigns (their pages are gone). */
  private final Map<Key, Map<DeliveryState, Long>> frozen = new java.util.HashMap<>();

  /** When {@link #settle} last visited a finished campaign it could not settle. */
  private final Map<Key, Instant> visited = new java.util.HashMap<>();

  private record Key(String tenantId, String campaignId) {}

  /** A store whose delivery counts come from {@code deliveries}. */
  public InMemoryCampaignStore(DeliveryStore deliveries) {
    this.deliveries = Arguments.notNull("deliveries", deliveries);
  }

  @Override
  public boolean create(StoredCampaign campaign) {
    Arguments.notNull("campaign", campaign);
    synchronized (lock) {
      NavigableMap<String, StoredCampaign> tenant =
          campaigns.computeIfAbsent(campaign.tenantId(), t -> new TreeMap<>());
      if (tenant.containsKey(campaign.id())) {
        return false;
      }
      tenant.put(campaign.id(), campaign);
      return true;
    }
  }

  @Override
  public Optional<StoredCampaign> find(String tenantId, String campaignId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    synchronized (lock) {
      return Optional.ofNullable(stored(tenantId, campaignId));
    }
  }

  private @Nullable StoredCampaign stored(String tenantId, String campaignId) {
    NavigableMap<String, StoredCampaign> tenant = campaigns.get(tenantId);
    return tenant == null ? null : tenant.get(campaignId);
  }

  @Override
  public List<StoredCampaign> list(String tenantId, @Nullable String afterId, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    synchronized (lock) {
      NavigableMap<String, StoredCampaign> tenant = campaigns.get(tenantId);
      if (tenant == null) {
        return List.of();
      }
      return (afterId == null ? tenant : tenant.tailMap(afterId, false))
          .values().stream().limit(limit).toList();
    }
  }

  @Override
  public boolean update(StoredCampaign next) {
    Arguments.notNull("next", next);
    synchronized (lock) {
      StoredCampaign current = stored(next.tenantId(), next.id());
      if (current == null || current.version() != next.version() - 1) {
        return false;
      }
      campaigns.get(next.tenantId()).put(next.id(), next);
      return true;
    }
  }

  @Override
  public List<StoredCampaign> claim(String owner, int limit, Instant now, Duration lease) {
    Arguments.id("owner", owner, Limits.MAX_ID_LENGTH);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    synchronized (lock) {
      List<StoredCampaign> due = new ArrayList<>();
      for (NavigableMap<String, StoredCampaign> tenant : campaigns.values()) {
        for (StoredCampaign c : tenant.values()) {
          if (c.state() == CampaignState.RUNNING
              && c.runAt() != null
              && !c.runAt().isAfter(now)
              && (c.leaseUntil() == null || c.leaseUntil().isBefore(now))) {
            due.add(c);
          }
        }
      }
      due.sort(java.util.Comparator.comparing(StoredCampaign::runAt));
      List<StoredCampaign> claimed = new ArrayList<>();
      for (StoredCampaign c : due.subList(0, Math.min(limit, due.size()))) {
        StoredCampaign leased = withLease(c, c.version() + 1, owner, now.plus(lease), now);
        campaigns.get(c.tenantId()).put(c.id(), leased);
        claimed.add(leased);
      }
      return claimed;
    }
  }

  @Override
  public boolean advance(StoredCampaign next, String owner, CampaignPage page) {
    Arguments.notNull("next", next);
    Arguments.notBlank("owner", owner);
    Arguments.notNull("page", page);
    synchronized (lock) {
      StoredCampaign current = stored(next.tenantId(), next.id());
      if (current == null
          || current.version() != next.version() - 1
          || !owner.equals(current.leaseOwner())) {
        return false;
      }
      campaigns.get(next.tenantId()).put(next.id(), next);
      pages
          .computeIfAbsent(new Key(page.tenantId(), page.campaignId()), k -> new TreeMap<>())
          .put(page.number(), page);
      return true;
    }
  }

  @Override
  public void release(String tenantId, String campaignId, String owner) {
    Arguments.notBlank("owner", owner);
    synchronized (lock) {
      StoredCampaign c = stored(tenantId, campaignId);
      if (c != null && owner.equals(c.leaseOwner())) {
        campaigns
            .get(tenantId)
            .put(campaignId, withLease(c, c.version(), null, null, c.updatedAt()));
      }
    }
  }

  @Override
  public List<CampaignPage> pages(String tenantId, String campaignId, long fromPage, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    synchronized (lock) {
      NavigableMap<Long, CampaignPage> stored = pages.get(new Key(tenantId, campaignId));
      if (stored == null) {
        return List.of();
      }
      return stored.tailMap(fromPage, true).values().stream().limit(limit).toList();
    }
  }

  @Override
  public Map<DeliveryState, Long> deliveryCounts(String tenantId, String campaignId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    List<MessageId> messages = new ArrayList<>();
    synchronized (lock) {
      Map<DeliveryState, Long> done = frozen.get(new Key(tenantId, campaignId));
      if (done != null) {
        return done;
      }
      NavigableMap<Long, CampaignPage> stored = pages.get(new Key(tenantId, campaignId));
      if (stored != null) {
        stored.values().forEach(p -> messages.addAll(p.messageIds()));
      }
    }
    Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
    for (MessageId id : messages) {
      deliveries
          .deliveries(tenantId, id)
          .forEach(d -> counts.merge(d.delivery().state(), 1L, Long::sum));
    }
    return counts;
  }

  @Override
  public int settle(Instant now, int limit) {
    Arguments.notNull("now", now);
    Arguments.between("limit", limit, 1, MAX_SETTLE_LIMIT);
    List<Key> due = new ArrayList<>();
    synchronized (lock) {
      List<Key> finished = new ArrayList<>();
      for (NavigableMap<String, StoredCampaign> tenant : campaigns.values()) {
        for (StoredCampaign c : tenant.values()) {
          Key key = new Key(c.tenantId(), c.id());
          if (finished(c.state()) && !frozen.containsKey(key)) {
            finished.add(key);
          }
        }
      }
      finished.sort(
          java.util.Comparator.comparing(
              (Key k) -> visited.get(k), java.util.Comparator.nullsFirst(Instant::compareTo)));
      due.addAll(finished.subList(0, Math.min(limit, finished.size())));
    }
    int settled = 0;
    for (Key key : due) {
      // Counted outside the lock, as deliveryCounts does; a finished campaign gains no pages.
      Map<DeliveryState, Long> counts = deliveryCounts(key.tenantId(), key.campaignId());
      synchronized (lock) {
        if (counts.containsKey(DeliveryState.QUEUED) || counts.containsKey(DeliveryState.SENDING)) {
          visited.put(key, now);
          continue;
        }
        Map<DeliveryState, Long> copy = new EnumMap<>(DeliveryState.class);
        copy.putAll(counts);
        frozen.put(key, java.util.Collections.unmodifiableMap(copy));
        pages.remove(key);
        visited.remove(key);
        settled++;
      }
    }
    return settled;
  }

  private static boolean finished(CampaignState state) {
    return state == CampaignState.COMPLETED || state == CampaignState.CANCELLED;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryCampaignStore[tenants=" + campaigns.size() + "]";
    }
  }

  /** {@code c} with its lease, version and update time replaced. */
  private static StoredCampaign withLease(
      StoredCampaign c,
      long version,
      @Nullable String owner,
      @Nullable Instant until,
      Instant updatedAt) {
    return new StoredCampaign(
        c.campaign(),
        c.state(),
        c.cursor(),
        c.nextPage(),
        c.recipients(),
        c.skipped(),
        c.error(),
        version,
        owner,
        until,
        c.runAt(),
        c.sendAt(),
        c.createdAt(),
        c.startedAt(),
        c.finishedAt(),
        updatedAt);
  }
}
