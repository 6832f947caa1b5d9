package dev.communicable;

import dev.communicable.channel.ChannelType;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * The trait a host application's User or Organization implements so that Communicable can reach it.
 * Implementations are read once, when a notification is sent, and copied into a {@link Recipient};
 * later changes to the host object do not affect messages already accepted.
 *
 * <pre>{@code
 * class User implements Communicable {
 *   public String communicableId() { return id.toString(); }
 *   public String tenantId() { return orgId; }
 *   public Map<ChannelType, String> contactPoints() {
 *     return Map.of(ChannelType.EMAIL, email, ChannelType.SMS, phone);
 *   }
 * }
 * }</pre>
 */
public interface Communicable {

  /** The host's stable identifier for this recipient, unique within its tenant. */
  String communicableId();

  /** The tenant (organization, workspace, account) this recipient belongs to. */
  String tenantId();

  /**
   * Where this recipient can be reached, per channel: an email address, an E.164 phone number, a
   * webhook URL, a chat webhook. The in-app channel needs no contact point. Push device tokens live
   * in the device registry rather than here.
   */
  Map<ChannelType, String> contactPoints();

  /** The language content is rendered in; templates fall back from {@code fr-CA} to {@code fr}. */
  default Locale locale() {
    return Locale.ENGLISH;
  }

  /** The recipient's own time zone, in which quiet hours are read. Defaults to UTC. */
  default ZoneId timeZone() {
    return ZoneOffset.UTC;
  }
}
