package dev.communicable.campaign;

import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Campaigns: create one, start it, follow its progress, pause, resume or cancel it. The engine's
 * orchestrator queues a running campaign one page at a time ({@link Campaign#pageSize()} recipients
 * read from its {@link Audience}, grouped into a few notifications with many recipients each),
 * durably: the campaign's cursor and counters are stored with each page, so a node that stops loses
 * nothing and a page read again after a crash queues nothing twice.
 *
 * <pre>{@code
 * comms.campaigns().register("newsletter-subscribers", subscribers);
 * comms.campaigns().create(spring);
 * comms.campaigns().start("acme", "spring-sale");
 * CampaignProgress p = comms.campaigns().get("acme", "spring-sale");
 * }</pre>
 */
public interface Campaigns {

  /** The most campaigns {@link #list} returns at once. */
  int MAX_LIST = 100;

  /**
   * Registers (or replaces) the audience campaigns name {@code name}. Register every audience at
   * startup, on every node: a running campaign whose audience is not registered on a node waits
   * there (it is not failed) until it is.
   *
   * @throws InvalidRequestException when the name is blank or the audience null
   */
  void register(String name, Audience audience);

  /**
   * Stores a new campaign in {@link CampaignState#DRAFT}.
   *
   * @throws InvalidRequestException when its audience is not registered ({@code audience}) or its
   *     id is already used in the tenant ({@code id}); nothing is written
   */
  CampaignProgress create(Campaign campaign);

  /**
   * Starts a DRAFT campaign: its first page is queued as soon as the orchestrator runs.
   *
   * @throws NotFoundException when there is no such campaign
   * @throws IllegalCampaignStateException when it is not a DRAFT
   * @throws InvalidRequestException when its audience is not registered, or its template does not
   *     exist ({@code template})
   */
  CampaignProgress start(String tenantId, String campaignId);

  /**
   * Pauses a RUNNING campaign after the page in progress. A page already queued ahead of its time
   * (with a send rate) still goes out; cancel to stop it.
   *
   * @throws IllegalCampaignStateException when it is not RUNNING
   */
  CampaignProgress pause(String tenantId, String campaignId);

  /**
   * Resumes a PAUSED or STOPPED_ON_ERROR campaign from its last completed page.
   *
   * @throws IllegalCampaignStateException when it is neither
   */
  CampaignProgress resume(String tenantId, String campaignId);

  /**
   * Cancels a campaign that has not finished: no more pages, and every delivery of its messages not
   * yet sent is cancelled.
   *
   * @throws IllegalCampaignStateException when it is COMPLETED or CANCELLED
   */
  CampaignProgress cancel(String tenantId, String campaignId);

  /**
   * The campaign's progress, its delivery counts read now.
   *
   * @throws NotFoundException when there is no such campaign
   */
  CampaignProgress get(String tenantId, String campaignId);

  /**
   * The campaign as created.
   *
   * @throws NotFoundException when there is no such campaign
   */
  Campaign definition(String tenantId, String campaignId);

  /**
   * The tenant's campaigns in id order, at most {@code limit} (1 to {@value #MAX_LIST}), after
   * {@code afterId} (null for the first page).
   */
  List<CampaignProgress> list(String tenantId, @Nullable String afterId, int limit);
}
