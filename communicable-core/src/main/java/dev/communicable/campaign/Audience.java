package dev.communicable.campaign;

import org.jspecify.annotations.Nullable;

/**
 * Who a campaign goes to: host code that streams recipients in pages, so that an audience of
 * millions is never a list in memory. Register it by name with {@link Campaigns#register(String,
 * Audience)}; a {@link Campaign} names the audience it goes to.
 *
 * <p><b>Pages must be deterministic for a cursor.</b> Asked again for the same tenant, audience
 * name, cursor and limit, an audience must answer the same recipients in the same order and the
 * same next cursor (a keyset cursor such as "the last id seen" does this; an offset over a table
 * that changes does not). The runner relies on it: a page is re-read after a crash, a lost lease, a
 * pause or an error, and its messages carry idempotency keys made from the campaign, the page
 * number and the group, so a page read again queues nothing twice only if it names the same
 * recipients. Recipients added to the host's data behind the cursor are picked up by later pages;
 * those added before it are not.
 *
 * <p>An audience that throws stops its campaign in {@link CampaignState#STOPPED_ON_ERROR} with the
 * error recorded and its cursor at the last page completed; {@link Campaigns#resume} reads that
 * page again.
 *
 * <pre>{@code
 * Audience customers = (tenantId, audience, cursor, limit) -> {
 *   List<Customer> rows = repository.customersAfter(tenantId, cursor, limit); // ORDER BY id
 *   String next = rows.size() < limit ? null : rows.get(rows.size() - 1).id();
 *   return new AudiencePage(List.copyOf(rows), next);
 * };
 * comms.campaigns().register("all-customers", customers);
 * }</pre>
 */
@FunctionalInterface
public interface Audience {

  /**
   * The page of recipients that starts at {@code cursor}.
   *
   * @param tenantId the campaign's tenant; every recipient returned must belong to it
   * @param audienceName the name the campaign gave, so that one implementation may serve several
   * @param cursor the {@link AudiencePage#nextCursor()} of the previous page, or null for the first
   * @param limit the most recipients to return (the campaign's page size)
   * @return the page; never more than {@code limit} recipients
   */
  AudiencePage page(String tenantId, String audienceName, @Nullable String cursor, int limit);
}
