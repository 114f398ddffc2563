package dev.vigil.tsdb.head;

import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SelectHints;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.ChunkSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Answers queries from the head. {@code select} snapshots, under the head's read lock, the chunks
 * of every matching series that overlap the range (the open chunk is copied), so iteration runs
 * without locks and sees each committed batch entirely or not at all.
 */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;
  private boolean closed;
  private final ChunkDecoder scratch = new ChunkDecoder();

  HeadQuerier(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("querier is closed");
    }
  }

  @Override
  public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
    checkOpen();
    return SeriesSet.of(select(sortSeries, matchers));
  }

  /** The matching series with samples in range; takes the head's read lock. */
  List<ChunkSeries> select(boolean sortSeries, Matcher... matchers) {
    if (mint > maxt) {
      return List.of();
    }
    List<ChunkSeries> out = new ArrayList<>();
    head.lock.readLock().lock();
    try {
      RoaringBitmap ids = head.index.select(matchers);
      IntIterator it = ids.getIntIterator();
      while (it.hasNext()) {
        MemSeries s = head.byId(it.next());
        if (s != null && s.hasSamplesIn(mint, maxt, scratch)) {
          out.add(new ChunkSeries(s.labels, s.chunksFor(mint, maxt), mint, maxt));
        }
      }
    } finally {
      head.lock.readLock().unlock();
    }
    if (sortSeries) {
      out.sort((a, b) -> a.labels().compareTo(b.labels()));
    }
    return out;
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    checkOpen();
    List<String> out = new ArrayList<>();
    if (mint > maxt) {
      return out;
    }
    head.lock.readLock().lock();
    try {
      RoaringBitmap candidates = matchers.length == 0 ? null : head.index.select(matchers);
      for (String name : head.index.names()) {
        RoaringBitmap ids = head.index.withName(name);
        if (anyInRange(candidates == null ? ids : RoaringBitmap.and(ids, candidates))) {
          out.add(name);
        }
      }
    } finally {
      head.lock.readLock().unlock();
    }
    out.sort(Utf8Order.COMPARATOR);
    return out;
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    checkOpen();
    List<String> out = new ArrayList<>();
    if (mint > maxt) {
      return out;
    }
    head.lock.readLock().lock();
    try {
      RoaringBitmap candidates = matchers.length == 0 ? null : head.index.select(matchers);
      for (Map.Entry<String, RoaringBitmap> e : head.index.values(name)) {
        RoaringBitmap ids = e.getValue();
        if (anyInRange(candidates == null ? ids : RoaringBitmap.and(ids, candidates))) {
          out.add(e.getKey());
        }
      }
    } finally {
      head.lock.readLock().unlock();
    }
    return out;
  }

  private boolean anyInRange(RoaringBitmap ids) {
    IntIterator it = ids.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.byId(it.next());
      if (s != null && s.hasSamplesIn(mint, maxt, scratch)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
  }
}
