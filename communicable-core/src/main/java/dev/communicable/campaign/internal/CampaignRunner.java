package dev.communicable.campaign.internal;

import dev.communicable.Communicable;
import dev.communicable.CommunicationException;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.campaign.Audience;
import dev.communicable.campaign.AudiencePage;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignState;
import dev.communicable.channel.ChannelType;
import dev.communicable.internal.OrchestrationJob;
import dev.communicable.schedule.SendWindow;
import dev.communicable.spi.CampaignPage;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.StoredCampaign;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues running campaigns, one page per campaign per turn: claims campaigns due with a lease,
 * reads each one's next page from its audience at the stored cursor, groups the page's recipients
 * into notifications (one per time zone when the campaign has a send window, else one), sends them
 * in one store transaction with idempotency keys {@code campaign:<id>:<page>:<group>}, then records
 * the page and moves the cursor and counters on, guarded by the version and the lease.
 *
 * <p>A page read again (after a crash, a lost lease or a pause that raced the page) names the same
 * recipients in the same groups, since audiences are deterministic for a cursor, so its keys are
 * the same and it queues nothing twice.
 *
 * <p>With a send rate, page k is due at start + k * pageSize / rate: each page's notifications
 * carry that time as their {@code sendAt}, and the next page is read when this one is due (one page
 * ahead), so no thread sleeps and the pace does not drift with the runner's own delays.
 */
public final class CampaignRunner implements OrchestrationJob {
  private static final Logger log = LoggerFactory.getLogger(CampaignRunner.class);

  /** Campaigns claimed per turn, each queuing one page. */
  static final int CAMPAIGNS_PER_TURN = 4;

  /** How long a campaign whose audience is not registered on this node waits before a new look. */
  static final Duration AUDIENCE_WAIT = Duration.ofMinutes(1);

  /** The most recipients of one page left out as refused before the page stops the campaign. */
  static final int MAX_SKIPPED_PER_PAGE = 100;

  /** The longest error recorded on a stopped campaign. */
  static final int MAX_ERROR_LENGTH = 2_000;

  private static final Pattern GROUP_RECIPIENT_FIELD =
      Pattern.compile("recipients\\[(\\d+)](\\..*)?");

  private static final Pattern RECIPIENT_FIELD =
      Pattern.compile("notifications\\[(\\d+)]\\.recipients\\[(\\d+)](\\..*)?");

  private final CampaignStore store;
  private final CampaignSender sender;
  private final Function<String, @Nullable Audience> audiences;
  private final Clock clock;
  private final String owner;
  private final Duration lease;

  CampaignRunner(
      CampaignStore store,
      CampaignSender sender,
      Function<String, @Nullable Audience> audiences,
      Clock clock,
      String owner,
      Duration lease) {
    this.store = store;
    this.sender = sender;
    this.audiences = audiences;
    this.clock = clock;
    this.owner = owner;
    this.lease = lease;
  }

  @Override
  public String name() {
    return "campaign pages";
  }

  @Override
  public int runDue() {
    List<StoredCampaign> claimed = store.claim(owner, CAMPAIGNS_PER_TURN, clock.instant(), lease);
    int pages = 0;
    for (StoredCampaign campaign : claimed) {
      try {
        pages += runPage(campaign);
      } catch (RuntimeException e) {
        // A store failure: the lease runs out and the page is read again, queuing nothing twice.
        log.warn(
            "Campaign '{}' of tenant '{}': page {} failed; it will be tried again",
            campaign.id(),
            campaign.tenantId(),
            campaign.nextPage(),
            e);
      }
    }
    return pages;
  }

