/**
 * In-memory implementations of every SPI: fast, faithful fakes for tests and single-process use.
 */
package dev.communicable.memory;
