package dev.communicable.channel.push.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.push.ApnsConfig;
import dev.communicable.channel.push.FcmConfig;
import dev.communicable.channel.push.PushAdapters;
import dev.communicable.channel.push.WebPushConfig;
import dev.communicable.channel.support.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the push adapter from settings, for {@link
 * dev.communicable.channel.ChannelAdapters#discover()}. Each platform is enabled by its settings;
 * with none set, no adapter is made.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>meaning</th></tr>
 *   <tr><td>{@code communicable.fcm.service-account-file}</td><td>path of the Firebase service
 *       account JSON; enables FCM</td></tr>
 *   <tr><td>{@code communicable.fcm.project-id}</td><td>optional; default the account's
 *       project</td></tr>
 *   <tr><td>{@code communicable.apns.key-file}</td><td>path of the .p8 signing key; enables
 *       APNs</td></tr>
 *   <tr><td>{@code communicable.apns.key-id}, {@code communicable.apns.team-id},
 *       {@code communicable.apns.topic}</td><td>required with the key file</td></tr>
 *   <tr><td>{@code communicable.apns.environment}</td><td>{@code production} (default) or
 *       {@code development}</td></tr>
 *   <tr><td>{@code communicable.webpush.vapid-public-key},
 *       {@code communicable.webpush.vapid-private-key}, {@code communicable.webpush.subject}</td>
 *       <td>base64url VAPID keys and a mailto:/https: contact; enable Web Push</td></tr>
 *   <tr><td>{@code communicable.webpush.allowed-endpoint-hosts}</td><td>optional, comma-separated
 *       push service hosts subscriptions may point at; default any https host</td></tr>
 * </table>
 */
public final class PushAdapterProvider implements ChannelAdapterProvider {

  /** For {@link java.util.ServiceLoader}. */
  public PushAdapterProvider() {}

  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    PushAdapters.Builder builder = PushAdapters.builder();
    boolean any = false;

    Settings fcmSettings = Settings.of("communicable.fcm.", lookup);
    Optional<String> serviceAccount = fcmSettings.text("service-account-file");
    if (serviceAccount.isPresent()) {
      FcmConfig.Builder fcm = FcmConfig.builder().serviceAccountFile(Path.of(serviceAccount.get()));
      fcmSettings.text("project-id").ifPresent(fcm::projectId);
      builder.fcm(fcmSettings.build(fcm::build));
      any = true;
    }

    Settings apnsSettings = Settings.of("communicable.apns.", lookup);
    Optional<String> keyFile = apnsSettings.text("key-file");
    if (keyFile.isPresent()) {
      ApnsConfig.Builder apns =
          ApnsConfig.builder()
              .signingKeyFile(Path.of(keyFile.get()))
              .keyId(required(apnsSettings, "key-id"))
              .teamId(required(apnsSettings, "team-id"))
              .topic(required(apnsSettings, "topic"));
      Optional<String> environment = apnsSettings.text("environment");
      if (environment.isPresent()) {
        switch (environment.get().toLowerCase(Locale.ROOT)) {
          case "production":
            apns.production();
            break;
          case "development":
          case "sandbox":
            apns.development();
            break;
          default:
            throw new InvalidRequestException(
                apnsSettings.name("environment"),
                "must be production or development, was '" + environment.get() + "'");
        }
      }
      builder.apns(apnsSettings.build(apns::build));
      any = true;
    }

    Settings webPushSettings = Settings.of("communicable.webpush.", lookup);
    if (webPushSettings.text("vapid-public-key").isPresent()
        || webPushSettings.text("vapid-private-key").isPresent()) {
      WebPushConfig.Builder webPush =
          WebPushConfig.builder()
              .vapidPublicKey(required(webPushSettings, "vapid-public-key"))
              .vapidPrivateKey(required(webPushSettings, "vapid-private-key"))
              .subject(required(webPushSettings, "subject"));
      List<String> hosts = webPushSettings.list("allowed-endpoint-hosts");
      if (!hosts.isEmpty()) {
        webPush.allowedEndpointHosts(hosts.toArray(String[]::new));
      }
      builder.webPush(webPushSettings.build(webPush::build));
      any = true;
    }

    return any ? Optional.of(builder.build()) : Optional.empty();
  }

  private static String required(Settings settings, String key) {
    return settings
        .text(key)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    settings.name(key), "is required with the other settings of its group"));
  }
}
