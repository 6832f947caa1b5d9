/** What the harnesses share: a bounded latency histogram. */
@NullMarked
package dev.communicable.benchmarks.support;

import org.jspecify.annotations.NullMarked;
