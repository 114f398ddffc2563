package dev.vigil.core.storage;

import java.util.Arrays;

/**
 * A growable pair of parallel primitive arrays that {@link SampleIterator#readFloats} appends float
 * samples to: timestamps in {@link #t}, values in {@link #v}, the first {@link #size} entries
 * valid. The arrays are exposed for tight loops and may be replaced by larger ones whenever samples
 * are added; read the fields again after each call that adds.
 *
 * <p>Reused across series to avoid allocation. Not thread-safe.
 */
public final class FloatSamples {
  /** The timestamps (milliseconds), increasing within one read. */
  public long[] t;

  /** The values. */
  public double[] v;

  /** How many entries of {@link #t} and {@link #v} are valid. */
  public int size;

  /** An empty buffer with room for {@code capacity} samples before it grows. */
  public FloatSamples(int capacity) {
    t = new long[Math.max(1, capacity)];
    v = new double[t.length];
  }

  /** Forgets the samples; keeps the arrays. */
  public void clear() {
    size = 0;
  }

  /** Makes room for {@code more} samples after the valid ones. */
  public void ensure(int more) {
    int need = size + more;
    if (need > t.length) {
      int cap = Math.max(need, t.length * 2);
      t = Arrays.copyOf(t, cap);
      v = Arrays.copyOf(v, cap);
    }
  }

  /** Appends one sample. */
  public void add(long ts, double value) {
    if (size == t.length) {
      ensure(1);
    }
    t[size] = ts;
    v[size] = value;
    size++;
  }

  /** The last valid timestamp; only when {@link #size} is positive. */
  public long lastT() {
    return t[size - 1];
  }
}
