package dev.vigil.tsdb;

import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.ValueType;
import java.util.Arrays;
import java.util.List;

/**
 * Merges the sample iterators of one series from several sources (blocks, the head) into one in
 * timestamp order. Sources may overlap in time; for a timestamp held by several, the source listed
 * last wins, so callers list sources from the oldest write to the newest (last write wins).
 *
 * <p>Not thread-safe, like every {@link SampleIterator}.
 */
final class MergeIterator implements SampleIterator {
  private final SampleIterator[] parts;
  private final long[] ts;
  private final boolean[] live;
  private boolean started;
  private int cur = -1;
  private Throwable err;

  MergeIterator(List<SampleIterator> parts) {
    this.parts = parts.toArray(new SampleIterator[0]);
    this.ts = new long[this.parts.length];
    this.live = new boolean[this.parts.length];
  }

  /** The sources' iterators, for reuse by the next series' merge. */
  SampleIterator[] parts() {
    return parts;
  }

  @Override
  public ValueType next() {
    if (!started) {
      started = true;
      for (int i = 0; i < parts.length; i++) {
        advance(i, parts[i].next());
      }
    } else if (cur >= 0) {
      long t = ts[cur];
      for (int i = 0; i < parts.length; i++) {
        if (live[i] && ts[i] == t) {
          advance(i, parts[i].next());
        }
      }
    }
    return pick();
  }

  @Override
  public ValueType seek(long t) {
    if (started && (cur < 0 || ts[cur] >= t)) {
      return cur < 0 ? ValueType.NONE : ValueType.FLOAT;
    }
    started = true;
    for (int i = 0; i < parts.length; i++) {
      advance(i, parts[i].seek(t));
    }
    return pick();
  }

  private void advance(int i, ValueType vt) {
    live[i] = vt != ValueType.NONE;
    if (live[i]) {
      ts[i] = parts[i].atT();
    } else if (parts[i].err() != null && err == null) {
      err = parts[i].err();
    }
  }

  private ValueType pick() {
    cur = -1;
    if (err != null) {
      return ValueType.NONE;
    }
    for (int i = 0; i < parts.length; i++) {
      if (live[i] && (cur < 0 || ts[i] <= ts[cur])) {
        cur = i; // ties go to the later source
      }
    }
    return cur < 0 ? ValueType.NONE : ValueType.FLOAT;
  }

  /**
   * Reads each source whole and merges the runs: a source whose samples all come after the ones
   * gathered so far (the usual case: blocks, then the head) is appended as is.
   */
  @Override
  public void readFloats(long mint, long maxt, FloatSamples out) {
    if (started) {
      SampleIterator.super.readFloats(mint, maxt, out);
      return;
    }
    started = true;
    cur = -1;
    int base = out.size;
    FloatSamples run = null;
    for (int i = 0; i < parts.length; i++) {
      if (i == 0) {
        parts[0].readFloats(mint, maxt, out);
      } else {
        if (run == null) {
          run = new FloatSamples(64);
        }
        run.clear();
        parts[i].readFloats(mint, maxt, run);
        mergeLaterRun(out, base, run);
      }
      if (parts[i].err() != null) {
        err = parts[i].err();
        return;
      }
    }
  }

  /** Merges {@code run} into {@code out[base, size)}; on equal timestamps {@code run} wins. */
  static void mergeLaterRun(FloatSamples out, int base, FloatSamples run) {
    int m = run.size;
    if (m == 0) {
      return;
    }
    if (out.size == base || out.lastT() < run.t[0]) {
      out.ensure(m);
      System.arraycopy(run.t, 0, out.t, out.size, m);
      System.arraycopy(run.v, 0, out.v, out.size, m);
      out.size += m;
      return;
    }
    int n = out.size - base;
    long[] at = Arrays.copyOfRange(out.t, base, out.size);
    double[] av = Arrays.copyOfRange(out.v, base, out.size);
    out.size = base;
    out.ensure(n + m);
    long[] ts = out.t;
    double[] vs = out.v;
    int k = base;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (j >= m || (i < n && at[i] < run.t[j])) {
        ts[k] = at[i];
        vs[k++] = av[i++];
      } else {
        if (i < n && at[i] == run.t[j]) {
          i++;
        }
        ts[k] = run.t[j];
        vs[k++] = run.v[j++];
      }
    }
    out.size = k;
  }

  @Override
  public long atT() {
    return ts[cur];
  }

  @Override
  public double atF() {
    return parts[cur].atF();
  }

  @Override
  public Throwable err() {
    return err;
  }
}
