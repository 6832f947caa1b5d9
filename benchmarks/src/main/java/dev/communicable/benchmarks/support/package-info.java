/** What the harnesses share: a bounded latency histogram. */
package dev.communicable.benchmarks.support;
