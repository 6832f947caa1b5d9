/**
 * Deliveries and their state machine: one recipient on one channel, from QUEUED to a terminal
 * state.
 */
@NullMarked
package dev.communicable.delivery;

import org.jspecify.annotations.NullMarked;
