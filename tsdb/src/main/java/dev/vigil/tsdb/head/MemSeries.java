package dev.vigil.tsdb.head;

import dev.vigil.core.model.Labels;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.XorDecoder;
import dev.vigil.tsdb.chunk.XorEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series in the head: its labels, its sealed chunks and its open chunk, in time order and not
 * overlapping. The open chunk (XOR) is sealed when a sample arrives for a full one, so an in-order
 * sample is a cheap append; sealing packs it into the previous sealed chunk of its block range
 * ({@link ChunkPacker}). An out-of-order sample or a deletion rewrites the chunk concerned. A
 * repeated timestamp replaces the value (last write wins), whether it is the newest or not.
 *
 * <p>Guarded by the head's lock: changed under the write lock, read under the read lock.
 */
final class MemSeries {
  static final int SAMPLES_PER_CHUNK = 120;
  private static final Chunk[] NONE = {};

  /** What {@link #append} did with a sample. */
  enum Result {
    APPENDED,
    REPLACED,
    UNCHANGED,
    OUT_OF_ORDER
  }

  final int id;
  final Labels labels;
  private Chunk[] sealed = NONE;
  private int nSealed;
  private XorEncoder open;
  // Read without the lock by appenders for early out-of-order checks; exact under the lock.
  private volatile long maxT = Long.MIN_VALUE;
  private long minT = Long.MAX_VALUE;
  private boolean empty = true;

  /** Whether a SERIES record for this series is in the commit log. Guarded by the commit lock. */
  boolean logged;

  /**
   * Set when the series was removed from the head (under the commit lock); a batch holding it looks
   * it up again at commit.
   */
  volatile boolean removed;

  MemSeries(int id, Labels labels) {
    this.id = id;
    this.labels = labels;
  }

  /**
   * Reads the series' fields and the end of its open chunk, so that they are in the CPU cache for
   * an append that follows shortly; a racy read, the result means nothing.
   */
  int touch() {
    XorEncoder o = open;
    return o == null ? nSealed : o.touch();
  }

  boolean isEmpty() {
    return empty;
  }

  long minT() {
    return minT;
  }

  long maxT() {
    return maxT;
  }

  /**
   * Adds a sample. Chunks never span a multiple of {@code chunkRange}, so that the head can be cut
   * into blocks at those boundaries. A sample at or before the newest timestamp rewrites the chunk
   * it falls in: a repeated timestamp replaces the value (last write wins, in order or not); an
   * older timestamp is inserted when {@code outOfOrder} allows it and refused otherwise.
   */
  Result append(long t, double v, long chunkRange, boolean outOfOrder, ChunkPacker packer) {
    if (!empty && t <= maxT) {
      if (open != null && open.count() > 0 && t == open.maxT()) {
        if (Double.doubleToRawLongBits(open.lastValue()) == Double.doubleToRawLongBits(v)) {
          return Result.UNCHANGED;
        }
        open.replaceLast(v);
        return Result.REPLACED;
      }
      if (t < maxT && !outOfOrder) {
        return Result.OUT_OF_ORDER;
      }
      return insert(t, v, chunkRange, packer);
    }
    if (open == null) {
      open = new XorEncoder();
    } else if (open.count() >= SAMPLES_PER_CHUNK
        || (open.count() > 0
            && Math.floorDiv(t, chunkRange) != Math.floorDiv(open.minT(), chunkRange))) {
      sealOpen(chunkRange, packer);
      open = new XorEncoder();
    }
    open.append(t, v);
    if (empty) {
      minT = t;
      empty = false;
    }
    maxT = t;
    return Result.APPENDED;
  }

  /** Seals the open chunk, packed and appended to the last sealed chunk when it fits there. */
  private void sealOpen(long chunkRange, ChunkPacker packer) {
    Chunk last = nSealed > 0 ? sealed[nSealed - 1] : null;
    if (ChunkPacker.fits(last, open, chunkRange)) {
      sealed[nSealed - 1] = packer.pack(last, open);
    } else {
      seal(packer.pack(null, open));
    }
  }

  private void seal(Chunk c) {
    if (nSealed == sealed.length) {
      sealed = Arrays.copyOf(sealed, Math.max(4, nSealed * 2));
    }
    sealed[nSealed++] = c;
  }

