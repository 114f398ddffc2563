package dev.vigil.tsdb.block;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.ValueType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The deletions recorded for one block: per series (by its position in the block's index), the time
 * ranges whose samples are deleted. Applied when the block is read, purged when compaction rewrites
 * the block. Stored in the block's {@code tombstones} file (see {@code
 * docs/formats/tombstones.md}); the block's other files never change.
 *
 * <p>Immutable; {@link #with} returns a new set.
 */
public final class Tombstones {
  static final String FILE = "tombstones";
  private static final int MAGIC = 0x56544D42; // "VTMB"
  private static final byte VERSION = 1;

  /** No deletions. */
  public static final Tombstones NONE = new Tombstones(new TreeMap<>());

  // series position -> {mint0, maxt0, mint1, maxt1, ...}, sorted and non-overlapping
  private final Map<Integer, long[]> bySeries;

  private Tombstones(Map<Integer, long[]> bySeries) {
    this.bySeries = bySeries;
  }

  /** Whether nothing is deleted. */
  public boolean isEmpty() {
    return bySeries.isEmpty();
  }

  /** The deleted ranges of series {@code s} as {@code [mint0, maxt0, mint1, ...]}, or null. */
  public long[] of(int s) {
    return bySeries.get(s);
  }

  /** The number of series with deletions. */
  public int seriesCount() {
    return bySeries.size();
  }

  /** A set that also deletes {@code [mint, maxt]} of series {@code s}. */
  Tombstones with(int s, long mint, long maxt) {
    Map<Integer, long[]> next = new TreeMap<>(bySeries);
    next.put(s, addInterval(next.get(s), mint, maxt));
    return new Tombstones(next);
  }

  private static long[] addInterval(long[] old, long mint, long maxt) {
    int n = old == null ? 0 : old.length / 2;
    long[][] all = new long[n + 1][];
    for (int i = 0; i < n; i++) {
      all[i] = new long[] {old[2 * i], old[2 * i + 1]};
    }
    all[n] = new long[] {mint, maxt};
    Arrays.sort(all, (a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[2 * all.length];
    int k = 0;
    for (long[] iv : all) {
      // Merge with the previous interval when they overlap or touch.
      if (k > 0 && (out[k - 1] == Long.MAX_VALUE || iv[0] <= out[k - 1] + 1)) {
        out[k - 1] = Math.max(out[k - 1], iv[1]);
      } else {
        out[k++] = iv[0];
        out[k++] = iv[1];
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** Whether {@code t} lies in one of {@code intervals}. */
  static boolean deleted(long[] intervals, long t) {
    for (int i = 0; i < intervals.length; i += 2) {
      if (t >= intervals[i] && t <= intervals[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** {@code series} without the samples in {@code intervals}. */
  public static Series filter(Series series, long[] intervals) {
    return new Series() {
      @Override
      public Labels labels() {
        return series.labels();
      }

      @Override
      public SampleIterator iterator(SampleIterator reuse) {
        return filter(series.iterator(null), intervals);
      }
    };
  }

  /** {@code it} without the samples in {@code intervals}. */
  public static SampleIterator filter(SampleIterator it, long[] intervals) {
    return new SampleIterator() {
      @Override
      public ValueType next() {
        ValueType vt;
        do {
          vt = it.next();
        } while (vt != ValueType.NONE && deleted(intervals, it.atT()));
        return vt;
      }

      @Override
      public ValueType seek(long t) {
        ValueType vt = it.seek(t);
        while (vt != ValueType.NONE && deleted(intervals, it.atT())) {
          vt = it.next();
        }
        return vt;
      }

      @Override
      public long atT() {
        return it.atT();
      }

      @Override
      public double atF() {
        return it.atF();
      }

      @Override
      public Throwable err() {
        return it.err();
      }
    };
  }

  /** Reads {@code dir/tombstones}; {@link #NONE} when there is no such file. */
  static Tombstones read(Path dir, int nSeries) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return NONE;
    }
    byte[] bytes = Files.readAllBytes(f);
    try {
      if (bytes.length < 16) {
        throw new IllegalArgumentException("file of " + bytes.length + " bytes is too short");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt(0) != MAGIC) {
        throw new IllegalArgumentException("bad magic number");
      }
      if (b.get(4) != VERSION) {
        throw new IllegalArgumentException("unknown version " + b.get(4));
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      ByteSource in = new ByteSource(b.slice(8, bytes.length - 12));
      int n = in.u32();
      if (n < 0 || n > bytes.length) {
        throw new IllegalArgumentException("bad entry count " + n);
      }
      Map<Integer, long[]> map = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        long s = in.uvarint();
        if (s < 0 || s >= nSeries) {
          throw new IllegalArgumentException("series " + s + " is not in the block");
        }
        long mint = in.varint();
        long maxt = in.varint();
        if (mint > maxt) {
          throw new IllegalArgumentException("empty range " + mint + ".." + maxt);
        }
        map.put((int) s, addInterval(map.get((int) s), mint, maxt));
      }
      return new Tombstones(map);
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
      throw new IOException("block " + dir + ": corrupt tombstones file: " + e.getMessage(), e);
    }
  }

  /** Writes this set to {@code dir/tombstones}, atomically (temporary file, forced, renamed). */
  void write(Path dir) throws IOException {
    ByteSink out = new ByteSink();
    out.u32(MAGIC);
    out.u8(VERSION);
    out.u8(0);
    out.u8(0);
    out.u8(0);
    int entries = 0;
    for (long[] iv : bySeries.values()) {
      entries += iv.length / 2;
    }
    out.u32(entries);
    for (Map.Entry<Integer, long[]> e : bySeries.entrySet()) {
      long[] iv = e.getValue();
      for (int i = 0; i < iv.length; i += 2) {
        out.uvarint(e.getKey());
        out.varint(iv[i]);
        out.varint(iv[i + 1]);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(out.buffer(), 0, out.length());
    out.u32((int) crc.getValue());
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(out.buffer(), 0, out.length());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    BlockWriter.syncDirectory(dir);
  }
}
