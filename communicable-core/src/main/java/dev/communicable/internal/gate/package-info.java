/**
 * The gates a claimed delivery passes before it is sent, each deciding on its own whether the
 * delivery goes on, waits, or ends here. Not API: may change in any release without notice.
 */
package dev.communicable.internal.gate;
