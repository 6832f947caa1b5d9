package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link ChannelAdapter}, for every adapter. Extend it in a test that starts a
 * stand-in for the provider (a local HTTP server on port 0, a GreenMail SMTP server...) and answer
 * four questions:
 *
 * <ul>
 *   <li>{@link #adapter()}: the adapter under test, pointed at the stand-in; called once per test
 *       and closed after it.
 *   <li>{@link #validMessage()}: a message the stand-in accepts; a fresh one (new delivery id) on
 *       each call. {@link #message(ChannelType, String, Content)} builds one.
 *   <li>{@link #messageWithInvalidAddress()}: a message the adapter must refuse before calling the
 *       provider (a malformed e-mail address, a number that is not E.164, a non-HTTPS URL).
 *   <li>{@link #providerCalls()}: how many requests the stand-in has received so far.
 * </ul>
 *
 * <p>Where the provider de-duplicates by a key (an {@code Idempotency-Key} header, a message id),
 * also override {@link #idempotencyKeysReceived()} to return the keys the stand-in saw, in order.
 *
 * <p>With {@link dev.communicable.testkit.http.ProviderStub} as the stand-in, for an adapter of
 * your own ({@code NtfyAdapter}, posting to {@code <base>/<topic>}), the whole test reads (it is
 * kept compiling and passing in this module's tests):
 *
 * <pre>{@code
 * class NtfyAdapterContractTest extends ChannelAdapterContract {
 *   private final ProviderStub ntfy = ProviderStub.start().answerAlways(200, "");
 *
 *   @AfterEach
 *   void stopStub() {
 *     ntfy.close();
 *   }
 *
 *   @Override
 *   protected ChannelAdapter adapter() {
 *     return new NtfyAdapter(URI.create(ntfy.baseUrl()));
 *   }
 *
 *   @Override
 *   protected OutboundMessage validMessage() {
 *     return message(ChannelType.of("ntfy"), "deploys", Content.text("v1.2 is live"));
 *   }
 *
 *   @Override
 *   protected OutboundMessage messageWithInvalidAddress() {
 *     return message(ChannelType.of("ntfy"), "not a topic!", Content.text("v1.2 is live"));
 *   }
 *
 *   @Override
 *   protected int providerCalls() {
 *     return ntfy.requestCount();
 *   }
 * }
 * }</pre>
 */
public abstract class ChannelAdapterContract {

  /** The adapter under test, made by {@link #adapter()} before each test. */
  protected @Nullable ChannelAdapter adapter;

  /** The adapter under test, pointed at the provider stand-in. Called once before each test. */
  protected abstract ChannelAdapter adapter();

  /** A message the stand-in accepts; a fresh delivery id on each call. */
  protected abstract OutboundMessage validMessage();

  /** A message whose address the adapter refuses without calling the provider. */
  protected abstract OutboundMessage messageWithInvalidAddress();

  /** How many requests the provider stand-in has received since the test began. */
  protected abstract int providerCalls();

  /**
   * The idempotency keys the stand-in received, in order, when the provider supports
   * de-duplication; empty (the default) when it does not, which skips that check.
   */
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.empty();
  }

  /** How many sends the concurrency check makes from each of its 8 threads. Default: 5. */
  protected int sendsPerThread() {
    return 5;
  }

  @BeforeEach
  final void setUpAdapter() {
    adapter = adapter();
  }

  @AfterEach
  final void tearDownAdapter() {
    if (adapter != null) {
      adapter.close();
    }
  }

  /**
   * A first-attempt message on {@code channel} to {@code address}, with a fresh delivery id (also
   * its idempotency key), for tenant {@code "contract"} and recipient {@code "user-1"}.
   */
  protected static OutboundMessage message(ChannelType channel, String address, Content content) {
    return TestData.outbound(channel, address)
        .tenantId("contract")
        .content(content)
        .topic("contract-topic")
        .build();
  }

  /** The same message as a later attempt: same delivery and idempotency key. */
  protected static OutboundMessage retryOf(OutboundMessage m) {
    return m.toBuilder().attempt(m.attempt() + 1).build();
  }

  /**
   * Checks that {@code result} names a provider this adapter may answer for: not blank, and its
   * {@link ChannelAdapter#provider()} or one of its {@link ChannelAdapter#providers()} (an adapter
   * routing to several services names the one that sent the message).
   */
  protected void assertProviderOf(SendResult result) {
    assertThat(result.provider()).as("the result's provider").isNotBlank();
    Set<String> allowed = new HashSet<>(adapter.providers());
    allowed.add(adapter.provider());
    assertThat(result.provider())
        .as("the result's provider is the adapter's provider() or one of its providers()")
        .isIn(allowed);
  }

  @Test
  void names_its_channel_and_provider() {
    assertThat(adapter.channel()).isNotNull();
    assertThat(adapter.provider()).isNotBlank();
    assertThat(adapter.providers())
        .as("providers()")
        .isNotNull()
        .allSatisfy(name -> assertThat(name).isNotBlank());
    assertThat(validMessage().channel())
        .as("validMessage() is on the adapter's channel")
        .isEqualTo(adapter.channel());
  }

  @Test
  void a_valid_message_is_accepted_by_the_provider_in_one_call() {
    int before = providerCalls();

    SendResult result = adapter.send(validMessage());

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertProviderOf(result);
    assertThat(providerCalls() - before).isEqualTo(1);
  }

  @Test
  void a_valid_address_passes_early_validation() {
    assertThatCode(() -> adapter.validateAddress(validMessage().address()))
        .doesNotThrowAnyException();
  }

  @Test
  void an_invalid_address_is_refused_permanently_without_calling_the_provider() {
    OutboundMessage bad = messageWithInvalidAddress();
    int before = providerCalls();

    SendResult result = adapter.send(bad);

    assertThat(result).isInstanceOf(SendResult.Permanent.class);
    assertProviderOf(result);
    assertThat(((SendResult.Permanent) result).reason()).isNotBlank();
    assertThat(providerCalls()).isEqualTo(before);
    assertThatThrownBy(() -> adapter.validateAddress(bad.address()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @Timeout(120)
  void concurrent_sends_are_all_accepted_each_in_one_call() throws Exception {
    int threads = 8;
    int each = sendsPerThread();
    int before = providerCalls();

    List<List<SendResult>> results =
        Checks.concurrently(
            threads,
            () -> {
              List<SendResult> mine = new ArrayList<>();
              for (int i = 0; i < each; i++) {
                mine.add(adapter.send(validMessage()));
              }
              return mine;
            });

    assertThat(results.stream().flatMap(List::stream))
        .hasSize(threads * each)
        .allSatisfy(r -> assertThat(r).isInstanceOf(SendResult.Accepted.class))
        .allSatisfy(this::assertProviderOf);
    assertThat(providerCalls() - before).isEqualTo(threads * each);
  }

  @Test
  void a_retry_passes_the_same_idempotency_key_to_the_provider() {
    OutboundMessage first = validMessage();
    adapter.send(first);
    adapter.send(retryOf(first));
    OutboundMessage other = validMessage();
    adapter.send(other);

    Optional<List<String>> keys = idempotencyKeysReceived();
    assumeTrue(keys.isPresent(), "the provider does not de-duplicate");
    List<String> seen = keys.get();
    assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
    assertThat(seen.subList(seen.size() - 3, seen.size()))
        .containsExactly(first.idempotencyKey(), first.idempotencyKey(), other.idempotencyKey());
  }
}
