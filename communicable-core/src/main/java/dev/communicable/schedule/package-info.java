/**
 * Time rules for sending: {@link dev.communicable.schedule.SendWindow} (send only on these days
 * between these local times), and recurring schedules.
 */
@NullMarked
package dev.communicable.schedule;

import org.jspecify.annotations.NullMarked;
