package dev.communicable;

/** How urgent a notification is. */
public enum Priority {
  /** The default: subject to every preference, quiet hour and throttle. */
  NORMAL,
  /** Claimed ahead of normal work; still subject to preferences and quiet hours. */
  HIGH,
  /**
   * Security alerts, outages, legal notices: bypasses quiet hours and mutes where the recipient's
   * preferences allow critical override, and is claimed first.
   */
  CRITICAL
}
