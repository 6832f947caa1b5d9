package dev.communicable.spi;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Outbox#enqueue} did with one message.
 *
 * @param messageId the stored message: the new one, or the earlier one with the same idempotency
 *     key
 * @param deliveryIds its deliveries as first written
 * @param duplicate true when nothing was written because the key was already used
 * @param contentDiffered true for a duplicate whose message's {@linkplain
 *     dev.communicable.delivery.Message#contentDigest() digest} differs from the stored message's:
 *     the key was reused for something else. False when not a duplicate, when the digests match, or
 *     when either is not recorded
 */
public record EnqueueOutcome(
    MessageId messageId, List<DeliveryId> deliveryIds, boolean duplicate, boolean contentDiffered) {
  public EnqueueOutcome {
    Objects.requireNonNull(messageId, "messageId");
    deliveryIds = List.copyOf(Objects.requireNonNull(deliveryIds, "deliveryIds"));
    if (contentDiffered && !duplicate) {
      throw new IllegalArgumentException("contentDiffered: only a duplicate can differ");
    }
  }

  /** An outcome that reports no difference in content. */
  public EnqueueOutcome(MessageId messageId, List<DeliveryId> deliveryIds, boolean duplicate) {
    this(messageId, deliveryIds, duplicate, false);
  }

  /**
   * The outcome of a message whose idempotency key was already used by {@code earlier}.
   *
   * @param storedDigest the digest stored with the earlier message, or null
   * @param newDigest the digest of the message now refused, or null
   */
  public static EnqueueOutcome duplicateOf(
      EnqueueOutcome earlier, @Nullable String storedDigest, @Nullable String newDigest) {
    boolean differed = storedDigest != null && newDigest != null && !storedDigest.equals(newDigest);
    return new EnqueueOutcome(earlier.messageId(), earlier.deliveryIds(), true, differed);
  }
}
