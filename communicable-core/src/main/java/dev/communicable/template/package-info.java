/** Versioned, localized templates per channel, and the renderer SPI. */
package dev.communicable.template;
