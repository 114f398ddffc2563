package dev.vigil.collect.scrape;

import dev.vigil.core.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One target's cache from the series text of its exposition ({@code name{labels}} as the bytes
 * came) to what the scrape made of it: the final labels after the target's labels and {@code
 * metric_relabel_configs} (null when relabeling dropped the series) and the storage's reference. An
 * open-addressing table over copies of the text, so that a lookup allocates nothing.
 *
 * <p>After a successful scrape, {@link #prune} drops the entries that scrape did not see, as
 * Prometheus's scrape cache does: a series that comes back is decoded again and counted in {@code
 * scrape_series_added}. Not thread-safe: owned by one scrape loop.
 */
final class SeriesTextCache {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[][] keys;
  private int[] hashes;
  private Labels[] labels;
  private long[] refs;
  private long[] lastSeen;
  private int size;
  private long scrape;
  private int seenNow;

  SeriesTextCache() {
    allocate(1024);
  }

  private void allocate(int capacity) {
    keys = new byte[capacity][];
    hashes = new int[capacity];
    labels = new Labels[capacity];
    refs = new long[capacity];
    lastSeen = new long[capacity];
    size = 0;
  }

  /** Forgets everything (the exposition format changed). */
  void clear() {
    allocate(1024);
  }

  int size() {
    return size;
  }

  /** A scrape begins: entries it finds or puts are marked with {@code scrapeNo}. */
  void begin(long scrapeNo) {
    scrape = scrapeNo;
    seenNow = 0;
  }

  private void mark(int slot) {
    if (lastSeen[slot] != scrape) {
      lastSeen[slot] = scrape;
      seenNow++;
    }
  }

  private static int hash(byte[] b, int off, int len) {
    // Eight bytes at a time: series texts are 30-150 bytes long and hashed once per sample.
    long h = len * 0x9E3779B97F4A7C15L;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    for (; i < end; i++) {
      h = (h ^ b[i]) * 0x100000001B3L;
    }
    h *= 0x94D049BB133111EBL;
    return (int) (h ^ (h >>> 32));
  }

  /** The slot holding {@code b[off, off+len)}, or -1. */
  int find(byte[] b, int off, int len) {
    int h = hash(b, off, len);
    int mask = keys.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      byte[] k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && Arrays.equals(k, 0, k.length, b, off, off + len)) {
        return i;
      }
    }
  }

  /** Remembers {@code b[off, off+len)} as {@code finalLabels} (null: dropped) with {@code ref}. */
  void put(byte[] b, int off, int len, Labels finalLabels, long ref) {
    if (2 * (size + 1) > keys.length) {
      rehash(keys.length * 2, Long.MIN_VALUE);
    }
    int h = hash(b, off, len);
    int mask = keys.length - 1;
    int i = h & mask;
    while (keys[i] != null) {
      if (hashes[i] == h && Arrays.equals(keys[i], 0, keys[i].length, b, off, off + len)) {
        break;
      }
      i = (i + 1) & mask;
    }
    if (keys[i] == null) {
      keys[i] = Arrays.copyOfRange(b, off, off + len);
      hashes[i] = h;
      lastSeen[i] = Long.MIN_VALUE;
      size++;
    }
    labels[i] = finalLabels;
    refs[i] = ref;
    mark(i);
  }

  Labels labels(int slot) {
    return labels[slot];
  }

  long ref(int slot) {
    return refs[slot];
  }

  void seen(int slot, long ref) {
    refs[slot] = ref;
    mark(slot);
  }

  /** The scrape succeeded: drops the entries it did not see. */
  void prune() {
    if (size > seenNow) {
      rehash(Math.max(1024, Integer.highestOneBit(Math.max(1, seenNow)) * 4), scrape);
    }
  }

  private void rehash(int capacity, long minSeen) {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Labels[] oldLabels = labels;
    long[] oldRefs = refs;
    long[] oldSeen = lastSeen;
    allocate(capacity);
    int mask = capacity - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] == null || oldSeen[j] < minSeen) {
        continue;
      }
      int i = oldHashes[j] & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = oldKeys[j];
      hashes[i] = oldHashes[j];
      labels[i] = oldLabels[j];
      refs[i] = oldRefs[j];
      lastSeen[i] = oldSeen[j];
      size++;
    }
  }
}
