/**
 * Service provider interfaces that stores, throttlers and event buses implement; the testkit checks
 * them.
 */
package dev.communicable.spi;
