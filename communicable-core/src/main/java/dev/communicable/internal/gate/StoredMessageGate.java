package dev.communicable.internal.gate;

/**
 * Rejects a delivery whose message, or whose recipient in it, is no longer stored (erased, or
 * purged): there is nothing to render and no one to fall back for. The gates after this one may
 * rely on {@link Candidate#message()} and {@link Candidate#recipient()}.
 */
public final class StoredMessageGate implements Gate {

  @Override
  public GateDecision check(Candidate candidate) {
    return candidate.stored()
        ? GateDecision.proceed()
        : GateDecision.reject("its message or recipient is not stored");
  }
}
