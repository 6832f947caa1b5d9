package dev.communicable.spi;

import dev.communicable.Arguments;
import java.time.Instant;

/**
 * The hold of one worker on a SENDING delivery: no other worker claims it until the lease runs out.
 * A worker whose lease ran out may have died or hung in the middle of the send; the next claim
 * takes the delivery over (see {@link DeliveryStore#claim}).
 *
 * @param owner the worker holding it
 * @param until when the lease runs out
 */
public record Lease(String owner, Instant until) {
  /**
   * @throws dev.communicable.InvalidRequestException when {@code owner} is blank or {@code until}
   *     is null
   */
  public Lease {
    Arguments.notBlank("owner", owner);
    Arguments.notNull("until", until);
  }
}
