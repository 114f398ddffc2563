package dev.vigil.tsdb.chunk;

import java.util.Arrays;

/**
 * Appends bits most-significant-first to a growing {@code long[]}: bit 0 of the stream is the top
 * bit of word 0. Supports rewinding to an earlier position (the bits after it are cleared).
 *
 * <p>Not thread-safe.
 */
final class BitWriter {
  private long[] words;
  private int bitLength;

  BitWriter(int initialWords) {
    words = new long[Math.max(1, initialWords)];
  }

  int bitLength() {
    return bitLength;
  }

  long[] words() {
    return words;
  }

  /** Reads the word the next bits go to (see {@link XorEncoder#touch}); safe to call racily. */
  int touch() {
    long[] w = words;
    int i = bitLength >>> 6;
    return i < w.length ? (int) w[i] : 0;
  }

  /** The number of words holding written bits. */
  int usedWords() {
    return (bitLength + 63) >>> 6;
  }

  void writeBit(boolean bit) {
    ensure(1);
    if (bit) {
      words[bitLength >>> 6] |= 1L << (63 - (bitLength & 63));
    }
    bitLength++;
  }

  /** Writes the low {@code n} bits of {@code v}, highest first; {@code 1 <= n <= 64}. */
  void writeBits(long v, int n) {
    if (n < 64) {
      v &= (1L << n) - 1;
    }
    ensure(n);
    int idx = bitLength >>> 6;
    int free = 64 - (bitLength & 63);
    if (n <= free) {
      words[idx] |= v << (free - n);
    } else {
      int rest = n - free;
      words[idx] |= v >>> rest;
      words[idx + 1] |= v << (64 - rest);
    }
    bitLength += n;
  }

  /** Moves the end of the stream back to {@code position}, clearing everything after it. */
  void rewind(int position) {
    int used = usedWords();
    int idx = position >>> 6;
    int off = position & 63;
    if (off != 0) {
      words[idx] &= ~(-1L >>> off);
      idx++;
    }
    Arrays.fill(words, idx, used, 0L);
    bitLength = position;
  }

  private void ensure(int n) {
    int needed = (bitLength + n + 63) >>> 6;
    if (needed > words.length) {
      words = Arrays.copyOf(words, Math.max(needed, words.length + (words.length >> 1) + 1));
    }
  }
}
