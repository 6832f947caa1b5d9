package dev.communicable.channel.push;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.memory.SettableClock;
import dev.communicable.testkit.ChannelAdapterContract;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The adapter contract with Web Push as the platform. The push service de-duplicates by the {@code
 * Topic} header, which the adapter derives from the idempotency key; the keys "received" are the
 * topics mapped back to the keys they were derived from.
 */
@Tag("integration")
class WebPushContractTest extends ChannelAdapterContract {
  private static final SettableClock CLOCK = SettableClock.of(Instant.now());
  private static final Map<String, String> keyByTopic = new ConcurrentHashMap<>();
  private static TestSupport.Tls tls;
  private static WebPushConfig config;
  private static FakePushService service;

  @BeforeAll
  static void startService() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair browser = EcKeys.generate(random);
    byte[] auth = new byte[16];
    random.nextBytes(auth);
    WebPushConfig.VapidKeys vapid = WebPushConfig.generateVapidKeys();
    tls = TestSupport.Tls.selfSigned();
    config =
        WebPushConfig.builder()
            .vapidPublicKey(vapid.publicKey())
            .vapidPrivateKey(vapid.privateKey())
            .subject("mailto:ops@shop.example")
            .build();
    service =
        new FakePushService(
            tls,
            new WebPushReceiver(browser, auth),
            vapid.publicKey(),
            "mailto:ops@shop.example",
            CLOCK);
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return PushAdapters.builder()
        .webPush(config)
        .httpClient(HttpClient.newBuilder().sslContext(tls.clientContext()).build())
        .http(HttpSettings.builder().clock(CLOCK).build())
        .build();
  }

  @Override
  protected OutboundMessage validMessage() {
    OutboundMessage message =
        message(
            ChannelType.PUSH,
            "webpush:" + service.subscription("contract"),
            Content.builder().title("Paid").text("Thanks").build());
    keyByTopic.put(PushContent.dedupeTag(message.idempotencyKey()), message.idempotencyKey());
    return message;
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.PUSH,
        "webpush:" + service.subscription("contract").replace("https://", "http://"),
        Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return service.requests.get();
  }

  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(
        service.received.stream()
            .map(r -> keyByTopic.getOrDefault(r.headers().get("Topic"), "unknown topic"))
            .toList());
  }
}
