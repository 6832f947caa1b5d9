package dev.communicable;

import java.util.Objects;
import java.util.UUID;

/** Identifies one accepted notification (a message), across all its recipients and channels. */
public record MessageId(UUID value) {
  public MessageId {
    Objects.requireNonNull(value, "value");
  }

  public static MessageId of(String text) {
    return new MessageId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
