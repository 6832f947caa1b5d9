package dev.communicable.delivery;

import java.util.Objects;
import java.util.UUID;

/** Identifies one delivery: one recipient on one channel step of one message. */
public record DeliveryId(UUID value) {
  public DeliveryId {
    Objects.requireNonNull(value, "value");
  }

  public static DeliveryId of(String text) {
    return new DeliveryId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
