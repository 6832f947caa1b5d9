/**
 * Runnable programs that show Communicable at work. Start with {@link
 * dev.communicable.examples.Quickstart}; {@link dev.communicable.examples.TransactionalOutbox}
 * queues a notification inside the application's own database transaction.
 */
@NullMarked
package dev.communicable.examples;

import org.jspecify.annotations.NullMarked;
