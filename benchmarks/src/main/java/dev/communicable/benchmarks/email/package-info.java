/**
 * Load harness for the SMTP adapter: messages per second and send latency with connections kept
 * between sends against a connection per message, on a local STARTTLS + AUTH server.
 */
@NullMarked
package dev.communicable.benchmarks.email;

import org.jspecify.annotations.NullMarked;
