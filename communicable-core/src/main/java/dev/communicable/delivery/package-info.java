/**
 * Deliveries and their state machine: one recipient on one channel, from QUEUED to a terminal
 * state.
 */
package dev.communicable.delivery;
