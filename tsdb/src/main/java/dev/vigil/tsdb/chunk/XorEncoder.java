package dev.vigil.tsdb.chunk;

import java.util.Arrays;

/**
 * The open chunk of a series: appends samples with strictly increasing timestamps using
 * delta-of-delta timestamp coding and XOR value coding (Gorilla, as in Prometheus's XOR chunks).
 * Any double is stored bit-exactly, including every NaN payload (so stale markers survive), the
 * infinities and {@code -0.0}. Timestamp arithmetic wraps around, so any {@code long} timestamps
 * round-trip.
 *
 * <p>The last sample can be replaced ({@link #replaceLast}), which gives "last write wins" for a
 * repeated timestamp without re-encoding the chunk.
 *
 * <p>Not thread-safe: the owner (a series in the head) serializes access; readers take a {@link
 * #snapshot()}.
 */
public final class XorEncoder {
  private final BitWriter bits = new BitWriter(4);
  private int count;
  private long minT;

  private long prevT;
  private long prevDelta;
  private long prevBits;
  private int leading = 0xff;
  private int trailing;

  // State before the last sample, to undo it.
  private int undoBitLength;
  private long undoT;
  private long undoDelta;
  private long undoBits;
  private int undoLeading;
  private int undoTrailing;

  /**
   * Reads the encoder's state and the word the next sample goes to, so that they are in the CPU
   * cache for an append that follows shortly; the result means nothing. Safe to call racily.
   */
  public int touch() {
    return count + undoLeading + bits.touch();
  }

  /** The number of samples. */
  public int count() {
    return count;
  }

  /** The first sample's timestamp; meaningless when empty. */
  public long minT() {
    return minT;
  }

  /** The last sample's timestamp; meaningless when empty. */
  public long maxT() {
    return prevT;
  }

  /** The last sample's value; meaningless when empty. */
  public double lastValue() {
    return Double.longBitsToDouble(prevBits);
  }

  /** The encoded size so far, in bits. */
  public int bitLength() {
    return bits.bitLength();
  }

  /**
   * Appends a sample. The caller guarantees {@code t} is greater than {@link #maxT()} (the encoding
   * itself would survive any order, but readers rely on it).
   */
  public void append(long t, double v) {
    undoBitLength = bits.bitLength();
    undoT = prevT;
    undoDelta = prevDelta;
    undoBits = prevBits;
    undoLeading = leading;
    undoTrailing = trailing;
    long vb = Double.doubleToRawLongBits(v);
    if (count == 0) {
      bits.writeBits(t, 64);
      bits.writeBits(vb, 64);
      minT = t;
      prevDelta = 0;
    } else {
      long delta = t - prevT;
      writeDod(delta - prevDelta);
      writeValue(vb);
      prevDelta = delta;
    }
    prevT = t;
    prevBits = vb;
    count++;
  }

  /** Replaces the value of the last sample (same timestamp). Requires {@code count() > 0}. */
  public void replaceLast(double v) {
    long t = prevT;
    bits.rewind(undoBitLength);
    prevT = undoT;
    prevDelta = undoDelta;
    prevBits = undoBits;
    leading = undoLeading;
    trailing = undoTrailing;
    count--;
    append(t, v);
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      bits.writeBit(false);
    } else if (fits(dod, 14)) {
      bits.writeBits(0b10, 2);
      bits.writeBits(dod, 14);
    } else if (fits(dod, 17)) {
      bits.writeBits(0b110, 3);
      bits.writeBits(dod, 17);
    } else if (fits(dod, 20)) {
      bits.writeBits(0b1110, 4);
      bits.writeBits(dod, 20);
    } else {
      bits.writeBits(0b1111, 4);
      bits.writeBits(dod, 64);
    }
  }

  private static boolean fits(long v, int nbits) {
    long min = -(1L << (nbits - 1));
    long max = (1L << (nbits - 1)) - 1;
    return v >= min && v <= max;
  }

  private void writeValue(long vb) {
    long xor = vb ^ prevBits;
    if (xor == 0) {
      bits.writeBit(false);
      return;
    }
    bits.writeBit(true);
    int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
    int trail = Long.numberOfTrailingZeros(xor);
    if (leading != 0xff && lead >= leading && trail >= trailing) {
      bits.writeBit(false);
      bits.writeBits(xor >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = lead;
    trailing = trail;
    int sig = 64 - lead - trail;
    bits.writeBit(true);
    bits.writeBits(lead, 5);
    bits.writeBits(sig & 63, 6); // 64 significant bits are written as 0
    bits.writeBits(xor >>> trail, sig);
  }

  /** An immutable copy of the chunk as it is now. */
  public Chunk snapshot() {
    return new Chunk(Arrays.copyOf(bits.words(), bits.usedWords()), count, minT, prevT);
  }

  /** Points {@code decoder} at the live data of this chunk; only valid until the next change. */
  public XorDecoder decoder(XorDecoder decoder) {
    XorDecoder d = decoder == null ? new XorDecoder() : decoder;
    d.reset(bits.words(), bits.bitLength(), count);
    return d;
  }
}
