package dev.communicable.campaign.internal;

import dev.communicable.MessageId;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import java.util.List;

/**
 * What campaigns need of the engine: the accept path of {@code sendAll} (one store transaction per
 * call), the cancellation of a message's deliveries not yet sent, and whether a template exists.
 */
public interface CampaignSender {

  /** The most notifications one {@link #sendAll} call takes. */
  int MAX_BATCH = 1_000;

  /** Accepts the notifications in one store transaction, all or none. */
  List<Receipt> sendAll(List<Notification> notifications);

  /** Cancels every delivery of the message not yet sent; returns how many. */
  int cancel(String tenantId, MessageId messageId);

  /** Whether the tenant has a published template of this id. */
  boolean templateExists(String tenantId, String templateId);
}
