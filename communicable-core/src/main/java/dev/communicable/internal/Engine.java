package dev.communicable.internal;

import dev.communicable.Communication;

/** The engine behind {@link Communication}. */
public final class Engine {
  private Engine() {}

  /** Builds the engine and starts its workers. */
  public static Communication start(EngineSettings settings) {
    throw new UnsupportedOperationException("engine under construction");
  }
}
