package dev.communicable.campaign.internal;

import dev.communicable.Arguments;
import dev.communicable.CommunicationException;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.campaign.Audience;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignProgress;
import dev.communicable.campaign.CampaignState;
import dev.communicable.campaign.Campaigns;
import dev.communicable.campaign.IllegalCampaignStateException;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.CampaignPage;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.StoredCampaign;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Campaigns} facade: the registered audiences, the moves people make (start, pause,
 * resume, cancel; each one version-guarded write, tried again on a lost race), and progress. The
 * pages themselves are queued by the {@link CampaignRunner} it makes.
 */
public final class CampaignService implements Campaigns {
  /** How many times a move is tried against concurrent writers before giving up. */
  private static final int MAX_TRIES = 20;

  /** Pages whose messages one step of a cancellation reads. */
  private static final int CANCEL_PAGES = 100;

  /** The moves people make: from which states each is allowed (the runner's own are in it). */
  private static final Map<String, Set<CampaignState>> ALLOWED =
      Map.of(
          "start", EnumSet.of(CampaignState.DRAFT),
          "pause", EnumSet.of(CampaignState.RUNNING),
          "resume", EnumSet.of(CampaignState.PAUSED, CampaignState.STOPPED_ON_ERROR),
          "cancel",
              EnumSet.of(
                  CampaignState.DRAFT,
                  CampaignState.RUNNING,
                  CampaignState.PAUSED,
                  CampaignState.STOPPED_ON_ERROR));

  private final CampaignStore store;
  private final CampaignSender sender;
  private final Clock clock;
  private final Runnable wake;
  private final Map<String, Audience> audiences = new ConcurrentHashMap<>();
  private final CampaignRunner runner;

  /**
   * @param owner this node's name in campaign leases
   * @param lease how long a runner holds a campaign while it queues a page
   * @param wake tells the orchestrator that a page may be due now
   */
  public CampaignService(
      CampaignStore store,
      CampaignSender sender,
      Clock clock,
      String owner,
      Duration lease,
      Runnable wake) {
    this.store = store;
    this.sender = sender;
    this.clock = clock;
    this.wake = wake;
    this.runner = new CampaignRunner(store, sender, audiences::get, clock, owner, lease);
  }

  /** The orchestration job that queues the pages. */
  public CampaignRunner runner() {
    return runner;
  }

  @Override
  public void register(String name, Audience audience) {
    Arguments.id("name", name, Limits.MAX_NAME_LENGTH);
    audiences.put(name, Arguments.notNull("audience", audience));
    wake.run();
  }

  @Override
  public CampaignProgress create(Campaign campaign) {
    Arguments.notNull("campaign", campaign);
    requireAudience(campaign);
    StoredCampaign draft = StoredCampaign.draft(campaign, clock.instant());
    if (!store.create(draft)) {
      throw new InvalidRequestException(
          "id",
          "campaign '"
              + campaign.id()
              + "' already exists in tenant '"
              + campaign.tenantId()
              + "'");
    }
    return progress(draft);
  }

  private void requireAudience(Campaign campaign) {
    if (!audiences.containsKey(campaign.audience())) {
      throw new InvalidRequestException(
          "audience",
          "no audience named '"
              + campaign.audience()
              + "' is registered; register it with campaigns().register(name, audience)");
    }
  }

  @Override
  public CampaignProgress start(String tenantId, String campaignId) {
    StoredCampaign current = require(tenantId, campaignId);
    requireAudience(current.campaign());
    String template = current.campaign().templateId().orElse(null);
    if (template != null && !sender.templateExists(tenantId, template)) {
      throw new NotFoundException(tenantId, "template", template);
    }
    StoredCampaign started =
        move(
            tenantId,
            campaignId,
            "start",
            (c, now) ->
                c.moved(
                    CampaignState.RUNNING,
                    now,
                    c.campaign().ratePerSecond().isPresent() ? now : null,
                    null,
                    now,
                    null,
                    now));
    wake.run();
    return progress(started);
  }

  @Override
  public CampaignProgress pause(String tenantId, String campaignId) {
    return progress(
        move(
            tenantId,
            campaignId,
            "pause",
            (c, now) ->
                c.moved(CampaignState.PAUSED, null, c.sendAt(), null, c.startedAt(), null, now)));
  }

