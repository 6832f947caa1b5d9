/** The push device registry. */
@NullMarked
package dev.communicable.device;

import org.jspecify.annotations.NullMarked;
