/**
 * Durable stores on PostgreSQL and H2: {@link dev.communicable.jdbc.JdbcStores} (every store and
 * the delivery queue), {@link dev.communicable.jdbc.JdbcOutbox} (send inside your own transaction)
 * and {@link dev.communicable.jdbc.Retention} (purge finished deliveries in bounded batches).
 */
@NullMarked
package dev.communicable.jdbc;

import org.jspecify.annotations.NullMarked;
