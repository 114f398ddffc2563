package dev.vigil.tsdb;

import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.ValueType;
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
