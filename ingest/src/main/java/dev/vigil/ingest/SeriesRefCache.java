package dev.vigil.ingest;

import dev.vigil.core.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Remembers, for the raw bytes that encoded a series' labels in a request, the {@link Labels} they
 * decoded to and the storage's series reference. Senders encode the same series the same way in
 * every request (Prometheus's remote write sends identical label bytes each time), so a hit skips
 * decoding, interning, checking and looking up the labels: the sample goes straight to the series
 * by reference.
 *
 * <p>Only label bytes that were decoded and accepted once are stored, under the {@link LabelRules}
 * of the decoders sharing the cache, so a hit is as valid as the first decode was. A reference the
 * storage has since forgotten is harmless: the {@link dev.vigil.core.storage.Appender} contract
 * treats it as 0 and looks the labels up; the caller then stores the new reference.
 *
 * <p>A direct-mapped table of immutable entries: a colliding series replaces the previous one.
 * Thread-safe without locks (entries are published whole, with final fields). One cache per
 * storage: references mean nothing to another storage.
 */
public final class SeriesRefCache {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** One remembered series. */
  public static final class Entry {
    private final int hash;
    private final byte[] key;
    private final Labels labels;
    private final long ref;

    Entry(int hash, byte[] key, Labels labels, long ref) {
      this.hash = hash;
      this.key = key;
      this.labels = labels;
      this.ref = ref;
    }

    /** The labels the bytes decoded to. */
    public Labels labels() {
      return labels;
    }

    /** The storage's reference for the series. */
    public long ref() {
      return ref;
    }
  }

  private final Entry[] table;
  private final int mask;

  /** A cache of {@code slots} entries, rounded up to a power of two. */
  public SeriesRefCache(int slots) {
    if (slots <= 0) {
      throw new IllegalArgumentException("slots must be positive: " + slots);
    }
    int n = Integer.highestOneBit(slots - 1 | 1) << 1;
    table = new Entry[Math.max(2, n)];
    mask = table.length - 1;
  }

  /** The entry for the label bytes {@code b[off, off+len)}, or null. */
  public Entry get(byte[] b, int off, int len) {
    int h = hash(b, off, len);
    Entry e = table[h & mask];
    if (e != null
        && e.hash == h
        && e.key.length == len
        && Arrays.equals(e.key, 0, len, b, off, off + len)) {
      return e;
    }
    return null;
  }

  /** Remembers that {@code b[off, off+len)} decoded to {@code labels}, stored under {@code ref}. */
  public void put(byte[] b, int off, int len, Labels labels, long ref) {
    int h = hash(b, off, len);
    table[h & mask] = new Entry(h, Arrays.copyOfRange(b, off, off + len), labels, ref);
  }

  /** Number of slots. */
  public int capacity() {
    return table.length;
  }

  static int hash(byte[] b, int off, int len) {
    long h = 0x9E3779B97F4A7C15L ^ len;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
    }
    for (; i < end; i++) {
      h = (h ^ b[i]) * 0x94D049BB133111EBL;
    }
    h ^= h >>> 32;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 31));
  }
}
