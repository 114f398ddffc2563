package dev.vigil.ingest.otlp;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/**
 * An exponential histogram data point as classic buckets: upper bounds in ascending order and the
 * count of each bucket (not cumulative). Negative buckets come first (most negative bound first),
 * then the zero bucket (bound = the zero threshold) when it holds anything, then the positive
 * buckets.
 *
 * <p>Buckets are first merged down to {@code scale} (index {@code i} at the point's scale falls in
 * {@code i >> (pointScale - scale)}), so the bounds are the same from export to export while the
 * SDK rescales. At scale {@code s} the positive bucket {@code i} holds {@code (b^i, b^(i+1)]} with
 * {@code b = 2^(2^-s)}. The number of buckets is at most the number the point carries, plus one.
 */
final class ClassicBuckets {
  private final double[] bounds;
  private final long[] counts;
  private int size;

  private ClassicBuckets(int capacity) {
    bounds = new double[capacity];
    counts = new long[capacity];
  }

  int size() {
    return size;
  }

  double upperBound(int i) {
    return bounds[i];
  }

  long count(int i) {
    return counts[i];
  }

  static ClassicBuckets of(ExponentialHistogramDataPoint p, int scale) {
    int shift = p.getScale() - scale;
    ExponentialHistogramDataPoint.Buckets neg = p.getNegative();
    ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
    ClassicBuckets out =
        new ClassicBuckets(neg.getBucketCountsCount() + pos.getBucketCountsCount() + 1);
    int n = neg.getBucketCountsCount();
    if (n > 0) {
      // Highest index first: its values are the most negative.
      long hi = ((long) neg.getOffset() + n - 1) >> shift;
      long lo = (long) neg.getOffset() >> shift;
      int start = out.size;
      for (long idx = hi; idx >= lo; idx--) {
        out.add(-bound(idx, scale), 0);
      }
      for (int k = 0; k < n; k++) {
        long idx = ((long) neg.getOffset() + k) >> shift;
        out.counts[start + (int) (hi - idx)] += neg.getBucketCounts(k);
      }
    }
    if (p.getZeroCount() != 0) {
      double zt = p.getZeroThreshold();
      out.add(zt > 0 && Double.isFinite(zt) ? zt : 0, p.getZeroCount());
    }
    n = pos.getBucketCountsCount();
    if (n > 0) {
      long lo = (long) pos.getOffset() >> shift;
      long hi = ((long) pos.getOffset() + n - 1) >> shift;
      int start = out.size;
      for (long idx = lo; idx <= hi; idx++) {
        out.add(bound(idx + 1, scale), 0);
      }
      for (int k = 0; k < n; k++) {
        long idx = ((long) pos.getOffset() + k) >> shift;
        out.counts[start + (int) (idx - lo)] += pos.getBucketCounts(k);
      }
    }
    return out;
  }

  private void add(double bound, long count) {
    bounds[size] = bound;
    counts[size] = count;
    size++;
  }

  /** {@code b^idx} with {@code b = 2^(2^-scale)}; exact where it is a power of two. */
  static double bound(long idx, int scale) {
    if (scale <= 0) {
      long exp = idx << -scale;
      if (exp > 1100 || exp < -1100 || (idx != 0 && (exp >> -scale) != idx)) {
        return idx > 0 ? Double.POSITIVE_INFINITY : 0;
      }
      return Math.scalb(1.0, (int) exp);
    }
    long div = 1L << scale;
    if (idx % div == 0) {
      long exp = idx / div;
      return exp > 1100 ? Double.POSITIVE_INFINITY : exp < -1100 ? 0 : Math.scalb(1.0, (int) exp);
    }
    return Math.pow(2.0, (double) idx / div);
  }
}
