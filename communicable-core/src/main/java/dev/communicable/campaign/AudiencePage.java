package dev.communicable.campaign;

import dev.communicable.Arguments;
import dev.communicable.Communicable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of an {@link Audience}: some recipients, and the cursor of the page after them.
 *
 * @param recipients the recipients of this page, in the audience's order, at most the limit asked
 *     for; may be empty (a page of recipients the host filtered out) while {@code nextCursor} is
 *     set
 * @param nextCursor the opaque cursor of the next page, or null when this page is the last
 */
public record AudiencePage(List<Communicable> recipients, @Nullable String nextCursor) {
  /**
   * @throws dev.communicable.InvalidRequestException when {@code recipients} is null or holds null
   */
  public AudiencePage {
    recipients = Arguments.noNulls("recipients", recipients);
  }

  /** A page followed by the page at {@code nextCursor}. */
  public static AudiencePage of(List<? extends Communicable> recipients, String nextCursor) {
    return new AudiencePage(List.copyOf(recipients), Arguments.notNull("nextCursor", nextCursor));
  }

  /** The last page. */
  public static AudiencePage last(List<? extends Communicable> recipients) {
    return new AudiencePage(List.copyOf(recipients), null);
  }
}