  @Override
  public CampaignProgress resume(String tenantId, String campaignId) {
    StoredCampaign current = require(tenantId, campaignId);
    requireAudience(current.campaign());
    StoredCampaign resumed =
        move(
            tenantId,
            campaignId,
            "resume",
            (c, now) ->
                c.moved(
                    CampaignState.RUNNING,
                    now,
                    c.sendAt() == null || c.sendAt().isBefore(now) ? pacedFrom(c, now) : c.sendAt(),
                    null,
                    c.startedAt(),
                    null,
                    now));
    wake.run();
    return progress(resumed);
  }

  private static @Nullable Instant pacedFrom(StoredCampaign c, Instant now) {
    return c.campaign().ratePerSecond().isPresent() ? now : null;
  }

  @Override
  public CampaignProgress cancel(String tenantId, String campaignId) {
    StoredCampaign cancelled =
        move(
            tenantId,
            campaignId,
            "cancel",
            (c, now) ->
                c.moved(CampaignState.CANCELLED, null, null, null, c.startedAt(), now, now));
    cancelMessages(store, sender, tenantId, campaignId);
    return progress(cancelled);
  }

  /** Cancels the deliveries not yet sent of every message the campaign's pages queued. */
  static int cancelMessages(
      CampaignStore store, CampaignSender sender, String tenantId, String campaignId) {
    int cancelled = 0;
    long from = 0;
    while (true) {
      List<CampaignPage> pages = store.pages(tenantId, campaignId, from, CANCEL_PAGES);
      for (CampaignPage page : pages) {
        for (MessageId id : page.messageIds()) {
          cancelled += sender.cancel(tenantId, id);
        }
        from = page.number() + 1;
      }
      if (pages.size() < CANCEL_PAGES) {
        return cancelled;
      }
    }
  }

  @Override
  public CampaignProgress get(String tenantId, String campaignId) {
    return progress(require(tenantId, campaignId));
  }

  @Override
  public Campaign definition(String tenantId, String campaignId) {
    return require(tenantId, campaignId).campaign();
  }

  @Override
  public List<CampaignProgress> list(String tenantId, @Nullable String afterId, int limit) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    if (afterId != null) {
      Arguments.id("afterId", afterId, Campaign.MAX_ID_LENGTH);
    }
    Arguments.between("limit", limit, 1, MAX_LIST);
    List<CampaignProgress> out = new ArrayList<>();
    for (StoredCampaign c : store.list(tenantId, afterId, limit)) {
      out.add(progress(c));
    }
    return out;
  }

  private StoredCampaign require(String tenantId, String campaignId) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    Arguments.id("campaignId", campaignId, Campaign.MAX_ID_LENGTH);
    return store
        .find(tenantId, campaignId)
        .orElseThrow(() -> new NotFoundException(tenantId, "campaign", campaignId));
  }

  private interface Move {
    StoredCampaign apply(StoredCampaign current, Instant now);
  }

  /** Reads, checks the move against {@link #ALLOWED} and writes it, guarded by the version. */
  private StoredCampaign move(String tenantId, String campaignId, String action, Move move) {
    for (int i = 0; i < MAX_TRIES; i++) {
      StoredCampaign current = require(tenantId, campaignId);
      if (!ALLOWED.get(action).contains(current.state())) {
        throw new IllegalCampaignStateException(tenantId, campaignId, current.state(), action);
      }
      StoredCampaign next = move.apply(current, clock.instant());
      if (store.update(next)) {
        return next;
      }
    }
    throw new CommunicationException(
        "campaign '" + campaignId + "' kept changing while trying to " + action + " it; try again");
  }

  private CampaignProgress progress(StoredCampaign c) {
    Map<DeliveryState, Long> counts =
        c.state() == CampaignState.DRAFT ? Map.of() : store.deliveryCounts(c.tenantId(), c.id());
    return new CampaignProgress(
        c.tenantId(),
        c.id(),
        c.state(),
        c.recipients(),
        c.skipped(),
        c.nextPage(),
        sum(counts, DeliveryState.QUEUED, DeliveryState.SENDING),
        sum(counts, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ),
        sum(counts, DeliveryState.FAILED, DeliveryState.DEAD_LETTERED, DeliveryState.EXPIRED),
        sum(counts, DeliveryState.SUPPRESSED),
        sum(counts, DeliveryState.CANCELLED),
        c.error(),
        c.startedAt(),
        c.finishedAt());
  }

  private static long sum(Map<DeliveryState, Long> counts, DeliveryState... states) {
    long total = 0;
    for (DeliveryState s : states) {
      total += counts.getOrDefault(s, 0L);
    }
    return total;
  }
}
