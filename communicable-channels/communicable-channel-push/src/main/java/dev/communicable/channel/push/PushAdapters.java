package dev.communicable.channel.push;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.ProviderHttp;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the push {@link ChannelAdapter}: one adapter for {@link
 * dev.communicable.channel.ChannelType#PUSH} that sends each delivery to FCM, APNs or a Web Push
 * service according to its address, {@code "fcm:<registration token>"}, {@code "apns:<device
 * token>"} or {@code "webpush:<subscription JSON>"} (what {@code Device.address()} gives).
 *
 * <pre>{@code
 * ChannelAdapter push = PushAdapters.builder()
 *     .fcm(FcmConfig.builder().serviceAccountFile(Path.of("firebase.json")).build())
 *     .apns(ApnsConfig.builder().signingKeyFile(Path.of("AuthKey.p8"))
 *         .keyId("ABC123DEFG").teamId("DEF123GHIJ").topic("com.example.app").build())
 *     .build();
 * }</pre>
 *
 * <p>Every platform is optional; a delivery to an unconfigured one fails permanently with code
 * {@code platform_not_configured}. A token the provider reports dead fails with {@link
 * dev.communicable.channel.SendResult#ADDRESS_REVOKED}, so the engine deactivates the device.
 */
public final class PushAdapters {
  private PushAdapters() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds the push adapter; at least one platform is required. */
  public static final class Builder {
    private @Nullable FcmConfig fcm;
    private @Nullable ApnsConfig apns;
    private @Nullable WebPushConfig webPush;
    private HttpSettings http = HttpSettings.defaults();
    private @Nullable HttpClient httpClient;

    private Builder() {}

    /** Enables FCM. Default: disabled. */
    public Builder fcm(FcmConfig fcm) {
      this.fcm = Arguments.notNull("fcm", fcm);
      return this;
    }

    /** Enables APNs. Default: disabled. */
    public Builder apns(ApnsConfig apns) {
      this.apns = Arguments.notNull("apns", apns);
      return this;
    }

    /** Enables Web Push. Default: disabled. */
    public Builder webPush(WebPushConfig webPush) {
      this.webPush = Arguments.notNull("webPush", webPush);
      return this;
    }

    /**
     * The timeouts of every platform, and the clock of every time decision (token lifetimes,
     * expirations, {@code Retry-After} dates). Default: {@link HttpSettings#defaults()}, 5 seconds
     * to connect and 30 seconds per request. A base URL does not apply (FCM has {@link
     * FcmConfig.Builder#apiBaseUri}, APNs {@link ApnsConfig.Builder#server}, Web Push the
     * subscription's endpoint) and is refused.
     */
    public Builder http(HttpSettings http) {
      Arguments.notNull("http", http);
      Arguments.check(
          http.baseUrl().isEmpty(),
          "baseUrl",
          "does not apply: each platform names its own server, was " + http.baseUrl().orElse(null));
      this.http = http;
      return this;
    }

    /**
     * The HTTP client for FCM and Web Push (to use a proxy or a custom trust store); the caller
     * owns it. Default: one made and owned by the adapter, with the connect timeout of {@link
     * #http} and named threads that {@code close()} stops.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Arguments.notNull("httpClient", httpClient);
      return this;
    }

    /**
     * The adapter.
     *
     * @throws InvalidRequestException when no platform is configured
     */
    public ChannelAdapter build() {
      Arguments.check(
          fcm != null || apns != null || webPush != null,
          "platforms",
          "configure at least one of fcm, apns and webPush");
      ProviderHttp client = null;
      if (fcm != null || webPush != null) {
        ProviderHttp.Builder builder = ProviderHttp.builder(PushRouter.PROVIDER).http(http);
        if (httpClient != null) {
          builder.client(httpClient);
        }
        client = builder.build();
      }
      List<PlatformSender> senders = new ArrayList<>();
      if (fcm != null) {
        senders.add(new FcmSender(fcm, client));
      }
      if (webPush != null) {
        senders.add(new WebPushSender(webPush, client, http.clock()));
      }
      if (apns != null) {
        senders.add(new ApnsSender(apns, http));
      }
      return new PushRouter(senders, client);
    }
  }
}
