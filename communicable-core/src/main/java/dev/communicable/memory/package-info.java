/**
 * In-memory implementations of every SPI: fast, faithful fakes for tests and single-process use.
 */
@NullMarked
package dev.communicable.memory;

import org.jspecify.annotations.NullMarked;
