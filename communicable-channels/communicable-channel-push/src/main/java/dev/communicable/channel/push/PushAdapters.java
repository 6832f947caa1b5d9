package dev.communicable.channel.push;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the push {@link ChannelAdapter}: one adapter for {@link
 * dev.communicable.channel.ChannelType#PUSH} that sends each delivery to FCM, APNs or a Web Push
 * service according to its address, {@code "fcm:<registration token>"}, {@code "apns:<device
 * token>"} or {@code "webpush:<subscription JSON>"} (what {@code Device.address()} gives).
 *
 * <pre>{@code
 * ChannelAdapter push = PushAdapter.builder()
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
public final class PushAdapter {
  private PushAdapter() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds the push adapter; at least one platform is required. */
  public static final class Builder {
    private FcmConfig fcm;
    private ApnsConfig apns;
    private WebPushConfig webPush;
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /** Enables FCM. Default: disabled. */
    public Builder fcm(FcmConfig fcm) {
      this.fcm = Objects.requireNonNull(fcm, "fcm");
      return this;
    }

    /** Enables APNs. Default: disabled. */
    public Builder apns(ApnsConfig apns) {
      this.apns = Objects.requireNonNull(apns, "apns");
      return this;
    }

    /** Enables Web Push. Default: disabled. */
    public Builder webPush(WebPushConfig webPush) {
      this.webPush = Objects.requireNonNull(webPush, "webPush");
      return this;
    }

    /** The clock for token lifetimes and expirations. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The HTTP client for FCM and Web Push (to use a proxy or a custom trust store); the caller
     * owns it. Default: one made and owned by the adapter, with the connect timeout below and named
     * threads that {@code close()} stops.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The connect timeout of the adapter's own HTTP client. Default: 5 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = ConfigChecks.positive("push.connectTimeout", connectTimeout);
      return this;
    }

    /**
     * The adapter.
     *
     * @throws InvalidRequestException when no platform is configured
     */
    public ChannelAdapter build() {
      if (fcm == null && apns == null && webPush == null) {
        throw new InvalidRequestException(
            "push", "configure at least one of fcm, apns and webPush");
      }
      ProviderHttp http = null;
      if (fcm != null || webPush != null) {
        ProviderHttp.Builder builder =
            ProviderHttp.builder(PushRouter.PROVIDER).connectTimeout(connectTimeout).clock(clock);
        if (httpClient != null) {
          builder.client(httpClient);
        }
        http = builder.build();
      }
      List<PlatformSender> senders = new ArrayList<>();
      if (fcm != null) {
        senders.add(new FcmSender(fcm, http));
      }
      if (webPush != null) {
        senders.add(new WebPushSender(webPush, http, clock));
      }
      if (apns != null) {
        senders.add(new ApnsSender(apns, clock));
      }
      return new PushRouter(senders, http);
    }
  }
}
