package dev.communicable.channel.push;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import java.nio.file.Path;
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
  public Optional<ChannelAdapter> create(Function<String, String> settings) {
    PushAdapter.Builder builder = PushAdapter.builder();
    boolean any = false;

    String serviceAccount = setting(settings, "communicable.fcm.service-account-file");
    if (serviceAccount != null) {
      FcmConfig.Builder fcm = FcmConfig.builder().serviceAccountFile(Path.of(serviceAccount));
      String projectId = setting(settings, "communicable.fcm.project-id");
      if (projectId != null) {
        fcm.projectId(projectId);
      }
      builder.fcm(fcm.build());
      any = true;
    }

    String keyFile = setting(settings, "communicable.apns.key-file");
    if (keyFile != null) {
      ApnsConfig.Builder apns =
          ApnsConfig.builder()
              .signingKeyFile(Path.of(keyFile))
              .keyId(required(settings, "communicable.apns.key-id"))
              .teamId(required(settings, "communicable.apns.team-id"))
              .topic(required(settings, "communicable.apns.topic"));
      String environment = setting(settings, "communicable.apns.environment");
      if (environment != null) {
        switch (environment.toLowerCase(Locale.ROOT)) {
          case "production":
            apns.production();
            break;
          case "development":
          case "sandbox":
            apns.development();
            break;
          default:
            throw new InvalidRequestException(
                "communicable.apns.environment",
                "must be production or development, was '" + environment + "'");
        }
      }
      builder.apns(apns.build());
      any = true;
    }

    String vapidPublic = setting(settings, "communicable.webpush.vapid-public-key");
    String vapidPrivate = setting(settings, "communicable.webpush.vapid-private-key");
    if (vapidPublic != null || vapidPrivate != null) {
      WebPushConfig.Builder webPush =
          WebPushConfig.builder()
              .vapidPublicKey(required(settings, "communicable.webpush.vapid-public-key"))
              .vapidPrivateKey(required(settings, "communicable.webpush.vapid-private-key"))
              .subject(required(settings, "communicable.webpush.subject"));
      String hosts = setting(settings, "communicable.webpush.allowed-endpoint-hosts");
      if (hosts != null) {
        webPush.allowedEndpointHosts(hosts.split("\\s*,\\s*"));
      }
      builder.webPush(webPush.build());
      any = true;
    }

    return any ? Optional.of(builder.build()) : Optional.empty();
  }

  private static String setting(Function<String, String> settings, String name) {
    String value = settings.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String required(Function<String, String> settings, String name) {
    String value = setting(settings, name);
    if (value == null) {
      throw new InvalidRequestException(name, "is required with the other settings of its group");
    }
    return value;
  }
}
