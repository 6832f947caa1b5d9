/**
 * Runnable programs that show Communicable at work. Start with {@link
 * dev.communicable.examples.Quickstart}; {@link dev.communicable.examples.TransactionalOutbox}
 * queues a notification inside the application's own database transaction.
 */
package dev.communicable.examples;
