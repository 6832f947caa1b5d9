package dev.communicable.jdbc;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.DeliveryId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An email adapter that counts sends per delivery into a map shared by every node, and can hang (as
 * a process that died mid-send would) on its n-th send until released.
 */
final class CountingAdapter implements ChannelAdapter {
  private final Map<DeliveryId, AtomicInteger> sends;
  private final int hangOnSend;
  private final AtomicInteger calls = new AtomicInteger();
  final CountDownLatch hanging = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  volatile DeliveryId inFlight;

  CountingAdapter(Map<DeliveryId, AtomicInteger> sends) {
    this(sends, 0);
  }

  CountingAdapter(Map<DeliveryId, AtomicInteger> sends, int hangOnSend) {
    this.sends = sends;
    this.hangOnSend = hangOnSend;
  }

  static Map<DeliveryId, AtomicInteger> newLedger() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public ChannelType channel() {
    return ChannelType.EMAIL;
  }

  @Override
  public String provider() {
    return "counting";
  }

  @Override
  public SendResult send(OutboundMessage message) {
    sends.computeIfAbsent(message.deliveryId(), id -> new AtomicInteger()).incrementAndGet();
    if (calls.incrementAndGet() == hangOnSend) {
      inFlight = message.deliveryId();
      hanging.countDown();
      try {
        release.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return SendResult.accepted(provider(), "p-" + message.deliveryId());
  }
}
