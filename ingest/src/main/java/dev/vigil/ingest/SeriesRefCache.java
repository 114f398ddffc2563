package dev.vigil.ingest;

import dev.vigil.core.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Remembers, for the raw bytes that encoded a series' labels in a request, the {@link Labels} they
 * decoded to and the storage's series reference. Senders encode the same series the same way in
 * every request (Prometheus's remote write sends identical label bytes each time), so a hit skips
 * decoding, interning, checking and looking up the labels: the sample goes straight to the series
 * by reference.
 *
 * <p>Entries are identified by a keyed 128-bit hash (SipHash-1-3 rounds) of the label bytes under a
 * key drawn at random for each cache, not by the bytes themselves: comparing a few hundred bytes of
 * a cold entry was the largest single cost of a remote-write request (memory reads, not
 * arithmetic), while the hash runs over bytes that were just decompressed and so are in the CPU's
 * cache. Two different label sets are taken for one only if their keyed 128-bit hashes collide, a
 * chance of 2^-128 for any two of them, and a sender cannot arrange it without knowing the key.
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
    private final long hash0;
    private final long hash1;
    private final int length;
    private final Labels labels;
    private final long ref;

    Entry(long hash0, long hash1, int length, Labels labels, long ref) {
      this.hash0 = hash0;
      this.hash1 = hash1;
      this.length = length;
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
  private final long k0;
  private final long k1;

  /** A cache of {@code slots} entries, rounded up to a power of two, with a random hash key. */
  public SeriesRefCache(int slots) {
    this(slots, new SecureRandom().nextLong(), new SecureRandom().nextLong());
  }

  SeriesRefCache(int slots, long k0, long k1) {
    if (slots <= 0) {
      throw new IllegalArgumentException("slots must be positive: " + slots);
    }
    int n = Integer.highestOneBit(slots - 1 | 1) << 1;
    table = new Entry[Math.max(2, n)];
    mask = table.length - 1;
    this.k0 = k0;
    this.k1 = k1;
  }

  /** The entry for the label bytes {@code b[off, off+len)}, or null. */
  public Entry get(byte[] b, int off, int len) {
    long[] h = new long[2];
    hash(b, off, len, h, 0);
    Entry[] out = new Entry[1];
    lookup(h, new int[] {len}, 1, out);
    return out[0];
  }

  /**
   * Looks up {@code n} keys at once: key {@code i} has the hash {@code hashes[2i], hashes[2i+1]}
   * (from {@link #hash}) and {@code lengths[i]} bytes; its entry, or null, goes to {@code out[i]}.
   * A request's keys are looked up together so that the reads of cold table slots and entries,
   * which dominate a lookup, overlap in the CPU instead of waiting for each other.
   */
  public void lookup(long[] hashes, int[] lengths, int n, Entry[] out) {
    Entry[] t = table;
    for (int i = 0; i < n; i++) {
      out[i] = t[(int) hashes[2 * i] & mask];
    }
    for (int i = 0; i < n; i++) {
      Entry e = out[i];
      if (e != null
          && (e.hash0 != hashes[2 * i] || e.hash1 != hashes[2 * i + 1] || e.length != lengths[i])) {
        out[i] = null;
      }
    }
  }

  /** Remembers that {@code b[off, off+len)} decoded to {@code labels}, stored under {@code ref}. */
  public void put(byte[] b, int off, int len, Labels labels, long ref) {
    long[] h = new long[2];
    hash(b, off, len, h, 0);
    put(h, 0, len, labels, ref);
  }

  /**
   * Remembers that the key with hash {@code hashes[2i], hashes[2i+1]} and {@code len} bytes decoded
   * to {@code labels}, stored under {@code ref}.
   */
  public void put(long[] hashes, int i, int len, Labels labels, long ref) {
    long h0 = hashes[2 * i];
    table[(int) h0 & mask] = new Entry(h0, hashes[2 * i + 1], len, labels, ref);
  }

  /** Number of slots. */
  public int capacity() {
    return table.length;
  }

  /**
   * Hashes the key {@code b[off, off+len)} into {@code out[2 slot], out[2 slot + 1]}: SipHash-1-3
   * with 128-bit output under this cache's key.
   */
  public void hash(byte[] b, int off, int len, long[] out, int slot) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL ^ 0xeeL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int blocks = len >>> 3;
    long last = (long) len << 56;
    for (int i = off + 8 * blocks, shift = 0; i < off + len; i++, shift += 8) {
      last |= (b[i] & 0xFFL) << shift;
    }
    // One round per 8-byte word, the last word holding the remaining bytes and the length; then
    // three finalization rounds per 64-bit half of the output.
    long first = 0;
    for (int step = 0; step <= blocks + 6; step++) {
      long m = step < blocks ? (long) LONGS.get(b, off + 8 * step) : last;
      if (step <= blocks) {
        v3 ^= m;
      }
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
      if (step < blocks) {
        v0 ^= m;
      } else if (step == blocks) {
        v0 ^= m;
        v2 ^= 0xeeL;
      } else if (step == blocks + 3) {
        first = v0 ^ v1 ^ v2 ^ v3;
        v1 ^= 0xddL;
      }
    }
    out[2 * slot] = first;
    out[2 * slot + 1] = v0 ^ v1 ^ v2 ^ v3;
  }
}
