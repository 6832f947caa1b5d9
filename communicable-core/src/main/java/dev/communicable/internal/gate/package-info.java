/**
 * The gates a claimed delivery passes before it is sent, each deciding on its own whether the
 * delivery goes on, waits, or ends here. Not API: may change in any release without notice.
 */
@NullMarked
package dev.communicable.internal.gate;

import org.jspecify.annotations.NullMarked;
