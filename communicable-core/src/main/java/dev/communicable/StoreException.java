package dev.communicable;

import org.jspecify.annotations.Nullable;

/**
 * A store could not do its work (connection lost, constraint violated, serialization failure). The
 * store implementation classifies the cause (by SQLState for JDBC) and says whether retrying the
 * same call can help.
 */
public class StoreException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  public StoreException(String message, boolean transientFailure, @Nullable Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /** True when the same call may succeed later (lost connection, serialization failure). */
  public boolean isTransient() {
    return transientFailure;
  }
}
