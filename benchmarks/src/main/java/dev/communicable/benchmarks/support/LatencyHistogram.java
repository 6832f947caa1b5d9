package dev.communicable.benchmarks.support;

/**
 * Latencies in logarithmic buckets 1% wide, from 1 microsecond to hours: a fixed few kilobytes per
 * recording thread, however long the run.
 */
public final class LatencyHistogram {
  private static final double GROWTH = Math.log(1.01);
  private static final int BUCKETS = 2_400;

  private final long[] counts = new long[BUCKETS];
  private long total;

  public void record(long nanos) {
    double micros = Math.max(1.0, nanos / 1_000.0);
    int bucket = (int) Math.min(BUCKETS - 1, Math.log(micros) / GROWTH);
    counts[bucket]++;
    total++;
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  public long count() {
    return total;
  }

  /** The latency below which {@code fraction} of the recorded ones fall, in microseconds. */
  public double percentileMicros(double fraction) {
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank && counts[i] > 0) {
        return Math.exp((i + 1) * GROWTH); // the bucket's upper bound
      }
    }
    return 0;
  }
}
