/** Versioned, localized templates per channel, and the renderer SPI. */
@NullMarked
package dev.communicable.template;

import org.jspecify.annotations.NullMarked;
