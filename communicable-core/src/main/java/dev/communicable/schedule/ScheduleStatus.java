package dev.communicable.schedule;

/** Where a saved schedule stands. */
public enum ScheduleStatus {
  /** Fires at its next run time. */
  ACTIVE,
  /** Fires no more until resumed; the firings it would have made meanwhile are not made later. */
  PAUSED,
  /** Past its end time (or with no firing left): fires no more. */
  FINISHED
}
