package dev.vigil.core.storage.memory;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.ValueType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A series held in two parallel arrays, for tests and for results computed in memory. The arrays
 * are used as given (not copied) and must not change afterwards; timestamps must be strictly
 * increasing.
 *
 * <p>Immutable; its iterators are not thread-safe.
 */
public final class ArraySeries implements Series {
  private final Labels labels;
  private final long[] timestamps;
  private final double[] values;
  private final int length;

  /** A series whose samples are {@code (timestamps[i], values[i])} for {@code i < length}. */
  public ArraySeries(Labels labels, long[] timestamps, double[] values, int length) {
    this.labels = Objects.requireNonNull(labels, "labels");
    if (length > timestamps.length || length > values.length || length < 0) {
      throw new IllegalArgumentException(
          "length " + length + " exceeds arrays of " + timestamps.length + " / " + values.length);
    }
    for (int i = 1; i < length; i++) {
      if (timestamps[i] <= timestamps[i - 1]) {
        throw new IllegalArgumentException(
            "timestamps must increase strictly, but t["
                + i
                + "]="
                + timestamps[i]
                + " follows "
                + timestamps[i - 1]);
      }
    }
    this.timestamps = timestamps;
    this.values = values;
    this.length = length;
  }

  /** A series over all of both arrays, which must have the same length. */
  public ArraySeries(Labels labels, long[] timestamps, double[] values) {
    this(labels, timestamps, values, checkSameLength(timestamps, values));
  }

  private static int checkSameLength(long[] timestamps, double[] values) {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException(
          timestamps.length + " timestamps but " + values.length + " values");
    }
    return timestamps.length;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  /** The number of samples. */
  public int length() {
    return length;
  }

  @Override
  public SampleIterator iterator(SampleIterator reuse) {
    if (reuse instanceof Iterator it) {
      it.reset(this);
      return it;
    }
    Iterator it = new Iterator();
    it.reset(this);
    return it;
  }

  @Override
  public String toString() {
    return labels + " " + length + " samples";
  }

  private static final class Iterator implements SampleIterator {
    private long[] ts;
    private double[] vs;
    private int n;
    private int i;

    void reset(ArraySeries s) {
      ts = s.timestamps;
      vs = s.values;
      n = s.length;
      i = -1;
    }

    @Override
    public ValueType next() {
      if (i < n) {
        i++;
      }
      return i < n ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
      if (i >= n) {
        return ValueType.NONE;
      }
      int from = Math.max(i, 0);
      if (from < n && ts[from] >= t) {
        i = from;
        return ValueType.FLOAT;
      }
      int found = Arrays.binarySearch(ts, from, n, t);
      i = found >= 0 ? found : -found - 1;
      return i < n ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public void readFloats(long mint, long maxt, FloatSamples out) {
      int lo = Math.max(i, 0);
      while (lo < n && ts[lo] < mint) {
        lo++;
      }
      int hi = lo;
      while (hi < n && ts[hi] <= maxt) {
        hi++;
      }
      out.ensure(hi - lo);
      System.arraycopy(ts, lo, out.t, out.size, hi - lo);
      System.arraycopy(vs, lo, out.v, out.size, hi - lo);
      out.size += hi - lo;
      i = n;
    }

    @Override
    public long atT() {
      return ts[i];
    }

    @Override
    public double atF() {
      return vs[i];
    }
  }
}