  /**
   * Puts a sample with {@code t <= maxT} into the chunk whose time span holds it, or into a
   * neighbour of the same block range with room, or into a new chunk; the chunk is decoded and
   * encoded again (out-of-order writes are the slow path); a packed chunk stays packed.
   */
  private Result insert(long t, double v, long chunkRange, ChunkPacker packer) {
    SampleBuffer buf = new SampleBuffer();
    XorDecoder scratch = new XorDecoder();
    ChunkDecoder chunks = new ChunkDecoder();
    int max = 2 * SAMPLES_PER_CHUNK;
    if (open != null && open.count() > 0 && t >= open.minT()) {
      XorDecoder d = open.decoder(scratch);
      while (d.next()) {
        buf.add(d.atT(), d.atF());
      }
      if (buf.holds(t, v)) {
        return Result.UNCHANGED;
      }
      boolean replaced = buf.put(t, v);
      int keep = buf.size() > max ? SAMPLES_PER_CHUNK : buf.size();
      List<Chunk> head = new ArrayList<>();
      buf.encode(0, buf.size() - keep, SAMPLES_PER_CHUNK, chunkRange, head);
      for (Chunk c : head) {
        seal(c);
      }
      open = new XorEncoder();
      for (int i = buf.size() - keep; i < buf.size(); i++) {
        open.append(buf.t(i), buf.v(i));
      }
      minT = Math.min(minT, t);
      return replaced ? Result.REPLACED : Result.APPENDED;
    }
    int idx = 0;
    while (idx < nSealed && sealed[idx].maxT() < t) {
      idx++;
    }
    long window = Math.floorDiv(t, chunkRange);
    int target;
    if (idx < nSealed && sealed[idx].minT() <= t) {
      target = idx;
    } else if (idx > 0
        && Math.floorDiv(sealed[idx - 1].minT(), chunkRange) == window
        && sealed[idx - 1].count() < max) {
      target = idx - 1;
    } else if (idx < nSealed
        && Math.floorDiv(sealed[idx].minT(), chunkRange) == window
        && sealed[idx].count() < max) {
      target = idx;
    } else {
      target = -1;
    }
    boolean replaced = false;
    if (target >= 0) {
      buf.addAll(sealed[target], chunks);
      if (buf.holds(t, v)) {
        return Result.UNCHANGED;
      }
      replaced = buf.put(t, v);
    } else {
      buf.add(t, v);
    }
    List<Chunk> out = new ArrayList<>(2);
    if (target >= 0 && !sealed[target].isXor()) {
      packer.packAll(buf, 0, buf.size(), chunkRange, out);
    } else {
      buf.encode(0, buf.size(), buf.size() > max ? SAMPLES_PER_CHUNK : max, chunkRange, out);
    }
    splice(target >= 0 ? target : idx, target >= 0 ? 1 : 0, out);
    minT = Math.min(minT, t);
    return replaced ? Result.REPLACED : Result.APPENDED;
  }

  /** Replaces {@code remove} sealed chunks from {@code at} by {@code with}. */
  private void splice(int at, int remove, List<Chunk> with) {
    int n = nSealed - remove + with.size();
    Chunk[] next = new Chunk[Math.max(4, n)];
    System.arraycopy(sealed, 0, next, 0, at);
    for (int i = 0; i < with.size(); i++) {
      next[at + i] = with.get(i);
    }
    System.arraycopy(sealed, at + remove, next, at + with.size(), nSealed - at - remove);
    sealed = next;
    nSealed = n;
  }

  /**
   * Deletes the samples in {@code [from, to]}, rewriting the chunks that hold some. Call under the
   * write lock.
   *
   * @return the number of samples deleted
   */
  int deleteRange(long from, long to, long chunkRange) {
    if (empty || maxT < from || minT > to) {
      return 0;
    }
    int deleted = 0;
    SampleBuffer buf = new SampleBuffer();
    XorDecoder scratch = new XorDecoder();
    ChunkDecoder chunks = new ChunkDecoder();
    List<Chunk> kept = new ArrayList<>(nSealed);
    for (int i = 0; i < nSealed; i++) {
      Chunk c = sealed[i];
      if (c.maxT() < from || c.minT() > to) {
        kept.add(c);
        continue;
      }
      buf.clear();
      buf.addAll(c, chunks);
      deleted += buf.removeRange(from, to);
      buf.encode(0, buf.size(), SAMPLES_PER_CHUNK, chunkRange, kept);
    }
    if (open != null && open.count() > 0 && open.maxT() >= from && open.minT() <= to) {
      buf.clear();
      XorDecoder d = open.decoder(scratch);
      while (d.next()) {
        buf.add(d.atT(), d.atF());
      }
      deleted += buf.removeRange(from, to);
      open = null;
      if (buf.size() > 0) {
        open = new XorEncoder();
        for (int i = 0; i < buf.size(); i++) {
          open.append(buf.t(i), buf.v(i));
        }
      }
    }
    sealed = kept.toArray(new Chunk[Math.max(4, kept.size())]);
    nSealed = kept.size();
    recomputeBounds();
    return deleted;
  }