  /** Queues the campaign's next page; returns 1 when a page was queued or the campaign stopped. */
  private int runPage(StoredCampaign c) {
    Campaign def = c.campaign();
    Audience audience = audiences.apply(def.audience());
    Instant now = clock.instant();
    if (audience == null) {
      log.warn(
          "Campaign '{}' of tenant '{}' names audience '{}', which is not registered on this node;"
              + " looking again in {}",
          c.id(),
          c.tenantId(),
          def.audience(),
          AUDIENCE_WAIT);
      if (store.update(
          c.moved(
              c.state(), now.plus(AUDIENCE_WAIT), c.sendAt(), null, c.startedAt(), null, now))) {
        store.release(c.tenantId(), c.id(), owner);
      }
      return 0;
    }
    AudiencePage page;
    try {
      page = audience.page(c.tenantId(), def.audience(), c.cursor(), def.pageSize());
      problemWith(page, c);
    } catch (RuntimeException e) {
      stop(c, "page " + c.nextPage() + ": the audience failed: " + e, now);
      return 1;
    }
    Instant sendAt = c.sendAt() == null || c.sendAt().isBefore(now) ? now : c.sendAt();
    Groups groups = new Groups(c, page.recipients(), sendAt);
    List<MessageId> messages;
    try {
      messages = groups.send();
    } catch (CommunicationException e) {
      if (e instanceof dev.communicable.StoreException) {
        throw e;
      }
      stop(c, "page " + c.nextPage() + ": " + e.getMessage(), now);
      return 1;
    }
    boolean last = page.nextCursor() == null;
    Instant nextSendAt = null;
    Instant runAt = null;
    if (!last) {
      if (def.ratePerSecond().isPresent()) {
        long nanos = def.pageSize() * 1_000_000_000L / def.ratePerSecond().getAsInt();
        nextSendAt = sendAt.plusNanos(nanos);
        runAt = sendAt; // read page k+1 when page k is due: one page ahead of its time
      } else {
        runAt = now;
      }
    }
    StoredCampaign next =
        c.advanced(
            last ? CampaignState.COMPLETED : CampaignState.RUNNING,
            page.nextCursor(),
            page.recipients().size(),
            groups.skipped,
            runAt,
            nextSendAt,
            last ? now : null,
            now);
    CampaignPage record =
        new CampaignPage(
            c.tenantId(),
            c.id(),
            c.nextPage(),
            c.cursor(),
            page.recipients().size(),
            messages,
            now);
    if (!store.advance(next, owner, record)) {
      lostAdvance(c, messages);
      return 1;
    }
    return 1;
  }

  private static void problemWith(@Nullable AudiencePage page, StoredCampaign c) {
    if (page == null) {
      throw new IllegalStateException("it returned no page (null)");
    }
    int limit = c.campaign().pageSize();
    if (page.recipients().size() > limit) {
      throw new IllegalStateException(
          "it returned " + page.recipients().size() + " recipients, more than the limit " + limit);
    }
    if (page.nextCursor() != null && page.nextCursor().equals(c.cursor())) {
      throw new IllegalStateException(
          "its next cursor is the cursor it was asked for, which would read the page forever");
    }
  }

  /**
   * The version or the lease moved on while the page was queued: someone paused or cancelled the
   * campaign, or another runner took it over. The page stays unrecorded here; if the campaign goes
   * on, the page is read again and its keys make it queue nothing twice. If it was cancelled, the
   * messages just queued are cancelled too, since the cancellation did not see them.
   */
  private void lostAdvance(StoredCampaign c, List<MessageId> messages) {
    StoredCampaign now = store.find(c.tenantId(), c.id()).orElse(null);
    if (now != null && now.state() == CampaignState.CANCELLED) {
      for (MessageId id : messages) {
        sender.cancel(c.tenantId(), id);
      }
    }
    store.release(c.tenantId(), c.id(), owner);
    log.info(
        "Campaign '{}' of tenant '{}' changed while page {} was queued; not recording it here",
        c.id(),
        c.tenantId(),
        c.nextPage());
  }

  private void stop(StoredCampaign c, String error, Instant now) {
    String cut = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    log.warn("Campaign '{}' of tenant '{}' stopped: {}", c.id(), c.tenantId(), cut);
    if (store.update(
        c.moved(CampaignState.STOPPED_ON_ERROR, null, c.sendAt(), cut, c.startedAt(), null, now))) {
      store.release(c.tenantId(), c.id(), owner);
    }
  }

  /** A page's recipients grouped into notifications, and what sending them skipped. */
  private final class Groups {
    private final StoredCampaign campaign;
    private final List<List<Communicable>> members = new ArrayList<>();
    private final List<Instant> sendAts = new ArrayList<>();
    int skipped;

