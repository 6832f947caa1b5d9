/**
 * Recipients' preferences: topic x channel opt-in/out, mute, quiet hours, critical override, audit.
 */
package dev.communicable.preference;
