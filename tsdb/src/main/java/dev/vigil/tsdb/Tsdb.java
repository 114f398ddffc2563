package dev.vigil.tsdb;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.StorageException;
import dev.vigil.core.storage.ValueType;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockMeta;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.block.Tombstones;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkSeries;
import dev.vigil.tsdb.head.CommitLog;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadLimits;
import dev.vigil.tsdb.head.SampleBuffer;
import dev.vigil.tsdb.wal.Checkpoint;
import dev.vigil.tsdb.wal.WalReplay;
import dev.vigil.tsdb.wal.WalWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The metrics store over one data directory. {@link #open} takes the directory's lock, replays the
 * write-ahead log into the head and starts a new log segment; then {@link #appender()} and {@link
 * #querier} serve the storage seams until {@link #close()}.
 *
 * <p>Durability: {@code commit()} returns after the batch is in the write-ahead log (see {@link
 * dev.vigil.tsdb.wal.FsyncPolicy} for what reaches the disk when). Data directory layout: see
 * {@code docs/formats/README.md}.
 *
 * <p>Thread-safe.
 */
public final class Tsdb implements Appendable, Queryable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Tsdb.class.getName());

  private final Path dir;
  private final Head head;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final WalReplay.Result replay;
  private final TsdbOptions options;
  private final boolean readOnly;
  private volatile WalWriter wal;
  private volatile boolean closed;
  // Persisted blocks in time order; replaced (never changed) under the head's write lock.
  private volatile List<Block> blocks;
  private final Object compactionLock = new Object();
  private final Object sleeper = new Object();
  private final Thread compactor;

  private Tsdb(
      Path dir, TsdbOptions options, FileChannel lockChannel, FileLock lock, boolean readOnly)
      throws IOException {
    this.readOnly = readOnly;
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.options = options;
    this.blocks = openBlocks(dir, readOnly);
    this.head =
        new Head(
            effectiveLimits(options),
            new CommitLog() {
              @Override
              public void log(
                  int[] ids,
                  Labels[] labels,
                  int nSeries,
                  int[] refs,
                  long[] ts,
                  double[] vs,
                  int n)
                  throws IOException {
                openWal().log(ids, labels, nSeries, refs, ts, vs, n);
              }

              @Override
              public void logTombstones(int[] ids, long[] mints, long[] maxts, int n)
                  throws IOException {
                openWal().logTombstones(ids, mints, maxts, n);
              }
            },
            options.blockRangeMillis());
    long blocksMax = Long.MIN_VALUE;
    for (Block b : blocks) {
      blocksMax = Math.max(blocksMax, b.meta().maxTime());
    }
    if (!blocks.isEmpty()) {
      head.setMinValidTime(blocksMax + 1);
      head.observeNewest(blocksMax);
    }
    Path walDir = dir.resolve("wal");
    ReplayHandler handler = new ReplayHandler(head);
    this.replay = WalReplay.replay(walDir, handler);
    if (handler.conflicts > 0 || handler.unknownSamples > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "write-ahead log replay in {0}: {1} conflicting series records, {2} samples of unknown"
              + " series skipped",
          walDir,
          handler.conflicts,
          handler.unknownSamples);
    }
    if (readOnly) {
      this.wal = null;
      this.compactor = null;
      return;
    }
    this.wal =
        new WalWriter(
            walDir,
            replay.lastSegment(),
            options.walSegmentBytes(),
            options.fsync(),
            options.fsyncIntervalMillis());
    compact();
    if (options.compactionIntervalMillis() > 0) {
      compactor =
          Thread.ofPlatform()
              .daemon()
              .name("vigil-tsdb-compaction")
              .start(() -> compactionLoop(options.compactionIntervalMillis()));
    } else {
      compactor = null;
    }
  }

  /** The limits, with the out-of-order window no longer than the retention (older data goes). */
  private static HeadLimits effectiveLimits(TsdbOptions options) {
    HeadLimits l = options.limits();
    long retention = options.retentionMillis();
    if (retention > 0 && l.outOfOrderWindowMillis() > retention) {
      return l.withOutOfOrderWindow(retention);
    }
    return l;
  }

  private WalWriter openWal() throws IOException {
    WalWriter w = wal;
    if (w == null) {
      throw new IOException("the store is not open for writing");
    }
    return w;
  }

  private static List<Block> openBlocks(Path dir, boolean readOnly) throws IOException {
    List<Block> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp") || name.endsWith(".deleted")) {
          if (readOnly) {
            continue;
          }
          deleteRecursively(p);
          LOG.log(System.Logger.Level.INFO, "removed unfinished block directory {0}", p);
        } else if (Files.isDirectory(p) && Files.exists(p.resolve("meta.json"))) {
          try {
            out.add(Block.open(p));
          } catch (IOException e) {
            LOG.log(
                System.Logger.Level.ERROR,
                "skipping unreadable block {0}: {1}; move it away to silence this",
                p,
                e.getMessage());
          }
        }
      }
    }
    // A merged block makes its parents obsolete; they remain only if a crash came between
    // writing the merged block and deleting them.
    java.util.Set<String> obsolete = new java.util.HashSet<>();
    for (Block b : out) {
      obsolete.addAll(b.meta().parents());
    }
    List<Block> live = new ArrayList<>();
    for (Block b : out) {
      if (obsolete.contains(b.meta().id())) {
        if (!readOnly) {
          deleteBlockDir(b);
        }
      } else {
        live.add(b);
      }
    }
    live.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    return List.copyOf(live);
  }

  private static void deleteBlockDir(Block b) throws IOException {
    Path gone = b.dir().resolveSibling(b.dir().getFileName() + ".deleted");
    Files.move(b.dir(), gone);
    deleteRecursively(gone);
  }

  /**
   * Merges blocks that overlap in time, then the blocks of each complete window of 3 and then 9
   * block ranges (a window is complete when the head can no longer add to it) into one block per
   * window.
   *
   * @return the number of merged blocks written
   */
  private int mergeBlocks() throws IOException {
    int merged = mergeOverlapping();
    long range = options.blockRangeMillis();
    for (long window : new long[] {range * 3, range * 9}) {
      while (!closed) {
        List<Block> group = completeWindow(blocks, window);
        if (group == null) {
          break;
        }
        merge(group);
        merged++;
      }
    }
    return merged;
  }

  private List<Block> completeWindow(List<Block> current, long window) {
    for (Block b : current) {
      long start = Math.floorDiv(b.meta().minTime(), window) * window;
      long end = start + window;
      if (head.minValidTime() < end) {
        continue; // the head may still add to this window
      }
      List<Block> group = new ArrayList<>();
      for (Block c : current) {
        if (c.meta().minTime() >= start && c.meta().maxTime() < end) {
          group.add(c);
        }
      }
      if (group.size() >= 2) {
        return group;
      }
    }
    return null;
  }

  /** One block's chunks of a series and the ranges deleted from them (or null). */
  private static final class Part {
    private final List<Chunk> chunks;
    private final long[] deleted;

    Part(List<Chunk> chunks, long[] deleted) {
      this.chunks = chunks;
      this.deleted = deleted;
    }

    List<Chunk> chunks() {
      return chunks;
    }

    long[] deleted() {
      return deleted;
    }
  }

  /**
   * Writes the blocks of {@code group} as one block (deletions applied, overlaps resolved by write
   * order), swaps it in and deletes them. A group of one rewrites a block without its deleted
   * samples, at the same level.
   */
  private void merge(List<Block> group) throws IOException {
    List<Block> ordered = inWriteOrder(group);
    java.util.TreeMap<Labels, List<Part>> series = new java.util.TreeMap<>();
    List<String> warnings = new ArrayList<>();
    int level = group.size() == 1 ? group.get(0).meta().level() - 1 : 0;
    List<String> parents = new ArrayList<>();
    for (Block b : ordered) {
      Tombstones dead = b.tombstones();
      List<BlockWriter.SeriesChunks> all = b.allSeriesChunks(warnings);
      for (int i = 0; i < all.size(); i++) {
        BlockWriter.SeriesChunks sc = all.get(i);
        series
            .computeIfAbsent(sc.labels(), k -> new ArrayList<>())
            .add(new Part(sc.chunks(), dead.of(i)));
      }
      level = Math.max(level, b.meta().level());
      parents.add(b.meta().id());
    }
    for (String w : warnings) {
      LOG.log(System.Logger.Level.WARNING, "while merging blocks: {0}", w);
    }
    List<BlockWriter.SeriesChunks> input = new ArrayList<>(series.size());
    SampleBuffer buf = new SampleBuffer();
    series.forEach(
        (ls, perBlock) -> {
          List<Chunk> chunks = mergeChunks(ls, perBlock, buf);
          if (!chunks.isEmpty()) {
            input.add(new BlockWriter.SeriesChunks(ls, chunks));
          }
        });
    BlockMeta meta = BlockWriter.write(dir, input, level + 1, parents);
    Block merged = meta == null ? null : Block.open(dir.resolve(meta.id()));
    head.writeLock().lock();
    try {
      List<Block> next = new ArrayList<>(blocks);
      next.removeAll(group);
      if (merged != null) {
        next.add(merged);
      }
      next.sort(Comparator.comparingLong(b -> b.meta().minTime()));
      blocks = List.copyOf(next);
    } finally {
      head.writeLock().unlock();
    }
    for (Block b : group) {
      deleteBlockDir(b);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "merged {0} blocks into {1} (level {2})",
        group.size(),
        meta == null ? "nothing" : meta.id(),
        level + 1);
  }

  /**
   * One series' chunks from several blocks (listed oldest write first) as one list in time order:
   * the chunks themselves when they do not overlap and nothing is deleted, else the samples merged
   * (the newest write winning for a repeated timestamp) and encoded again.
   */
  private List<Chunk> mergeChunks(Labels ls, List<Part> perBlock, SampleBuffer buf) {
    List<Chunk> all = new ArrayList<>();
    boolean overlap = false;
    for (Part p : perBlock) {
      all.addAll(p.chunks());
      overlap |= p.deleted() != null;
    }
    all.sort(Comparator.comparingLong(Chunk::minT));
    for (int i = 1; i < all.size() && !overlap; i++) {
      overlap = all.get(i).minT() <= all.get(i - 1).maxT();
    }
    if (!overlap) {
      return all;
    }
    List<SampleIterator> its = new ArrayList<>(perBlock.size());
    for (Part p : perBlock) {
      SampleIterator it =
          new ChunkSeries(ls, p.chunks().toArray(new Chunk[0]), Long.MIN_VALUE, Long.MAX_VALUE)
              .iterator(null);
      its.add(p.deleted() == null ? it : Tombstones.filter(it, p.deleted()));
    }
    MergeIterator it = new MergeIterator(its);
    buf.clear();
    while (it.next() != ValueType.NONE) {
      buf.add(it.atT(), it.atF());
    }
    List<Chunk> out = new ArrayList<>();
    buf.encode(0, buf.size(), CHUNK_SAMPLES, options.blockRangeMillis(), out);
    return out;
  }

  /** Samples per chunk when merging re-encodes a series. */
  private static final int CHUNK_SAMPLES = 120;

  /** {@code blocks} ordered by when they were written (their ids are ULIDs), oldest first. */
  static List<Block> inWriteOrder(List<Block> blocks) {
    List<Block> out = new ArrayList<>(blocks);
    out.sort(Comparator.comparing(b -> b.meta().id()));
    return out;
  }

  private int mergeOverlapping() throws IOException {
    int merged = 0;
    while (!closed) {
      List<Block> group = overlapping(blocks);
      if (group == null) {
        break;
      }
      merge(group);
      merged++;
    }
    return merged;
  }

  /**
   * The first set of blocks whose time ranges overlap, directly or through each other, or null.
   * Such blocks come from out-of-order samples cut from the head after their range had been cut.
   */
  private static List<Block> overlapping(List<Block> current) {
    List<Block> byMin = new ArrayList<>(current);
    byMin.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    List<Block> group = new ArrayList<>();
    long groupMax = Long.MIN_VALUE;
    for (Block b : byMin) {
      if (!group.isEmpty() && b.meta().minTime() > groupMax) {
        if (group.size() >= 2) {
          return group;
        }
        group.clear();
      }
      if (group.isEmpty()) {
        groupMax = b.meta().maxTime();
      }
      group.add(b);
      groupMax = Math.max(groupMax, b.meta().maxTime());
    }
    return group.size() >= 2 ? group : null;
  }

  static void deleteRecursively(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * Deletes the samples in {@code [mint, maxt]} of every series matching {@code matchers}: a
   * tombstone in each block concerned (applied when read, purged when the block is rewritten) and a
   * tombstones record in the write-ahead log for the head, whose chunks are rewritten at once. On
   * return the deletion is durable (per the fsync policy for the log) and queries no longer see the
   * samples. Samples written afterwards are kept, whatever their timestamps.
   *
   * @throws IllegalArgumentException when no matcher is given or {@code mint > maxt}
   */
  public void delete(long mint, long maxt, dev.vigil.core.model.Matcher... matchers)
      throws IOException {
    checkWritable();
    if (matchers.length == 0) {
      throw new IllegalArgumentException("deleting series needs at least one matcher");
    }
    if (mint > maxt) {
      throw new IllegalArgumentException(
          "start " + mint + " is after end " + maxt + "; nothing would be deleted");
    }
    synchronized (compactionLock) { // no block is cut, merged or deleted meanwhile
      int inBlocks = 0;
      for (Block b : blocks) {
        inBlocks += b.delete(mint, maxt, matchers);
      }
      long inHead = head.delete(mint, maxt, matchers);
      LOG.log(
          System.Logger.Level.INFO,
          "deleted {0}..{1} of series matching {2}: {3} series in blocks, {4} samples in memory",
          mint,
          maxt,
          java.util.Arrays.toString(matchers),
          inBlocks,
          inHead);
    }
  }

  /**
   * Rewrites every block that has tombstones without the deleted samples (a block left empty is
   * dropped), so deleted data leaves the disk.
   *
   * @return the number of blocks rewritten
   */
  public int cleanTombstones() throws IOException {
    checkWritable();
    synchronized (compactionLock) {
      // Overlapping blocks first, so that a rewritten block (a newer id) cannot win over a block
      // written after its parent.
      mergeOverlapping();
      int n = 0;
      for (Block b : blocks) {
        if (!b.tombstones().isEmpty() && !closed) {
          merge(List.of(b));
          n++;
        }
      }
      return n;
    }
  }

  /** The persisted blocks, oldest first (an immutable snapshot). */
  public List<Block> blocks() {
    return blocks;
  }

  private void compactionLoop(long intervalMillis) {
    while (true) {
      // Not interrupted by close(): an interrupt would close the file channels it is writing.
      synchronized (sleeper) {
        if (closed) {
          return;
        }
        try {
          sleeper.wait(intervalMillis);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
      }
      try {
        compact();
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "compaction in {0} failed: {1}", dir, e.toString());
      }
    }
  }

  /**
   * Cuts the oldest block range out of the head while the head spans more than 1.5 ranges, then
   * deletes blocks past retention. Runs in the background; tests call it directly.
   *
   * @return the number of blocks written
   */
  public int compact() throws IOException {
    synchronized (compactionLock) {
      int written = 0;
      long range = options.blockRangeMillis();
      while (!closed
          && head.maxTime() != Long.MIN_VALUE
          && head.minTime() != Long.MAX_VALUE
          && head.maxTime() - head.minTime() > range + range / 2) {
        long boundary = Math.floorDiv(head.minTime(), range) * range + range;
        List<BlockWriter.SeriesChunks> chunks = head.chunksBefore(boundary);
        BlockMeta meta = BlockWriter.write(dir, chunks);
        Block block = meta == null ? null : Block.open(dir.resolve(meta.id()));
        head.truncateBefore(
            boundary,
            () -> {
              if (block != null) {
                List<Block> next = new ArrayList<>(blocks);
                next.add(block);
                blocks = List.copyOf(next);
              }
            });
        if (meta != null) {
          written++;
          LOG.log(
              System.Logger.Level.INFO,
              "wrote block {0}: {1} series, {2} samples, {3}..{4}",
              meta.id(),
              meta.numSeries(),
              meta.numSamples(),
              meta.minTime(),
              meta.maxTime());
        }
      }
      if (written > 0) {
        checkpoint();
      }
      mergeBlocks();
      applyRetention();
      return written;
    }
  }

  /**
   * Writes a consistent copy of everything stored into {@code target} (created if needed; must not
   * hold blocks already): the persisted blocks as hard links (no data copied, so {@code target}
   * must be on the same file system), and the head as one more block. {@code target} can be opened
   * as a data directory of its own, e.g. to restore a backup.
   *
   * @return the number of blocks in the snapshot
   */
  public int snapshot(Path target) throws IOException {
    checkOpen();
    synchronized (compactionLock) { // no block is cut or deleted meanwhile
      List<Block> bs;
      List<BlockWriter.SeriesChunks> fromHead;
      head.readLock().lock();
      try {
        bs = blocks;
        fromHead = head.allChunks();
      } finally {
        head.readLock().unlock();
      }
      Files.createDirectories(target);
      for (Block b : bs) {
        Path to = target.resolve(b.dir().getFileName());
        try (Stream<Path> walk = Files.walk(b.dir())) {
          for (Path f : walk.toList()) {
            Path dest = to.resolve(b.dir().relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(dest);
            } else {
              Files.createLink(dest, f);
            }
          }
        }
      }
      BlockMeta meta = BlockWriter.write(target, fromHead);
      LOG.log(
          System.Logger.Level.INFO,
          "snapshot of {0} in {1}: {2} blocks linked, head written as block {3}",
          dir,
          target,
          bs.size(),
          meta == null ? "(empty)" : meta.id());
      return bs.size() + (meta == null ? 0 : 1);
    }
  }

  /**
   * Replaces the WAL segments written so far by a checkpoint of the head, so the log holds only
   * what is not yet in blocks.
   */
  private void checkpoint() throws IOException {
    WalWriter w = wal;
    if (w == null) {
      return;
    }
    int[] last = {-1};
    List<Head.SeriesSnapshot> snapshot = head.snapshotAt(() -> last[0] = w.cut());
    long started = System.nanoTime();
    Checkpoint.write(dir.resolve("wal"), last[0], snapshot);
    LOG.log(
        System.Logger.Level.INFO,
        "wrote WAL checkpoint up to segment {0} ({1} series) in {2} ms; older segments deleted",
        last[0],
        snapshot.size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private void applyRetention() throws IOException {
    List<Block> current = blocks;
    if (current.isEmpty()) {
      return;
    }
    long retention = options.retentionMillis();
    long newest = Math.max(head.maxTime(), current.get(current.size() - 1).meta().maxTime());
    long cutoff = retention > 0 ? newest - retention : Long.MIN_VALUE;
    long total = 0;
    for (Block b : current) {
      total += b.sizeBytes();
    }
    List<Block> keep = new ArrayList<>();
    List<Block> drop = new ArrayList<>();
    for (Block b : current) {
      boolean tooOld = b.meta().maxTime() < cutoff;
      boolean tooBig = options.retentionBytes() > 0 && total > options.retentionBytes();
      if (tooOld || tooBig) {
        drop.add(b);
        total -= b.sizeBytes();
      } else {
        keep.add(b);
      }
    }
    if (drop.isEmpty()) {
      return;
    }
    head.writeLock().lock();
    try {
      blocks = List.copyOf(keep);
    } finally {
      head.writeLock().unlock();
    }
    for (Block b : drop) {
      deleteBlockDir(b);
      LOG.log(
          System.Logger.Level.INFO,
          "deleted block {0} ({1}..{2}): past retention (time or size)",
          b.meta().id(),
          b.meta().minTime(),
          b.meta().maxTime());
    }
  }

  /**
   * Opens (creating if needed) the store in {@code dir}.
   *
   * @throws IOException when the directory cannot be used, is locked by another process, or holds a
   *     log of an unknown format version
   */
  public static Tsdb open(Path dir, TsdbOptions options) throws IOException {
    Files.createDirectories(dir);
    return openLocked(dir, options, false);
  }

  private static Tsdb openLocked(Path dir, TsdbOptions options, boolean readOnly)
      throws IOException {
    FileChannel ch =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("data directory " + dir + " is in use by another Vigil process");
    }
    try {
      return new Tsdb(dir, options, ch, lock, readOnly);
    } catch (IOException | RuntimeException e) {
      lock.release();
      ch.close();
      throw e;
    }
  }

  /**
   * Opens the store in {@code dir} for reading only, e.g. for {@code vigil tsdb analyze}: the
   * directory is locked as by {@link #open}, blocks are opened and the write-ahead log replayed
   * into memory, but nothing is written, compacted or deleted (except that a damaged log tail is
   * cut off, as any open does). {@link #appender()} then fails.
   *
   * @throws IOException when {@code dir} holds no store or is in use by another process
   */
  public static Tsdb openReadOnly(Path dir, TsdbOptions options) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no metrics store in " + dir + ": not a directory");
    }
    return openLocked(dir, options, true);
  }

  /** The data directory. */
  public Path dir() {
    return dir;
  }

  /** What the write-ahead log replay at open found (including cut-off damage). */
  public WalReplay.Result replayResult() {
    return replay;
  }

  /** The in-memory head, for statistics. */
  public Head head() {
    return head;
  }

  @Override
  public Appender appender() {
    checkWritable();
    return head.appender();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    checkOpen();
    return new DbQuerier(this, mint, maxt);
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new StorageException("the store in " + dir + " is open for reading only");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the store in " + dir + " is closed");
    }
  }

  /** Flushes and closes the write-ahead log and releases the directory. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    synchronized (sleeper) {
      closed = true;
      sleeper.notifyAll();
    }
    if (compactor != null) {
      try {
        compactor.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    WalWriter w;
    synchronized (compactionLock) {
      w = wal;
      wal = null;
    }
    try {
      if (w != null) {
        w.close();
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  private static final class ReplayHandler implements WalReplay.Handler {
    private final Head head;
    long conflicts;
    long unknownSamples;

    ReplayHandler(Head head) {
      this.head = head;
    }

    @Override
    public void series(int id, Labels labels) {
      if (!head.replaySeries(id, labels)) {
        conflicts++;
      }
    }

    @Override
    public void samples(int[] ids, long[] ts, double[] vs, int n) {
      unknownSamples += head.replaySamples(ids, ts, vs, n);
    }

    @Override
    public void tombstones(int[] ids, long[] mints, long[] maxts, int n) {
      head.applyTombstones(ids, mints, maxts, n);
    }
  }
}
