package dev.vigil.tsdb;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SelectHints;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.head.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Queries persisted blocks and the head together. The list of blocks and the head's series are
 * taken under the head's read lock, so a block cut from the head is seen either in the block or in
 * the head, never in both or neither. Blocks and the head may overlap in time (out-of-order
 * samples, blocks not merged yet); a series present in several is served by merging their
 * iterators, and for a timestamp present in several the newest write wins: blocks in the order they
 * were written, then the head.
 */
final class DbQuerier implements Querier {
  private final Tsdb db;
  private final long mint;
  private final long maxt;
  private boolean closed;

  DbQuerier(Tsdb db, long mint, long maxt) {
    this.db = db;
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
    Head head = db.head();
    List<Block> blocks;
    List<? extends Series> fromHead;
    head.readLock().lock();
    try {
      blocks = db.blocks();
      fromHead = head.select(mint, maxt, matchers);
    } finally {
      head.readLock().unlock();
    }
    if (blocks.isEmpty()) {
      return SeriesSet.of(fromHead);
    }
    List<List<? extends Series>> sources = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Block b : Tsdb.inWriteOrder(blocks)) {
      Block.Selection sel = b.select(mint, maxt, matchers);
      warnings.addAll(sel.warnings());
      sources.add(sel.series());
    }
    sources.add(fromHead);
    List<Series> out = mergeByLabels(sources);
    SeriesSet set = SeriesSet.of(out);
    List<String> w = List.copyOf(warnings);
    return new SeriesSet() {
      @Override
      public boolean next() {
        return set.next();
      }

      @Override
      public Series at() {
        return set.at();
      }

      @Override
      public List<String> warnings() {
        return w;
      }
    };
  }

  /**
   * Merges lists of series each sorted by labels (oldest write first) into one sorted list; a
   * series found in several lists becomes one {@link MergedSeries} over its parts in list order.
   */
  static List<Series> mergeByLabels(List<List<? extends Series>> sources) {
    int m = sources.size();
    int[] pos = new int[m];
    int total = 0;
    for (List<? extends Series> l : sources) {
      total += l.size();
    }
    List<Series> out = new ArrayList<>(total);
    List<Series> parts = new ArrayList<>(m);
    while (true) {
      Labels min = null;
      for (int i = 0; i < m; i++) {
        List<? extends Series> l = sources.get(i);
        if (pos[i] < l.size()) {
          Labels ls = l.get(pos[i]).labels();
          if (min == null || ls.compareTo(min) < 0) {
            min = ls;
          }
        }
      }
      if (min == null) {
        return out;
      }
      parts.clear();
      for (int i = 0; i < m; i++) {
        List<? extends Series> l = sources.get(i);
        if (pos[i] < l.size() && l.get(pos[i]).labels().equals(min)) {
          parts.add(l.get(pos[i]++));
        }
      }
      out.add(parts.size() == 1 ? parts.get(0) : new MergedSeries(min, List.copyOf(parts)));
    }
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    checkOpen();
    TreeSet<String> out = new TreeSet<>(Utf8Order.COMPARATOR);
    Head head = db.head();
    List<Block> blocks;
    head.readLock().lock();
    try {
      blocks = db.blocks();
      out.addAll(head.labelNames(mint, maxt, matchers));
    } finally {
      head.readLock().unlock();
    }
    for (Block b : blocks) {
      out.addAll(b.labelNames(mint, maxt, matchers));
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    checkOpen();
    TreeSet<String> out = new TreeSet<>(Utf8Order.COMPARATOR);
    Head head = db.head();
    List<Block> blocks;
    head.readLock().lock();
    try {
      blocks = db.blocks();
      out.addAll(head.labelValues(name, mint, maxt, matchers));
    } finally {
      head.readLock().unlock();
    }
    for (Block b : blocks) {
      out.addAll(b.labelValues(name, mint, maxt, matchers));
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** One series whose samples are split over several sources, listed oldest write first. */
  private record MergedSeries(Labels labels, List<Series> parts) implements Series {
    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      // Reusing the parts' iterators keeps their decoders' grown arrays from series to series.
      SampleIterator[] old = reuse instanceof MergeIterator m ? m.parts() : null;
      List<SampleIterator> its = new ArrayList<>(parts.size());
      for (int i = 0; i < parts.size(); i++) {
        its.add(parts.get(i).iterator(old != null && i < old.length ? old[i] : null));
      }
      return new MergeIterator(its);
    }
  }
}
