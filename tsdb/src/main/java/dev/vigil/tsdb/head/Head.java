package dev.vigil.tsdb.head;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.LimitExceededException;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkSeries;
import dev.vigil.tsdb.index.LabelIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory store of all series and their recent samples.
 *
 * <p>Semantics with an out-of-order window ({@link HeadLimits#outOfOrderWindowMillis()} &gt; 0, the
 * default): a sample may arrive in any order as long as it is no older than the newest sample
 * stored minus the window; older ones are rejected at {@code append} with {@link
 * dev.vigil.core.storage.OutOfBoundsException}. Samples older than the series' newest are inserted
 * into the chunk they fall in (slower than an append), also when their time range was already cut
 * into a block: the head then holds them until the next cut writes them into a block that
 * compaction merges with the older one. A repeated timestamp replaces the value, in order or not:
 * last write wins, in commit order (and so in WAL order).
 *
 * <p>Without a window (0): per series, samples must arrive in timestamp order. A sample older than
 * the series' newest is rejected at {@code append} with {@link
 * dev.vigil.core.storage.OutOfOrderException}; if it became out of order only at commit (an earlier
 * sample of the same batch is newer, or another appender's commit overtook it), it is dropped at
 * commit and counted ({@link #droppedOutOfOrder()}), deterministically, so a WAL replay drops the
 * same samples. Samples older than {@link #minValidTime()} (data already cut into blocks) are
 * rejected at {@code append}; a batch holding one that became too old before its commit is refused
 * as a whole with {@link dev.vigil.core.storage.OutOfBoundsException}.
 *
 * <p>Thread-safety: all methods are thread-safe. Appenders are for one thread each. One commit lock
 * orders batches: a batch is written to the {@link CommitLog} and applied under it, so the log's
 * order is the apply order. Series data is changed under the write lock of a read/write lock and
 * snapshotted by queriers under its read lock, so a batch becomes visible atomically.
 */
public final class Head implements Appendable, Queryable {
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final Object commitLock = new Object();
  final LabelIndex index = new LabelIndex();
  final HeadLimits limits;
  final CommitLog log;
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private volatile MemSeries[] byId = new MemSeries[1024];
  private int maxId;
  private final AtomicLong droppedOutOfOrder = new AtomicLong();

  /** The default block range: chunks are cut at multiples of two hours. */
  public static final long DEFAULT_CHUNK_RANGE = 2 * 3600 * 1000L;

  final long chunkRange;

  // Samples older than this are in persisted blocks; the head rejects them.
  /**
   * The oldest timestamp an append may have, whatever the limits: far enough from the ends of a
   * {@code long} that time arithmetic on block ranges and windows cannot overflow.
   */
  public static final long MIN_TIMESTAMP = -(1L << 61);

  /** The newest timestamp an append may have, whatever the limits; see {@link #MIN_TIMESTAMP}. */
  public static final long MAX_TIMESTAMP = 1L << 61;

  // Packs sealed chunks; used under the write lock.
  private final ChunkPacker packer = new ChunkPacker();
  private volatile long minValidTime = Long.MIN_VALUE;
  // Bounds of the samples in the head; guarded by the write lock for updates.
  private volatile long headMinT = Long.MAX_VALUE;
  private volatile long headMaxT = Long.MIN_VALUE;
  private final AtomicLong droppedOutOfBounds = new AtomicLong();
  // The newest sample ever stored (head or blocks); the out-of-order window counts back from it.
  private final AtomicLong newestTime = new AtomicLong(Long.MIN_VALUE);
  // The chunks handed out by the last chunksBefore, dropped by the next truncateBefore.
  private java.util.Set<Chunk> pendingCut = java.util.Set.of();

  /** An empty head that logs batches to {@code log} before applying them. */
  public Head(HeadLimits limits, CommitLog log) {
    this(limits, log, DEFAULT_CHUNK_RANGE);
  }

  /** An empty head whose chunks never span a multiple of {@code chunkRange} milliseconds. */
  public Head(HeadLimits limits, CommitLog log, long chunkRange) {
    if (chunkRange <= 0) {
      throw new IllegalArgumentException("chunk range must be positive, got " + chunkRange);
    }
    this.limits = limits;
    this.log = log;
    this.chunkRange = chunkRange;
  }

  /** The lock queriers hold while they snapshot series; exposed to combine head and blocks. */
  public java.util.concurrent.locks.Lock readLock() {
    return lock.readLock();
  }

  /** The lock under which series change; exposed to swap blocks and truncate atomically. */
  public java.util.concurrent.locks.Lock writeLock() {
    return lock.writeLock();
  }

  /** Samples older than this are rejected as out of bounds (they belong to persisted blocks). */
  public long minValidTime() {
    return minValidTime;
  }

  /** Raises {@link #minValidTime()} (never lowers it). */
  public void setMinValidTime(long t) {
    lock.writeLock().lock();
    try {
      minValidTime = Math.max(minValidTime, t);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Whether samples older than a series' newest are accepted (within the window). */
  public boolean outOfOrderEnabled() {
    return limits.outOfOrderWindowMillis() > 0;
  }

  /**
   * The oldest timestamp an append may have under the out-of-order window, or {@code
   * Long.MIN_VALUE} when there is no bound.
   */
  public long oldestAcceptable() {
    long window = limits.outOfOrderWindowMillis();
    long newest = newestTime.get();
    if (window <= 0 || window == Long.MAX_VALUE || newest == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long cutoff = newest - window;
    return cutoff > newest ? Long.MIN_VALUE : cutoff; // wrapped around: no bound
  }

  /** Raises the newest stored timestamp, e.g. to the newest block's at open. */
  public void observeNewest(long t) {
    newestTime.accumulateAndGet(t, Math::max);
  }

  /** The oldest sample's timestamp in the head, or {@code Long.MAX_VALUE} when empty. */
  public long minTime() {
    return headMinT;
  }

  /** The newest sample's timestamp in the head, or {@code Long.MIN_VALUE} when empty. */
  public long maxTime() {
    return headMaxT;
  }

  /** The chunk range (block range) in milliseconds. */
  public long chunkRange() {
    return chunkRange;
  }

  /** Samples dropped at commit or replay because they were older than {@link #minValidTime()}. */
  public long droppedOutOfBounds() {
    return droppedOutOfBounds.get();
  }

  /**
   * The chunks of every series that end before {@code boundary}, for writing a block. Raises {@link
   * #minValidTime()} to {@code boundary} first, so nothing older can arrive afterwards.
   */
  public List<BlockWriter.SeriesChunks> chunksBefore(long boundary) {
    // Under the commit lock, so that no batch checked against the old bound is applied after.
    synchronized (commitLock) {
      return chunksBeforeLocked(boundary);
    }
  }

  private List<BlockWriter.SeriesChunks> chunksBeforeLocked(long boundary) {
    lock.writeLock().lock();
    try {
      minValidTime = Math.max(minValidTime, boundary);
      List<BlockWriter.SeriesChunks> out = new ArrayList<>();
      java.util.Set<Chunk> cut =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      MemSeries[] all = byId;
      for (int i = 1; i <= maxId; i++) {
        MemSeries s = all[i];
        if (s != null && s.id == i && !s.isEmpty() && s.minT() < boundary) {
          List<Chunk> chunks = new ArrayList<>();
          s.chunksBefore(boundary, chunks, chunkRange, packer);
          if (!chunks.isEmpty()) {
            out.add(new BlockWriter.SeriesChunks(s.labels, chunks));
            cut.addAll(chunks);
          }
        }
      }
      pendingCut = cut;
      return out;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Every series' chunks (open chunks copied), for a snapshot; changes nothing. */
  public List<BlockWriter.SeriesChunks> allChunks() {
    lock.readLock().lock();
    try {
      List<BlockWriter.SeriesChunks> out = new ArrayList<>();
      MemSeries[] all = byId;
      for (int i = 1; i <= maxId; i++) {
        MemSeries s = all[i];
        if (s != null && s.id == i && !s.isEmpty()) {
          out.add(
              new BlockWriter.SeriesChunks(
                  s.labels, List.of(s.chunksFor(Long.MIN_VALUE, Long.MAX_VALUE))));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Drops the chunks that the last {@link #chunksBefore} handed out (they are in a block now;
   * chunks rewritten meanwhile by an out-of-order write are kept for the next block) and the series
   * left without samples. Runs {@code publish} first, under the same locks, so that a reader sees
   * either the head before the truncation or the block that replaces its chunks.
   *
   * <p>Under the commit lock, so that a batch never logs or applies a sample to a removed series: a
   * series found by an appender and removed before its batch commits (it had no samples yet) is
   * looked up again by the commit.
   *
   * @return the number of series removed
   */
  public int truncateBefore(long boundary, Runnable publish) {
    synchronized (commitLock) {
      lock.writeLock().lock();
      try {
        publish.run();
        return truncateBeforeLocked(boundary);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private int truncateBeforeLocked(long boundary) {
    minValidTime = Math.max(minValidTime, boundary);
    java.util.Set<Chunk> cut = pendingCut;
    pendingCut = java.util.Set.of();
    int removed = 0;
    long newMin = Long.MAX_VALUE;
    MemSeries[] all = byId;
    for (int i = 1; i <= maxId; i++) {
      MemSeries s = all[i];
      if (s == null) {
        continue;
      }
      if (s.id != i) {
        if (s.removed) {
          all[i] = null; // an alias of a series removed earlier in this loop
        }
        continue;
      }
      if (s.isEmpty() || s.truncate(cut)) {
        s.removed = true;
        all[i] = null;
        byLabels.remove(s.labels);
        index.remove(s.id, s.labels);
        removed++;
        continue;
      }
      newMin = Math.min(newMin, s.minT());
    }
    headMinT = newMin;
    if (newMin == Long.MAX_VALUE) {
      headMaxT = Long.MIN_VALUE;
    }
    return removed;
  }

  @Override
  public Appender appender() {
    return new HeadAppender(this);
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new HeadQuerier(this, mint, maxt);
  }

  /**
   * The series matching {@code matchers} with samples in {@code [mint, maxt]}, in label order, with
   * private copies of their chunk lists. Takes the read lock (reentrant).
   */
  public List<ChunkSeries> select(long mint, long maxt, Matcher... matchers) {
    return new HeadQuerier(this, mint, maxt).select(true, matchers);
  }

  /** {@link Querier#labelNames} over {@code [mint, maxt]}. */
  public List<String> labelNames(long mint, long maxt, Matcher... matchers) {
    return new HeadQuerier(this, mint, maxt).labelNames(matchers);
  }

  /** {@link Querier#labelValues} over {@code [mint, maxt]}. */
  public List<String> labelValues(String name, long mint, long maxt, Matcher... matchers) {
    return new HeadQuerier(this, mint, maxt).labelValues(name, matchers);
  }

  /** The number of series (including those whose samples were all rolled back). */
  public int seriesCount() {
    return byLabels.size();
  }

  /** The highest series id handed out so far. */
  public int maxSeriesId() {
    lock.readLock().lock();
    try {
      return maxId;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Samples dropped at commit (or replay) because they had become out of order. */
  public long droppedOutOfOrder() {
    return droppedOutOfOrder.get();
  }

  /** Totals for status pages and measurements. */
  public record Stats(int series, long samples, long chunkBytes, int symbols) {}

  /** Counts series, samples and chunk bytes (walks every series under the read lock). */
  public Stats stats() {
    lock.readLock().lock();
    try {
      long samples = 0;
      long bytes = 0;
      MemSeries[] all = byId;
      for (int i = 1; i <= maxId; i++) {
        MemSeries s = all[i];
        if (s != null && s.id == i) {
          samples += s.sampleCount();
          bytes += s.chunkBytes();
        }
      }
      return new Stats(byLabels.size(), samples, bytes, index.symbolCount());
    } finally {
      lock.readLock().unlock();
    }
  }

  MemSeries byId(long ref) {
    MemSeries[] all = byId;
    return ref > 0 && ref < all.length ? all[(int) ref] : null;
  }

  /** The series for {@code labels}, created (not yet logged) if new. */
  MemSeries getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return s;
    }
    validate(labels);
    lock.writeLock().lock();
    try {
      s = byLabels.get(labels);
      if (s != null) {
        return s;
      }
      if (limits.maxSeries() > 0 && byLabels.size() >= limits.maxSeries()) {
        throw new LimitExceededException(
            "series limit of " + limits.maxSeries() + " reached; not creating " + labels);
      }
      if (limits.maxSeriesPerMetric() > 0) {
        long n = index.count(Labels.METRIC_NAME, labels.metricName());
        if (n >= limits.maxSeriesPerMetric()) {
          throw new LimitExceededException(
              "metric "
                  + labels.metricName()
                  + " already has "
                  + n
                  + " series, the limit per metric; not creating "
                  + labels);
        }
      }
      return create(maxId + 1, labels);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Recreates a series with a known id while replaying the log. A repeated id with the same labels
   * is ignored; a second id for the same labels becomes an alias of the first.
   *
   * @return false when the id is taken by other labels or the labels by another id (a corrupt log)
   */
  public boolean replaySeries(int id, Labels labels) {
    lock.writeLock().lock();
    try {
      MemSeries existing = byLabels.get(labels);
      if (existing != null) {
        if (existing.id == id) {
          return true;
        }
        if (id <= 0 || byId(id) != null) {
          return false;
        }
        // The series was removed from the head and created again under a new id; both ids'
        // samples belong to it.
        MemSeries[] all = byId;
        if (id >= all.length) {
          all = Arrays.copyOf(all, Math.max(id + 1, all.length * 2));
        }
        all[id] = existing;
        byId = all;
        maxId = Math.max(maxId, id);
        return true;
      }
      if (byId(id) != null || id <= 0 || labels.isEmpty()) {
        return false;
      }
      create(id, labels).logged = true;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Applies one logged sample while replaying the log.
   *
   * @return false when the series id is unknown
   */
  public boolean replaySample(int id, long t, double v) {
    MemSeries s = byId(id);
    if (s == null) {
      return false;
    }
    lock.writeLock().lock();
    try {
      applyOne(s, t, v);
    } finally {
      lock.writeLock().unlock();
    }
    return true;
  }

  /**
   * Applies a batch of logged samples while replaying the log, under one lock acquisition.
   *
   * @return how many samples named an unknown series id (and were skipped)
   */
  public int replaySamples(int[] ids, long[] ts, double[] vs, int n) {
    int unknown = 0;
    lock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        MemSeries s = byId(ids[i]);
        if (s == null) {
          unknown++;
        } else {
          applyOne(s, ts[i], vs[i]);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    return unknown;
  }

  private MemSeries create(int id, Labels labels) {
    Labels interned = index.intern(labels);
    MemSeries s = new MemSeries(id, interned);
    MemSeries[] all = byId;
    if (id >= all.length) {
      all = Arrays.copyOf(all, Math.max(id + 1, all.length * 2));
    }
    all[id] = s;
    byId = all;
    maxId = Math.max(maxId, id);
    index.add(id, interned);
    byLabels.put(interned, s);
    return s;
  }

  private void validate(Labels labels) {
    if (labels.isEmpty()) {
      throw new InvalidSeriesException("empty label set: a series needs at least one label");
    }
    if (limits.maxLabelsPerSeries() > 0 && labels.size() > limits.maxLabelsPerSeries()) {
      throw new LimitExceededException(
          "series "
              + labels
              + " has "
              + labels.size()
              + " labels; at most "
              + limits.maxLabelsPerSeries()
              + " are allowed");
    }
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      String value = labels.value(i);
      if (limits.maxLabelNameLength() > 0 && name.length() > limits.maxLabelNameLength()) {
        throw new LimitExceededException(
            "label name of "
                + name.length()
                + " chars in series "
                + labels
                + " exceeds the limit of "
                + limits.maxLabelNameLength());
      }
      if (limits.maxLabelValueLength() > 0 && value.length() > limits.maxLabelValueLength()) {
        throw new LimitExceededException(
            "value of label "
                + name
                + " has "
                + value.length()
                + " chars in series "
                + labels.metricName()
                + "; the limit is "
                + limits.maxLabelValueLength());
      }
      if (!isWellFormed(name) || !isWellFormed(value)) {
        throw new InvalidSeriesException(
            "label " + name + " of series " + labels.metricName() + " is not valid UTF-16 text");
      }
    }
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A name and a count, for {@link Status}. */
  public record Count(String name, long value) {}

  /**
   * What {@code /api/v1/status/tsdb} reports about the head (as Prometheus names it).
   *
   * @param numSeries series in the head
   * @param numLabelPairs distinct label pairs ({@code name=value}) in the head's index
   * @param chunkCount chunks in the head, sealed and open
   * @param minTime oldest sample in the head ({@code Long.MAX_VALUE} when empty)
   * @param maxTime newest sample in the head ({@code Long.MIN_VALUE} when empty)
   * @param seriesCountByMetricName metrics with the most series, descending
   * @param labelValueCountByLabelName label names with the most distinct values, descending
   * @param seriesCountByLabelValuePair label pairs ({@code name=value}) on the most series
   * @param memoryInBytesByLabelName label names whose distinct values take the most bytes (UTF-8)
   */
  public record Status(
      int numSeries,
      long numLabelPairs,
      long chunkCount,
      long minTime,
      long maxTime,
      List<Count> seriesCountByMetricName,
      List<Count> labelValueCountByLabelName,
      List<Count> seriesCountByLabelValuePair,
      List<Count> memoryInBytesByLabelName) {}

  /** Cardinality figures for the status API and {@code tsdb analyze}; top {@code limit} each. */
  public Status status(int limit) {
    lock.readLock().lock();
    try {
      List<Count> byMetric = new ArrayList<>();
      for (var e : index.values(Labels.METRIC_NAME)) {
        byMetric.add(new Count(e.getKey(), e.getValue().getLongCardinality()));
      }
      List<Count> byName = new ArrayList<>();
      List<Count> byPair = new ArrayList<>();
      List<Count> bytesByName = new ArrayList<>();
      for (String name : index.names()) {
        List<java.util.Map.Entry<String, org.roaringbitmap.RoaringBitmap>> values =
            index.values(name);
        byName.add(new Count(name, values.size()));
        long bytes = 0;
        for (var v : values) {
          byPair.add(new Count(name + "=" + v.getKey(), v.getValue().getLongCardinality()));
          bytes += v.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        bytesByName.add(new Count(name, bytes));
      }
      long chunks = 0;
      MemSeries[] all = byId;
      for (int i = 1; i <= maxId; i++) {
        MemSeries s = all[i];
        if (s != null && s.id == i) {
          chunks += s.chunkCount();
        }
      }
      return new Status(
          byLabels.size(),
          byPair.size(),
          chunks,
          headMinT,
          headMaxT,
          top(byMetric, limit),
          top(byName, limit),
          top(byPair, limit),
          top(bytesByName, limit));
    } finally {
      lock.readLock().unlock();
    }
  }

  private static List<Count> top(List<Count> counts, int limit) {
    counts.sort(
        (a, b) ->
            a.value() != b.value()
                ? Long.compare(b.value(), a.value())
                : a.name().compareTo(b.name()));
    return List.copyOf(counts.subList(0, Math.min(limit, counts.size())));
  }

  /** One series as written into a WAL checkpoint. */
  public record SeriesSnapshot(int id, Labels labels, List<Chunk> chunks) {}

  /** An action that may fail with an I/O error. */
  public interface IoAction {
    /** Runs the action. */
    void run() throws IOException;
  }

  /**
   * Runs {@code cut} (which closes the current WAL segment) with no batch between being logged and
   * being applied, and returns every series that has a record in the log, with all its chunks, as
   * of that moment: exactly the state the closed segments describe.
   */
  public List<SeriesSnapshot> snapshotAt(IoAction cut) throws IOException {
    synchronized (commitLock) {
      cut.run();
      lock.readLock().lock();
      try {
        List<SeriesSnapshot> out = new ArrayList<>();
        MemSeries[] all = byId;
        for (int i = 1; i <= maxId; i++) {
          MemSeries s = all[i];
          if (s != null && s.id == i && s.logged) {
            out.add(
                new SeriesSnapshot(
                    s.id, s.labels, List.of(s.chunksFor(Long.MIN_VALUE, Long.MAX_VALUE))));
          }
        }
        return out;
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /**
   * Deletes the samples in {@code [mint, maxt]} of every series matching {@code matchers}: logs a
   * tombstones record, then rewrites the chunks concerned (a series left without samples goes at
   * the next truncation). Samples appended after the deletion are kept, whatever their timestamp.
   *
   * @return the number of samples deleted
   * @throws IOException when the log could not be written; nothing is deleted then
   */
  public long delete(long mint, long maxt, Matcher... matchers) throws IOException {
    synchronized (commitLock) {
      List<MemSeries> hit = new ArrayList<>();
      lock.readLock().lock();
      try {
        org.roaringbitmap.IntIterator it = index.select(matchers).getIntIterator();
        while (it.hasNext()) {
          MemSeries s = byId(it.next());
          // A series without a record in the log holds no samples (its batch was rolled back).
          if (s != null && s.logged && !s.isEmpty() && s.minT() <= maxt && s.maxT() >= mint) {
            hit.add(s);
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      if (hit.isEmpty()) {
        return 0;
      }
      int n = hit.size();
      int[] ids = new int[n];
      long[] mints = new long[n];
      long[] maxts = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = hit.get(i).id;
        mints[i] = mint;
        maxts[i] = maxt;
      }
      log.logTombstones(ids, mints, maxts, n);
      return applyTombstones(ids, mints, maxts, n);
    }
  }

  /**
   * Applies a tombstones record while replaying the log (or after logging it).
   *
   * @return the number of samples deleted
   */
  public long applyTombstones(int[] ids, long[] mints, long[] maxts, int n) {
    long deleted = 0;
    lock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        MemSeries s = byId(ids[i]);
        if (s != null) {
          deleted += s.deleteRange(mints[i], maxts[i], chunkRange);
        }
      }
      long newMin = Long.MAX_VALUE;
      MemSeries[] all = byId;
      for (int i = 1; i <= maxId; i++) {
        MemSeries s = all[i];
        if (s != null && s.id == i && !s.isEmpty()) {
          newMin = Math.min(newMin, s.minT());
        }
      }
      headMinT = newMin;
      if (newMin == Long.MAX_VALUE) {
        headMaxT = Long.MIN_VALUE;
      }
    } finally {
      lock.writeLock().unlock();
    }
    return deleted;
  }

  /** Applies one sample; call under the write lock. */
  private void applyOne(MemSeries s, long t, double v) {
    boolean ooo = outOfOrderEnabled();
    if (t < minValidTime && !ooo) {
      droppedOutOfBounds.incrementAndGet();
      return;
    }
    if (s.append(t, v, chunkRange, ooo, packer) == MemSeries.Result.OUT_OF_ORDER) {
      droppedOutOfOrder.incrementAndGet();
      return;
    }
    if (t < headMinT) {
      headMinT = t;
    }
    if (t > headMaxT) {
      headMaxT = t;
      observeNewest(t);
    }
  }

  /** Applies a logged batch; called by appenders under the commit lock. */
  void apply(MemSeries[] series, long[] ts, double[] vs, int n) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        applyOne(series[i], ts[i], vs[i]);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
