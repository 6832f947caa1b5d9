/** The in-app inbox. */
@NullMarked
package dev.communicable.inbox;

import org.jspecify.annotations.NullMarked;
