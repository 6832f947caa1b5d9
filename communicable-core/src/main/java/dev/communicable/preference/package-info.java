/**
 * Recipients' preferences: topic x channel opt-in/out, mute, quiet hours, critical override, audit.
 */
@NullMarked
package dev.communicable.preference;

import org.jspecify.annotations.NullMarked;
