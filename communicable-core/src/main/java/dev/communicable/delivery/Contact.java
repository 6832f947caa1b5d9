package dev.communicable.delivery;

import dev.communicable.Arguments;
import dev.communicable.Limits;

/**
 * Another person an escalation goes to instead of the recipient: the recipient's contact in a role,
 * as the host's {@code ContactDirectory} named them when the escalation was planned.
 *
 * @param role the role the policy names, such as {@code "manager"}
 * @param id the host's id of the contact
 */
public record Contact(String role, String id) {

  /**
   * @throws dev.communicable.InvalidRequestException when either part is not an id (see {@link
   *     Limits})
   */
  public Contact {
    Arguments.id("contact.role", role, Limits.MAX_ID_LENGTH);
    Arguments.id("contact.id", id, Limits.MAX_ID_LENGTH);
  }

  /** How the timeline names it: {@code the manager 'm-7'}. */
  @Override
  public String toString() {
    return "the " + role + " '" + id + "'";
  }
}
