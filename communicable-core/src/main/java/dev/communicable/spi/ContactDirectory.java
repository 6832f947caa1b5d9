package dev.communicable.spi;

import dev.communicable.Communicable;
import java.util.Optional;

/**
 * Who else to tell about a recipient's message: the host's answer to "the manager of technician
 * t-17", used by escalations to another contact ({@code Escalation.ifUnread(Duration.ofMinutes(15),
 * ChannelType.SMS).toContact("manager")}). The host owns its organisation chart; the library asks,
 * and keeps no copy beyond the escalation it plans.
 *
 * <p>Asked once per escalation to a contact, when the recipient's first channel has sent the
 * message, on a worker's thread: an implementation reading a database should answer quickly. The
 * answer is stored with the escalation (the contact's address on the channel, locale and zone), so
 * a later change in the directory does not move an escalation already planned. Empty (no such
 * contact), a contact of another tenant, and an answer that throws each leave the escalation
 * suppressed, with the reason in the message's timeline; the send that was made stands.
 */
@FunctionalInterface
public interface ContactDirectory {

  /**
   * The contact of {@code recipientId} in {@code role} (such as {@code "manager"}), or empty when
   * they have none.
   */
  Optional<Communicable> contact(String tenantId, String recipientId, String role);

  /** No contacts: every escalation to a contact is suppressed. The default. */
  static ContactDirectory none() {
    return (tenantId, recipientId, role) -> Optional.empty();
  }
}
