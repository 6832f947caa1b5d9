/**
 * Runnable programs that show Communicable at work. Start with {@link
 * dev.communicable.examples.Quickstart}.
 */
package dev.communicable.examples;