    Groups(StoredCampaign campaign, List<Communicable> recipients, Instant sendAt) {
      this.campaign = campaign;
      SendWindow window = campaign.campaign().window().orElse(null);
      if (window == null) {
        members.add(new ArrayList<>(recipients));
        sendAts.add(sendAt);
        return;
      }
      // First appearance order: the same page always makes the same groups, so the same keys.
      Map<ZoneId, List<Communicable>> byZone = new LinkedHashMap<>();
      for (Communicable r : recipients) {
        ZoneId zone = Objects.requireNonNullElse(r.timeZone(), java.time.ZoneOffset.UTC);
        byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(r);
      }
      for (Map.Entry<ZoneId, List<Communicable>> e : byZone.entrySet()) {
        members.add(e.getValue());
        sendAts.add(window.nextOpening(sendAt, e.getKey()));
      }
    }

    /**
     * Sends the groups, {@link CampaignSender#MAX_BATCH} notifications per transaction. A recipient
     * the engine refuses (its field names the notification and the recipient) is left out and the
     * send tried again, up to {@link #MAX_SKIPPED_PER_PAGE} times; anything else refused is thrown.
     */
    List<MessageId> send() {
      List<MessageId> ids = new ArrayList<>();
      for (int from = 0; from < members.size(); from += CampaignSender.MAX_BATCH) {
        int to = Math.min(members.size(), from + CampaignSender.MAX_BATCH);
        ids.addAll(sendRange(from, to));
      }
      return ids;
    }

    private List<MessageId> sendRange(int from, int to) {
      while (true) {
        List<Notification> batch = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        int building = from;
        try {
          for (int g = from; g < to; g++) {
            if (!members.get(g).isEmpty()) {
              building = g;
              batch.add(notification(g));
              groupOf.add(g);
            }
          }
        } catch (InvalidRequestException e) {
          // Notification.build() names the recipient by its index in the group being built.
          Matcher m = GROUP_RECIPIENT_FIELD.matcher(e.field());
          if (!m.matches()) {
            throw e;
          }
          skip(building, m.group(1), e);
          continue;
        }
        if (batch.isEmpty()) {
          return List.of();
        }
        try {
          List<MessageId> ids = new ArrayList<>();
          for (Receipt r : sender.sendAll(batch)) {
            ids.add(r.messageId());
          }
          return ids;
        } catch (InvalidRequestException e) {
          Matcher m = RECIPIENT_FIELD.matcher(e.field());
          if (!m.matches()) {
            throw e;
          }
          skip(groupOf.get(Integer.parseInt(m.group(1))), m.group(2), e);
        }
      }
    }

    private void skip(int group, String index, InvalidRequestException e) {
      if (skipped >= MAX_SKIPPED_PER_PAGE) {
        throw e;
      }
      Communicable refused = members.get(group).remove(Integer.parseInt(index));
      skipped++;
      log.warn(
          "Campaign '{}' of tenant '{}', page {}: recipient '{}' left out: {}",
          campaign.id(),
          campaign.tenantId(),
          campaign.nextPage(),
          safeId(refused),
          e.getMessage());
    }

    private Notification notification(int group) {
      Campaign def = campaign.campaign();
      Notification.Builder b =
          Notification.event(def.event())
              .topic(def.topic())
              .tenant(def.tenantId())
              .template(def.templateId().orElse(null))
              .content(def.content().orElse(null))
              .data(def.data())
              .priority(def.priority())
              .sendAt(sendAts.get(group))
              // On the notification too, so that a retry or fallback later also waits for it.
              .window(def.window().orElse(null))
              .idempotencyKey("campaign:" + def.id() + ":" + campaign.nextPage() + ":" + group)
              .to(members.get(group));
      b.channels(def.channels().toArray(new ChannelType[0]));
      return b.build();
    }
  }

  private static String safeId(Communicable who) {
    try {
      return String.valueOf(who.communicableId());
    } catch (RuntimeException e) {
      return "?";
    }
  }
}
