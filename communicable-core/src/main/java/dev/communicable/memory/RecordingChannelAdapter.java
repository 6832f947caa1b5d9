package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A channel adapter that sends nothing and remembers everything, for tests and the quickstart. By
 * default it accepts every message with a generated provider message id ({@code provider + "-" +
 * n}). It can be scripted: fail the next sends, throw, or answer with a function. It checks no
 * address unless given a rule with {@link #acceptAddresses}.
 *
 * <pre>{@code
 * RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "fake-sms");
 * sms.failNext(2, SendResult.retryable("fake-sms", "503"));
 * ... send, advance the clock, dispatchDue() ...
 * assertThat(sms.sentTo("+15551234567")).hasSize(3);
 * }</pre>
 *
 * <p>Thread-safe. It keeps the last {@link #DEFAULT_CAPACITY} messages by default.
 */
public final class RecordingChannelAdapter implements ChannelAdapter {
  /** How many sent messages are kept by default; older ones are forgotten. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final ChannelType channel;
  private final String provider;
  private final int capacity;
  private final AtomicLong ids = new AtomicLong();
  private final Deque<OutboundMessage> sent = new ArrayDeque<>();
  private final Deque<Function<OutboundMessage, SendResult>> script = new ArrayDeque<>();
  private Function<OutboundMessage, SendResult> responder;
  private Predicate<String> addressRule = address -> true;

  /** An adapter for {@code channel} answering as {@code provider}. */
  public RecordingChannelAdapter(ChannelType channel, String provider) {
    this(channel, provider, DEFAULT_CAPACITY);
  }

  /**
   * An adapter for {@code channel} answering as {@code provider}, keeping {@code capacity} sends.
   */
  public RecordingChannelAdapter(ChannelType channel, String provider, int capacity) {
    this.channel = Arguments.notNull("channel", channel);
    this.provider = Arguments.notBlank("provider", provider);
    this.capacity = Arguments.positive("capacity", capacity);
    this.responder = m -> SendResult.accepted(provider, provider + "-" + ids.incrementAndGet());
  }

  @Override
  public ChannelType channel() {
    return channel;
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * Records the message and answers it: with the next scripted outcome if any, else with the
   * responder. A message whose address breaks the {@link #acceptAddresses} rule is refused with a
   * {@link SendResult.Permanent} ({@code invalid_address}) and not recorded, as a real adapter
   * would refuse it before calling its provider.
   */
  @Override
  public SendResult send(OutboundMessage message) {
    Objects.requireNonNull(message, "message");
    Function<OutboundMessage, SendResult> answer;
    synchronized (this) {
      if (!addressRule.test(message.address())) {
        return SendResult.permanent(
            provider, "invalid_address", "address refused: '" + message.address() + "'");
      }
      if (sent.size() == capacity) {
        sent.removeFirst();
      }
      sent.addLast(message);
      answer = script.isEmpty() ? responder : script.removeFirst();
    }
    return answer.apply(message);
  }

  @Override
  public void validateAddress(String address) {
    Predicate<String> rule;
    synchronized (this) {
      rule = addressRule;
    }
    if (address == null || !rule.test(address)) {
      throw new InvalidRequestException(
          "address", "refused by " + provider + ", was '" + address + "'");
    }
  }

  /** The next {@code times} sends answer {@code result} (after any outcomes already scripted). */
  public synchronized RecordingChannelAdapter failNext(int times, SendResult result) {
    Arguments.positive("times", times);
    Arguments.notNull("result", result);
    for (int i = 0; i < times; i++) {
      script.addLast(m -> result);
    }
    return this;
  }

  /** The next send throws {@code failure} (after any outcomes already scripted). */
  public synchronized RecordingChannelAdapter throwNext(RuntimeException failure) {
    Arguments.notNull("failure", failure);
    script.addLast(
        m -> {
          throw failure;
        });
    return this;
  }

  /** Answers every unscripted send with {@code responder} instead of accepting. */
  public synchronized RecordingChannelAdapter respondWith(
      Function<OutboundMessage, SendResult> responder) {
    this.responder = Arguments.notNull("responder", responder);
    return this;
  }

  /**
   * Refuses addresses for which {@code rule} is false: {@link #validateAddress} throws and {@link
   * #send} answers {@link SendResult.Permanent}. The default accepts every address.
   */
  public synchronized RecordingChannelAdapter acceptAddresses(Predicate<String> rule) {
    this.addressRule = Arguments.notNull("rule", rule);
    return this;
  }

  /** Every recorded message, oldest first. */
  public synchronized List<OutboundMessage> sent() {
    return List.copyOf(sent);
  }

  /** The recorded messages sent to {@code address}, oldest first. */
  public synchronized List<OutboundMessage> sentTo(String address) {
    List<OutboundMessage> to = new ArrayList<>();
    for (OutboundMessage m : sent) {
      if (m.address().equals(address)) {
        to.add(m);
      }
    }
    return to;
  }

  /** Forgets the recorded messages and any scripted outcomes not yet used. */
  public synchronized void clear() {
    sent.clear();
    script.clear();
  }
}
