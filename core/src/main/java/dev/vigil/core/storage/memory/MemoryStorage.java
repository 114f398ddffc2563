package dev.vigil.core.storage.memory;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SelectHints;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.SeriesSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference storage: every series in a sorted map from timestamp to value, guarded by one lock.
 * Simple and slow on purpose, so that it is obviously right; other modules' tests use it, and the
 * tsdb's differential tests compare against it.
 *
 * <p>Semantics: samples may arrive in any order; a sample at a timestamp the series already has
 * replaces the old value (last write wins, in commit order). A batch becomes visible at commit, all
 * at once. Appending to an empty label set throws {@link InvalidSeriesException}. Nothing is
 * durable.
 *
 * <p>Thread-safe; each {@link Appender} is for one thread at a time. Queriers take a snapshot of
 * the selected series at {@code select} time.
 */
public final class MemoryStorage implements Appendable, Queryable {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Labels, Integer> refs = new HashMap<>();
  private final List<Labels> labelsByRef = new ArrayList<>();
  private final List<TreeMap<Long, Double>> samplesByRef = new ArrayList<>();

  /** An empty storage. */
  public MemoryStorage() {}

  @Override
  public Appender appender() {
    return new MemoryAppender();
  }

  /** Appends one sample and commits it; a shorthand for tests. */
  public void add(Labels labels, long t, double v) {
    Appender app = appender();
    app.append(0, labels, t, v);
    app.commit();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new MemoryQuerier(mint, maxt);
  }

  /**
   * Deletes the samples in {@code [mint, maxt]} of every series matching all {@code matchers};
   * samples appended later are kept whatever their timestamps.
   */
  public void delete(long mint, long maxt, Matcher... matchers) {
    lock.writeLock().lock();
    try {
      for (int r = 0; r < labelsByRef.size(); r++) {
        Labels ls = labelsByRef.get(r);
        boolean ok = true;
        for (Matcher m : matchers) {
          ok &= m.matches(ls.get(m.name()));
        }
        if (ok && mint <= maxt) {
          samplesByRef.get(r).subMap(mint, true, maxt, true).clear();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The number of series that have at least one sample. */
  public int seriesCount() {
    lock.readLock().lock();
    try {
      int n = 0;
      for (TreeMap<Long, Double> s : samplesByRef) {
        if (!s.isEmpty()) {
          n++;
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  private long refFor(long ref, Labels labels) {
    lock.writeLock().lock();
    try {
      if (ref > 0 && ref <= labelsByRef.size()) {
        return ref;
      }
      if (labels == null || labels.isEmpty()) {
        throw new InvalidSeriesException("empty label set: a series needs at least one label");
      }
      Integer existing = refs.get(labels);
      if (existing != null) {
        return existing;
      }
      labelsByRef.add(labels);
      samplesByRef.add(new TreeMap<>());
      int created = labelsByRef.size();
      refs.put(labels, created);
      return created;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private final class MemoryAppender implements Appender {
    private long[] pendingRefs = new long[16];
    private long[] pendingTs = new long[16];
    private double[] pendingVs = new double[16];
    private int pending;

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      long r = refFor(ref, labels);
      if (pending == pendingRefs.length) {
        int n = pending * 2;
        pendingRefs = Arrays.copyOf(pendingRefs, n);
        pendingTs = Arrays.copyOf(pendingTs, n);
        pendingVs = Arrays.copyOf(pendingVs, n);
      }
      pendingRefs[pending] = r;
      pendingTs[pending] = t;
      pendingVs[pending] = v;
      pending++;
      return r;
    }

    @Override
    public void commit() {
      lock.writeLock().lock();
      try {
        for (int i = 0; i < pending; i++) {
          samplesByRef.get((int) pendingRefs[i] - 1).put(pendingTs[i], pendingVs[i]);
        }
      } finally {
        lock.writeLock().unlock();
      }
      pending = 0;
    }

    @Override
    public void rollback() {
      pending = 0;
    }
  }

  private final class MemoryQuerier implements Querier {
    private final long mint;
    private final long maxt;
    private boolean closed;

    MemoryQuerier(long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
    }

    private void checkOpen() {
      if (closed) {
        throw new IllegalStateException("querier is closed");
      }
    }

    /** Refs of series matching all matchers with samples in range, in label order. */
    private List<Integer> matching(Matcher... matchers) {
      List<Integer> out = new ArrayList<>();
      for (int r = 0; r < labelsByRef.size(); r++) {
        Labels ls = labelsByRef.get(r);
        boolean ok = true;
        for (Matcher m : matchers) {
          if (!m.matches(ls.get(m.name()))) {
            ok = false;
            break;
          }
        }
        if (ok && inRange(samplesByRef.get(r)).size() > 0) {
          out.add(r);
        }
      }
      out.sort((a, b) -> labelsByRef.get(a).compareTo(labelsByRef.get(b)));
      return out;
    }

    private NavigableMap<Long, Double> inRange(NavigableMap<Long, Double> samples) {
      if (mint > maxt) {
        return new TreeMap<>();
      }
      return samples.subMap(mint, true, maxt, true);
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
      checkOpen();
      lock.readLock().lock();
      try {
        List<Series> out = new ArrayList<>();
        for (int r : matching(matchers)) {
          NavigableMap<Long, Double> samples = inRange(samplesByRef.get(r));
          long[] ts = new long[samples.size()];
          double[] vs = new double[samples.size()];
          int i = 0;
          for (Map.Entry<Long, Double> e : samples.entrySet()) {
            ts[i] = e.getKey();
            vs[i] = e.getValue();
            i++;
          }
          out.add(new ArraySeries(labelsByRef.get(r), ts, vs));
        }
        return SeriesSet.of(out);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      checkOpen();
      lock.readLock().lock();
      try {
        TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
        for (int r : matching(matchers)) {
          labelsByRef.get(r).forEach((n, v) -> names.add(n));
        }
        return List.copyOf(names);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      checkOpen();
      lock.readLock().lock();
      try {
        TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
        for (int r : matching(matchers)) {
          String v = labelsByRef.get(r).get(name);
          if (!v.isEmpty()) {
            values.add(v);
          }
        }
        return List.copyOf(values);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
