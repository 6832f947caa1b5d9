/**
 * Communicable: multi-channel notifications for the JVM. Start with {@link
 * dev.communicable.Communication#builder()}; describe recipients with {@link
 * dev.communicable.Communicable} and requests with {@link dev.communicable.Notification}.
 */
@NullMarked
package dev.communicable;

import org.jspecify.annotations.NullMarked;
