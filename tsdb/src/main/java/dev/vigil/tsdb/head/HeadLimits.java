package dev.vigil.tsdb.head;

/**
 * Limits the head enforces when a series is created or a sample appended; 0 disables a limit.
 *
 * @param maxLabelNameLength the longest label name, in UTF-16 chars
 * @param maxLabelValueLength the longest label value, in UTF-16 chars
 * @param maxLabelsPerSeries the most labels one series may have
 * @param maxSeries the most series the head may hold
 * @param maxFutureMillis how far past the wall clock a sample's timestamp may lie
 * @param maxSeriesPerMetric the most series one metric name may have in the head
 * @param outOfOrderWindowMillis how far behind the newest stored sample a sample may lie and still
 *     be accepted, in any order; {@code Long.MAX_VALUE}: no bound; 0: no out-of-order samples at
 *     all (each series in timestamp order, nothing older than the head)
 */
public record HeadLimits(
    int maxLabelNameLength,
    int maxLabelValueLength,
    int maxLabelsPerSeries,
    int maxSeries,
    long maxFutureMillis,
    int maxSeriesPerMetric,
    long outOfOrderWindowMillis) {
  /** Validates. */
  public HeadLimits {
    if (outOfOrderWindowMillis < 0) {
      throw new IllegalArgumentException(
          "out-of-order window must not be negative, got " + outOfOrderWindowMillis + " ms");
    }
  }

  /** Limits with an unbounded out-of-order window. */
  public HeadLimits(
      int maxLabelNameLength,
      int maxLabelValueLength,
      int maxLabelsPerSeries,
      int maxSeries,
      long maxFutureMillis,
      int maxSeriesPerMetric) {
    this(
        maxLabelNameLength,
        maxLabelValueLength,
        maxLabelsPerSeries,
        maxSeries,
        maxFutureMillis,
        maxSeriesPerMetric,
        Long.MAX_VALUE);
  }

  /** Limits without a per-metric series limit. */
  public HeadLimits(
      int maxLabelNameLength,
      int maxLabelValueLength,
      int maxLabelsPerSeries,
      int maxSeries,
      long maxFutureMillis) {
    this(
        maxLabelNameLength, maxLabelValueLength, maxLabelsPerSeries, maxSeries, maxFutureMillis, 0);
  }

  /**
   * Defaults: names up to 1024 chars, values up to 4096, 64 labels, no series caps, 1 day ahead,
   * out-of-order samples of any age.
   */
  public static HeadLimits defaults() {
    return new HeadLimits(1024, 4096, 64, 0, 24L * 3600 * 1000);
  }

  /** A copy with a per-metric series limit (0: none). */
  public HeadLimits withMaxSeriesPerMetric(int n) {
    return new HeadLimits(
        maxLabelNameLength,
        maxLabelValueLength,
        maxLabelsPerSeries,
        maxSeries,
        maxFutureMillis,
        n,
        outOfOrderWindowMillis);
  }

  /** A copy with another out-of-order window (0: none; {@code Long.MAX_VALUE}: unbounded). */
  public HeadLimits withOutOfOrderWindow(long millis) {
    return new HeadLimits(
        maxLabelNameLength,
        maxLabelValueLength,
        maxLabelsPerSeries,
        maxSeries,
        maxFutureMillis,
        maxSeriesPerMetric,
        millis);
  }

  /** No limits at all (for tests with synthetic timestamps). */
  public static HeadLimits none() {
    return new HeadLimits(0, 0, 0, 0, 0);
  }
}
