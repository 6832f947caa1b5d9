package dev.communicable;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception Communicable throws. Unchecked: callers catch the subtypes they can act
 * on; everything else is a programming or infrastructure error.
 */
public class CommunicationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommunicationException(String message) {
    super(message);
  }

  public CommunicationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