  private void recomputeBounds() {
    boolean hasOpen = open != null && open.count() > 0;
    if (nSealed == 0 && !hasOpen) {
      open = null;
      empty = true;
      minT = Long.MAX_VALUE;
      maxT = Long.MIN_VALUE;
      return;
    }
    empty = false;
    minT = nSealed > 0 ? sealed[0].minT() : open.minT();
    maxT = hasOpen ? open.maxT() : sealed[nSealed - 1].maxT();
  }

  /**
   * The chunks that may hold samples in {@code [from, to]}, with the open chunk copied. Call under
   * the read lock.
   */
  Chunk[] chunksFor(long from, long to) {
    if (empty || maxT < from || minT > to) {
      return new Chunk[0];
    }
    int first = 0;
    while (first < nSealed && sealed[first].maxT() < from) {
      first++;
    }
    int end = first;
    while (end < nSealed && sealed[end].minT() <= to) {
      end++;
    }
    boolean withOpen = open != null && open.count() > 0 && open.minT() <= to && open.maxT() >= from;
    Chunk[] out = new Chunk[end - first + (withOpen ? 1 : 0)];
    System.arraycopy(sealed, first, out, 0, end - first);
    if (withOpen) {
      out[out.length - 1] = open.snapshot();
    }
    return out;
  }

  /** Whether the series has a sample in {@code [from, to]}. Call under the read lock. */
  boolean hasSamplesIn(long from, long to, ChunkDecoder scratch) {
    if (empty || maxT < from || minT > to) {
      return false;
    }
    if ((minT >= from && minT <= to) || maxT <= to) {
      return true;
    }
    int n = open != null && open.count() > 0 ? nSealed + 1 : nSealed;
    for (int i = 0; i < n; i++) {
      long cmin = i < nSealed ? sealed[i].minT() : open.minT();
      long cmax = i < nSealed ? sealed[i].maxT() : open.maxT();
      if (cmax < from) {
        continue;
      }
      if (cmin > to) {
        return false;
      }
      if (cmin >= from || cmax <= to) {
        return true;
      }
      ChunkDecoder d = scratch.reset(i < nSealed ? sealed[i] : open.snapshot());
      while (d.next()) {
        if (d.atT() >= from) {
          return d.atT() <= to;
        }
      }
    }
    return false;
  }

  /**
   * Seals the open chunk if it ends before {@code boundary}, then adds the chunks that end before
   * {@code boundary} to {@code out}. Every chunk handed out is a sealed chunk, so that {@link
   * #truncate} can later drop exactly these. Call under the write lock.
   */
  void chunksBefore(long boundary, List<Chunk> out, long chunkRange, ChunkPacker packer) {
    if (open != null && open.count() > 0 && open.maxT() < boundary) {
      sealOpen(chunkRange, packer);
      open = null;
    }
    for (int i = 0; i < nSealed; i++) {
      if (sealed[i].maxT() < boundary) {
        out.add(sealed[i]);
      }
    }
  }

  /**
   * Drops the sealed chunks in {@code cut} (identity), i.e. those written to a block; chunks
   * rewritten since by an out-of-order write or a deletion are kept. Call under the write lock.
   *
   * @return whether the series holds no samples any more
   */
  boolean truncate(java.util.Set<Chunk> cut) {
    int keep = 0;
    for (int i = 0; i < nSealed; i++) {
      if (!cut.contains(sealed[i])) {
        sealed[keep++] = sealed[i];
      }
    }
    Arrays.fill(sealed, keep, nSealed, null);
    nSealed = keep;
    recomputeBounds();
    return empty;
  }

  /** Chunks held (sealed and open), for statistics. */
  int chunkCount() {
    return nSealed + (open != null && open.count() > 0 ? 1 : 0);
  }

  /** Samples held, for statistics. */
  long sampleCount() {
    long n = open == null ? 0 : open.count();
    for (int i = 0; i < nSealed; i++) {
      n += sealed[i].count();
    }
    return n;
  }

  /** Bytes held by chunk data, for statistics. */
  long chunkBytes() {
    long n = open == null ? 0 : (open.bitLength() + 7) / 8;
    for (int i = 0; i < nSealed; i++) {
      n += sealed[i].sizeBytes();
    }
    return n;
  }
}
