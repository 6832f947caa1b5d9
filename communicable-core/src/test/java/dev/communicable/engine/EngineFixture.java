package dev.communicable.engine;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.StateChange;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.Stores;
import dev.communicable.template.Template;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An engine on in-memory stores with a settable clock, no background workers and recording adapters
 * for email, SMS and push; tests drive it with {@link Communication#dispatchDue()}.
 */
final class EngineFixture implements AutoCloseable {
  static final String TENANT = "acme";
  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  final SettableClock clock;
  final InMemoryStores memory = InMemoryStores.create();
  final WatchedDeliveryStore deliveryStore = new WatchedDeliveryStore(memory.deliveries());
  final Stores stores = Stores.from(memory).deliveries(deliveryStore).build();
  final RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
  final RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "twilio");
  final RecordingChannelAdapter push = new RecordingChannelAdapter(ChannelType.PUSH, "fcm");
  final Communication comms;

  EngineFixture() {
    this(b -> b);
  }

  /** An engine built with the fixture's defaults, then {@code customize}. */
  EngineFixture(UnaryOperator<Communication.Builder> customize) {
    this(SettableClock.of(T0), customize);
  }

  /**
   * An engine on {@code clock} (for components built before the fixture), then {@code customize}.
   */
  EngineFixture(SettableClock clock, UnaryOperator<Communication.Builder> customize) {
    this.clock = clock;
    Communication.Builder builder =
        Communication.builder()
            .stores(stores)
            .clock(clock)
            .workers(0)
            .adapter(email)
            .adapter(sms)
            .adapter(push);
    comms = customize.apply(builder).build();
  }

  static Recipient user(String id, String email, String phone) {
    return user(id, email, phone, ZoneOffset.UTC);
  }

  static Recipient user(String id, String email, String phone, ZoneId zone) {
    Map<ChannelType, String> points = new LinkedHashMap<>();
    if (email != null) {
      points.put(ChannelType.EMAIL, email);
    }
    if (phone != null) {
      points.put(ChannelType.SMS, phone);
    }
    return new Recipient(id, TENANT, points, Locale.ENGLISH, zone);
  }

  static Recipient alice() {
    return user("alice", "alice@example.com", "+14155550101");
  }

  /** Publishes a template with a variant per channel given. */
  Template publish(String id, Map<ChannelType, Content> byChannel) {
    Map<Template.Variant, Content> variants = new LinkedHashMap<>();
    byChannel.forEach((channel, content) -> variants.put(Template.Variant.of(channel), content));
    return comms.templates().publish(TENANT, id, variants, "admin");
  }

  List<Delivery> deliveries(Receipt receipt) {
    return comms.deliveries(receipt.tenantId(), receipt.messageId());
  }

  Delivery only(Receipt receipt, ChannelType channel) {
    List<Delivery> found =
        deliveries(receipt).stream().filter(d -> d.channel().equals(channel)).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + channel + " delivery, found " + found);
    }
    return found.get(0);
  }

  /** The states the delivery went through, in order, as the timeline tells them. */
  List<DeliveryState> states(Receipt receipt, Delivery delivery) {
    List<DeliveryState> states = new ArrayList<>();
    for (StateChange c : comms.timeline(receipt)) {
      if (c.deliveryId().equals(delivery.id())) {
        states.add(c.to());
      }
    }
    return states;
  }

  List<StateChange> timeline(MessageId id) {
    return comms.timeline(TENANT, id);
  }

  /** True when no enqueue ever reached the store and nothing is waiting in the queue. */
  boolean nothingStored() {
    return deliveryStore.enqueueCalls.isEmpty()
        && deliveryStore
            .claim(
                "probe", 1000, T0.plusSeconds(10 * 365 * 86400L), java.time.Duration.ofMinutes(1))
            .isEmpty();
  }

  @Override
  public void close() {
    comms.close();
  }
}
