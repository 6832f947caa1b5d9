package dev.communicable.channel.push;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.testkit.ChannelAdapterContract;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The adapter contract with APNs as the platform, against pushy's MockApnsServer. The adapter sends
 * an {@code apns-id} derived from the idempotency key; the keys "received" are those ids mapped
 * back to the keys they were derived from.
 */
@Tag("integration")
class ApnsContractTest extends ChannelAdapterContract {
  private static final String TOPIC = "com.example.shop";
  private static final String KEY_ID = "KEY1234567";
  private static final String TEAM_ID = "TEAM123456";
  private static final String TOKEN = "0f".repeat(32);
  private static final AtomicInteger requests = new AtomicInteger();
  private static final List<String> apnsIds = new CopyOnWriteArrayList<>();
  private static final Map<String, String> keyByApnsId = new ConcurrentHashMap<>();
  private static TestSupport.Tls tls;
  private static KeyPair signingKeys;
  private static MockApnsServer server;
  private static int port;

  @BeforeAll
  static void startServer() throws Exception {
    tls = TestSupport.Tls.selfSigned();
    signingKeys = EcKeys.generate(new SecureRandom());
    ApnsVerificationKey key =
        new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) signingKeys.getPublic());
    ValidatingPushNotificationHandlerFactory validating =
        new ValidatingPushNotificationHandlerFactory(
            Map.of(TOPIC, Set.of(TOKEN)),
            Map.of(),
            Map.of(KEY_ID, key),
            Map.of(key, Set.of(TOPIC)));
    server =
        new MockApnsServerBuilder()
            .setServerCredentials(new X509Certificate[] {tls.certificate()}, tls.privateKey(), null)
            .setHandlerFactory(
                session -> {
                  PushNotificationHandler checks = validating.buildHandler(session);
                  return (headers, payload) -> {
                    requests.incrementAndGet();
                    apnsIds.add(String.valueOf(headers.get("apns-id")));
                    checks.handlePushNotification(headers, payload);
                  };
                })
            .build();
    port = server.start(0).get();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.shutdown().get();
  }

  @Override
  protected ChannelAdapter adapter() {
    return PushAdapters.builder()
        .apns(
            ApnsConfig.builder()
                .signingKey(TestSupport.pem("PRIVATE KEY", signingKeys.getPrivate().getEncoded()))
                .keyId(KEY_ID)
                .teamId(TEAM_ID)
                .topic(TOPIC)
                .server("localhost", port)
                .trustedServerCertificates(tls.certificate())
                .build())
        .build();
  }

  @Override
  protected OutboundMessage validMessage() {
    OutboundMessage message =
        message(
            ChannelType.PUSH,
            "apns:" + TOKEN,
            Content.builder().title("Paid").text("Thanks").build());
    String apnsId =
        UUID.nameUUIDFromBytes(message.idempotencyKey().getBytes(StandardCharsets.UTF_8))
            .toString();
    keyByApnsId.put(apnsId, message.idempotencyKey());
    return message;
  }

  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(
        apnsIds.stream().map(id -> keyByApnsId.getOrDefault(id, "unknown apns-id " + id)).toList());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.PUSH, "apns:" + TOKEN.substring(1), Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return requests.get();
  }
}
