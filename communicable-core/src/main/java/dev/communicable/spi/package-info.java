/**
 * Service provider interfaces that stores, throttlers and event buses implement; the testkit checks
 * them.
 */
@NullMarked
package dev.communicable.spi;

import org.jspecify.annotations.NullMarked;
