package dev.vigil.tsdb.head;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.core.storage.StorageException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Buffers a batch in primitive arrays; {@link #commit()} logs it and applies it under the head's
 * commit lock. One per writer thread.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private MemSeries[] series = new MemSeries[64];
  private int[] refs = new int[64];
  private long[] ts = new long[64];
  private double[] vs = new double[64];
  private int n;
  private int[] newIds = new int[8];

  // Keeps the reads of commit()'s cache-warming loop from being optimized away.
  @SuppressWarnings("unused")
  private int touched;

  private Labels[] newLabels = new Labels[8];

  HeadAppender(Head head) {
    this.head = head;
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    // The series object itself is not read here unless needed: commit() reads a batch's series
    // together, where the CPU overlaps their cache misses.
    MemSeries s = head.byId(ref);
    long id = ref;
    if (s == null) {
      if (labels == null) {
        throw new StorageException("unknown series ref " + ref + " and no labels given");
      }
      s = head.getOrCreate(labels);
      id = s.id;
    }
    if (t < Head.MIN_TIMESTAMP || t > Head.MAX_TIMESTAMP) {
      throw new OutOfBoundsException(
          "sample for "
              + s.labels
              + " at "
              + t
              + " ms is outside the timestamps the store can hold ("
              + Head.MIN_TIMESTAMP
              + " to "
              + Head.MAX_TIMESTAMP
              + " ms, about 73 million years either side of 1970)");
    }
    long future = head.limits.maxFutureMillis();
    if (future > 0 && t > System.currentTimeMillis() + future) {
      throw new OutOfBoundsException(
          "sample for "
              + s.labels
              + " at "
              + t
              + " ms lies more than "
              + future
              + " ms in the future");
    }
    if (head.outOfOrderEnabled()) {
      long oldest = head.oldestAcceptable();
      if (t < oldest) {
        throw new OutOfBoundsException(
            "sample for "
                + s.labels
                + " at "
                + t
                + " ms is outside the out-of-order window of "
                + head.limits.outOfOrderWindowMillis()
                + " ms (storage.out_of_order_window): samples older than "
                + oldest
                + " ms, the newest stored sample minus the window, are refused");
      }
    } else {
      if (t < head.minValidTime()) {
        throw new OutOfBoundsException(
            "sample for "
                + s.labels
                + " at "
                + t
                + " ms is older than the head (which starts at "
                + head.minValidTime()
                + " ms) and out-of-order samples are disabled (storage.out_of_order_window: 0)");
      }
      if (t < s.maxT()) {
        throw new OutOfOrderException(
            "out-of-order sample for "
                + s.labels
                + ": timestamp "
                + t
                + " is older than the newest sample at "
                + s.maxT()
                + " and out-of-order samples are disabled (storage.out_of_order_window: 0)");
      }
    }
    if (n == ts.length) {
      int cap = n * 2;
      series = Arrays.copyOf(series, cap);
      refs = Arrays.copyOf(refs, cap);
      ts = Arrays.copyOf(ts, cap);
      vs = Arrays.copyOf(vs, cap);
    }
    series[n] = s;
    ts[n] = t;
    vs[n] = v;
    n++;
    return id;
  }

  @Override
  public void commit() {
    if (n == 0) {
      return;
    }
    try {
      // Outside the lock: bring each series and its open chunk into the cache, in one tight loop
      // so that the misses overlap, before the serialized part touches them one by one.
      int touched = 0;
      for (int i = 0; i < n; i++) {
        MemSeries s = series[i];
        refs[i] = s.id;
        touched += s.touch();
      }
      this.touched = touched;
      synchronized (head.commitLock) {
        // Blocks may have been cut since append() checked the bound; such a sample can no longer
        // be stored, and dropping it silently would lose an acknowledged write.
        long minValid = head.outOfOrderEnabled() ? Long.MIN_VALUE : head.minValidTime();
        for (int i = 0; i < n; i++) {
          if (ts[i] < minValid) {
            throw new OutOfBoundsException(
                "sample for "
                    + series[i].labels
                    + " at "
                    + ts[i]
                    + " ms became older than the head (which now starts at "
                    + minValid
                    + " ms) before the batch was committed; nothing of the batch was stored");
          }
        }
        int nNew = 0;
        for (int i = 0; i < n; i++) {
          MemSeries s = series[i];
          if (s.removed) {
            // Truncation (which holds the commit lock too) removed the series after append()
            // found it, as it had no samples yet; it is created again under a new id.
            s = head.getOrCreate(s.labels);
            series[i] = s;
            refs[i] = s.id;
          }
          if (!s.logged) {
            s.logged = true; // also dedupes within the batch; reset below if logging fails
            if (nNew == newIds.length) {
              newIds = Arrays.copyOf(newIds, nNew * 2);
              newLabels = Arrays.copyOf(newLabels, nNew * 2);
            }
            newIds[nNew] = s.id;
            newLabels[nNew] = s.labels;
            nNew++;
          }
        }
        try {
          head.log.log(newIds, newLabels, nNew, refs, ts, vs, n);
        } catch (IOException | RuntimeException e) {
          for (int i = 0; i < nNew; i++) {
            head.byId(newIds[i]).logged = false;
          }
          throw new StorageException(
              "could not write " + n + " samples to the write-ahead log: " + e.getMessage(), e);
        }
        head.apply(series, ts, vs, n);
      }
    } finally {
      clear();
    }
  }

  @Override
  public void rollback() {
    clear();
  }

  // The arrays keep their references until the next batch overwrites them: at most one batch of
  // series per appender stays reachable a little longer, which is cheaper than clearing them.
  private void clear() {
    n = 0;
  }
}
