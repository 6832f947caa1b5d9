/** Load harnesses for the durable delivery queue (PostgreSQL), with db-scheduler as the peer. */
@NullMarked
package dev.communicable.benchmarks.queue;

import org.jspecify.annotations.NullMarked;
