/** Load harnesses for the durable delivery queue (PostgreSQL), with db-scheduler as the peer. */
package dev.communicable.benchmarks.queue;
