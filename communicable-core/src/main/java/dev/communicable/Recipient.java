package dev.communicable;

import dev.communicable.channel.ChannelType;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a {@link Communicable}, taken when a notification is accepted. This is
 * what stores persist and what the dispatcher routes on.
 *
 * @param id the host's identifier of the recipient
 * @param tenantId the recipient's tenant
 * @param contactPoints address per channel
 * @param locale the language to render in
 * @param timeZone the zone quiet hours are read in
 */
public record Recipient(
    String id,
    String tenantId,
    Map<ChannelType, String> contactPoints,
    Locale locale,
    ZoneId timeZone)
    implements Communicable {

  public Recipient {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    contactPoints = Map.copyOf(Objects.requireNonNull(contactPoints, "contactPoints"));
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(timeZone, "timeZone");
  }

  /** Copies what the host object says now. */
  public static Recipient of(Communicable who) {
    if (who instanceof Recipient r) {
      return r;
    }
    return new Recipient(
        who.communicableId(), who.tenantId(), who.contactPoints(), who.locale(), who.timeZone());
  }

  /** The address on {@code channel}, if the recipient has one. */
  public Optional<String> address(ChannelType channel) {
    return Optional.ofNullable(contactPoints.get(channel));
  }

  @Override
  public String communicableId() {
    return id;
  }
}
