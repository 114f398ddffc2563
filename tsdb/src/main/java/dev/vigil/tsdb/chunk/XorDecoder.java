package dev.vigil.tsdb.chunk;

import dev.vigil.core.storage.FloatSamples;

/**
 * Decodes an XOR chunk sample by sample without allocating. Reusable: {@link Chunk#decoder} resets
 * it onto another chunk. A stream that ends early or holds impossible values (a corrupt chunk)
 * stops iteration and sets {@link #err()}.
 *
 * <p>Not thread-safe.
 */
public final class XorDecoder {
  private long[] words;
  private long limit;
  private long pos;
  private int count;
  private int read;

  private long t;
  private long delta;
  private long vbits;
  private int leading;
  private int trailing;
  private boolean windowSet;
  private String err;

  /** A decoder pointing at no chunk; use {@link Chunk#decoder} to point it at one. */
  public XorDecoder() {}

  void reset(long[] words, long bitLimit, int count) {
    this.words = words;
    this.limit = Math.min(bitLimit, (long) words.length * 64);
    this.pos = 0;
    this.count = count;
    this.read = 0;
    this.err = null;
    this.delta = 0;
    this.leading = 0;
    this.trailing = 0;
    this.windowSet = false;
  }

  /** Moves to the next sample; false at the end or on a corrupt stream. */
  public boolean next() {
    if (read >= count || err != null) {
      return false;
    }
    if (read == 0) {
      if (!has(128)) {
        return false;
      }
      t = readBits(64);
      vbits = readBits(64);
      read++;
      return true;
    }
    if (!readTimestamp() || !readValue()) {
      return false;
    }
    read++;
    return true;
  }

  /**
   * Decodes the remaining samples into {@code out}, keeping those with timestamps in {@code [mint,
   * maxt]}; stops at the first one after {@code maxt}. One tight loop instead of a call per sample.
   */
  void readInto(long mint, long maxt, FloatSamples out) {
    out.ensure(count - read);
    long[] ts = out.t;
    double[] vs = out.v;
    int n = out.size;
    while (read < count && err == null) {
      if (read > 0 && pos + MAX_SAMPLE_BITS <= limit) {
        // Far enough from the end that no field can run past it: no bounds checks per field.
        if (!nextUnchecked()) {
          break;
        }
        read++;
      } else if (!next()) {
        break;
      }
      long at = t;
      if (at > maxt) {
        break;
      }
      if (at >= mint) {
        ts[n] = at;
        vs[n] = Double.longBitsToDouble(vbits);
        n++;
      }
    }
    out.size = n;
  }

  /** The most bits one sample after the first takes: a 4-bit prefix + 64, 2 + 11 + 64. */
  private static final int MAX_SAMPLE_BITS = 4 + 64 + 2 + 11 + 64;

  /**
   * Decodes one sample after the first when at least {@link #MAX_SAMPLE_BITS} bits remain: reads
   * the control prefixes in one go instead of bit by bit. False on a corrupt value header.
   */
  private boolean nextUnchecked() {
    // The 64 bits at pos, read once: the timestamp's prefix and up to 20-bit delta fit in them.
    long w = window64();
    if (w >= 0) {
      pos += 1; // '0': same delta
    } else if ((w << 1) >= 0) {
      delta += (w << 2) >> (64 - 14); // '10' + 14 bits, sign-extended by the arithmetic shift
      pos += 2 + 14;
    } else if ((w << 2) >= 0) {
      delta += (w << 3) >> (64 - 17);
      pos += 3 + 17;
    } else if ((w << 3) >= 0) {
      delta += (w << 4) >> (64 - 20);
      pos += 4 + 20;
    } else {
      pos += 4;
      delta += readBits(64);
    }
    t += delta;
    w = window64();
    if (w >= 0) {
      pos += 1; // '0': same value
      return true;
    }
    int used = 2;
    if ((w << 1) < 0) {
      // '11': a new window of leading zeros (5 bits) and significant bits (6 bits, 0 means 64).
      if (!setWindow((int) ((w << 2) >>> (64 - 5)), (int) ((w << 7) >>> (64 - 6)))) {
        return false;
      }
      used = 13;
    } else if (!checkWindowSet()) {
      return false;
    }
    int sig = 64 - leading - trailing;
    if (used + sig <= 64) {
      vbits ^= ((w << used) >>> (64 - sig)) << trailing;
      pos += used + sig;
    } else {
      pos += used;
      vbits ^= readBits(sig) << trailing;
    }
    return true;
  }

  /** Takes a new value window; {@code sig} 0 means 64. False (and err set) when impossible. */
  private boolean setWindow(int lead, int sig) {
    int significant = sig == 0 ? 64 : sig;
    leading = lead;
    trailing = 64 - lead - significant;
    windowSet = true;
    if (trailing < 0) {
      err = "corrupt chunk: " + lead + " leading zeros and " + significant + " significant bits";
      return false;
    }
    return true;
  }

  private boolean checkWindowSet() {
    if (!windowSet) {
      err = "corrupt chunk: value reuses a window before one was set";
    }
    return windowSet;
  }

  /** The 64 bits starting at {@code pos}; the caller ensures two words are there to read. */
  private long window64() {
    int idx = (int) (pos >>> 6);
    int off = (int) (pos & 63);
    long w = words[idx] << off;
    return off == 0 ? w : w | (words[idx + 1] >>> (64 - off));
  }

  /** The current timestamp. */
  public long atT() {
    return t;
  }

  /** The current value. */
  public double atF() {
    return Double.longBitsToDouble(vbits);
  }

  /** Why decoding stopped early, or null. */
  public String err() {
    return err;
  }

  private boolean readTimestamp() {
    int prefix = 0;
    while (prefix < 4) {
      if (!has(1)) {
        return false;
      }
      if (readBits(1) == 0) {
        break;
      }
      prefix++;
    }
    long dod;
    int n =
        switch (prefix) {
          case 0 -> 0;
          case 1 -> 14;
          case 2 -> 17;
          case 3 -> 20;
          default -> 64;
        };
    if (n == 0) {
      dod = 0;
    } else {
      if (!has(n)) {
        return false;
      }
      dod = readBits(n);
      if (n < 64) {
        dod = (dod << (64 - n)) >> (64 - n); // sign-extend
      }
    }
    delta += dod;
    t += delta;
    return true;
  }

  private boolean readValue() {
    if (!has(1)) {
      return false;
    }
    if (readBits(1) == 0) {
      return true;
    }
    if (!has(1)) {
      return false;
    }
    if (readBits(1) == 1) {
      if (!has(11)) {
        return false;
      }
      int lead = (int) readBits(5);
      if (!setWindow(lead, (int) readBits(6))) {
        return false;
      }
    } else if (!checkWindowSet()) {
      return false;
    }
    int sig = 64 - leading - trailing;
    if (!has(sig)) {
      return false;
    }
    vbits ^= readBits(sig) << trailing;
    return true;
  }

  private boolean has(int n) {
    if (pos + n <= limit) {
      return true;
    }
    err = "corrupt chunk: stream ends after " + read + " of " + count + " samples";
    return false;
  }

  private long readBits(int n) {
    int idx = (int) (pos >>> 6);
    int off = (int) (pos & 63);
    int avail = 64 - off;
    long result;
    if (n <= avail) {
      result = (words[idx] << off) >>> (64 - n);
    } else {
      int rest = n - avail;
      long hi = words[idx] & ((1L << avail) - 1);
      result = (hi << rest) | (words[idx + 1] >>> (64 - rest));
    }
    pos += n;
    return result;
  }
}
