package dev.communicable.spi;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.Message;
import java.util.List;
import java.util.Objects;

/** A message and its first deliveries, to be written together. */
public record NewMessage(Message message, List<Delivery> deliveries) {
  public NewMessage {
    Objects.requireNonNull(message, "message");
    deliveries = List.copyOf(Objects.requireNonNull(deliveries, "deliveries"));
  }
}
