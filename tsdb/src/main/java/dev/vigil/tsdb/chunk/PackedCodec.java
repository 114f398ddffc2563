package dev.vigil.tsdb.chunk;

import java.util.Arrays;

/**
 * The packed chunk encoding of block chunk files (layout: {@code docs/formats/packed-chunks.md}).
 * Each chunk picks, for its timestamps, either start + fixed step (regular scrapes) or
 * delta-of-delta varints, and for its values either one constant, scaled decimal integers as delta
 * or delta-of-delta varints (counters and gauges printed with few digits), or an XOR bit stream
 * (anything else, including NaN, infinities and -0.0). Byte-aligned varints leave the general
 * compressor that runs over whole pages of chunks much more to find than a bit stream would.
 */
public final class PackedCodec {
  static final int TIME_REGULAR = 0;
  static final int TIME_DOD = 1;
  static final int VALUE_CONSTANT = 0;
  static final int VALUE_DELTA = 1;
  static final int VALUE_DOD = 2;
  static final int VALUE_XOR = 3;
  static final int VALUE_OFFSET = 4;
  static final int VALUE_PLANES = 5;

  /** The largest decimal scale tried: values with up to 18 fractional digits. */
  static final int MAX_SCALE = 18;

  /** No chunk holds more samples than this; a decoder refuses larger counts. */
  public static final int MAX_SAMPLES = 1 << 16;

  private static final double[] POW10 = new double[MAX_SCALE + 1];
  private static final double MAX_EXACT = 0x1p52;

  static {
    double p = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private PackedCodec() {}

  /** A growing byte array that encoded chunks are appended to. Not thread-safe. */
  public static final class Sink {
    private byte[] buf = new byte[1 << 16];
    private int len;

    /** The bytes written so far are {@code buffer()[0, length())}. */
    public byte[] buffer() {
      return buf;
    }

    /** The number of bytes written. */
    public int length() {
      return len;
    }

    /** Forgets everything written. */
    public void reset() {
      len = 0;
    }

    void u8(int v) {
      ensure(1);
      buf[len++] = (byte) v;
    }

    void u64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (v >>> shift);
      }
    }

    void uvarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void varint(long v) {
      uvarint((v << 1) ^ (v >> 63));
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
      }
    }
  }

  /** Encodes runs of samples; holds scratch space between calls. Not thread-safe. */
  public static final class Encoder {
    private long[] ints = new long[256];
    private final BitWriter bits = new BitWriter(64);

    /**
     * Appends the packed encoding of samples {@code [from, to)} to {@code out}. Timestamps must be
     * strictly increasing; {@code to - from} must be in {@code [1, MAX_SAMPLES]}.
     */
    public void encode(long[] ts, double[] vs, int from, int to, Sink out) {
      int n = to - from;
      if (n < 1 || n > MAX_SAMPLES) {
        throw new IllegalArgumentException("a packed chunk holds 1.." + MAX_SAMPLES + " samples");
      }
      boolean regular = true;
      long step = n > 1 ? ts[from + 1] - ts[from] : 0;
      for (int i = from + 2; i < to && regular; i++) {
        regular = ts[i] - ts[i - 1] == step;
      }
      long first = Double.doubleToRawLongBits(vs[from]);
      boolean constant = true;
      for (int i = from + 1; i < to && constant; i++) {
        constant = Double.doubleToRawLongBits(vs[i]) == first;
      }
      int valueKind;
      int scale = -1;
      if (constant) {
        valueKind = VALUE_CONSTANT;
      } else {
        scale = decimalScale(vs, from, to);
        valueKind = VALUE_XOR;
        if (scale >= 0) {
          long deltaBytes = 0;
          long dodBytes = 0;
          long offsetBytes = 0;
          for (int i = 1; i < n; i++) {
            long d = ints[i] - ints[i - 1];
            deltaBytes += zigzagBytes(d);
            dodBytes += zigzagBytes(i == 1 ? d : d - (ints[i - 1] - ints[i - 2]));
            offsetBytes += zigzagBytes(ints[i] - ints[0]);
          }
          long decimalBytes = Math.min(deltaBytes, dodBytes);
          valueKind = dodBytes < deltaBytes ? VALUE_DOD : VALUE_DELTA;
          if (offsetBytes < decimalBytes) {
            decimalBytes = offsetBytes;
            valueKind = VALUE_OFFSET;
          }
          // Noisy values (two or more varint bytes each) compress better as byte planes: the
          // high planes are nearly constant, the low ones left to the entropy coder.
          if (decimalBytes >= 2L * n) {
            valueKind = VALUE_PLANES;
          }
          if (xorBits(vs, from, to) / 8 < decimalBytes) {
            valueKind = VALUE_XOR;
          }
        }
      }

      out.u8((regular ? TIME_REGULAR : TIME_DOD) | valueKind << 2);
      out.uvarint(n);
      out.varint(ts[from]);
      if (n > 1) {
        out.varint(step);
        if (!regular) {
          for (int i = from + 2; i < to; i++) {
            out.varint((ts[i] - ts[i - 1]) - (ts[i - 1] - ts[i - 2]));
          }
        }
      }
      switch (valueKind) {
        case VALUE_CONSTANT -> out.u64(first);
        case VALUE_PLANES -> {
          out.u8(scale);
          long min = ints[0];
          long max = ints[0];
          for (int i = 1; i < n; i++) {
            min = Math.min(min, ints[i]);
            max = Math.max(max, ints[i]);
          }
          int width = (64 - Long.numberOfLeadingZeros(max - min) + 7) / 8;
          out.varint(min);
          out.u8(width);
          for (int plane = 0; plane < width; plane++) {
            int shift = plane * 8;
            for (int i = 0; i < n; i++) {
              out.u8((int) ((ints[i] - min) >>> shift));
            }
          }
        }
        case VALUE_OFFSET -> {
          out.u8(scale);
          out.varint(ints[0]);
          for (int i = 1; i < n; i++) {
            out.varint(ints[i] - ints[0]);
          }
        }
        case VALUE_DELTA, VALUE_DOD -> {
          out.u8(scale);
          out.varint(ints[0]);
          for (int i = 1; i < n; i++) {
            long d = ints[i] - ints[i - 1];
            out.varint(valueKind == VALUE_DOD && i > 1 ? d - (ints[i - 1] - ints[i - 2]) : d);
          }
        }
        default -> {
          xorBits(vs, from, to);
          int words = bits.usedWords();
          out.uvarint(words);
          long[] w = bits.words();
          for (int i = 0; i < words; i++) {
            out.u64(w[i]);
          }
        }
      }
    }

    /**
     * The smallest number of fractional decimal digits that represents every value exactly (as an
     * integer below 2^52 divided by a power of ten gives back the same bits), with the integers
     * left in {@code ints}; or -1.
     */
    private int decimalScale(double[] vs, int from, int to) {
      int n = to - from;
      if (ints.length < n) {
        ints = new long[Math.max(n, ints.length * 2)];
      }
      int scale = 0;
      for (int i = from; i < to; i++) {
        double v = vs[i];
        long bits = Double.doubleToRawLongBits(v);
        while (true) {
          double x = v * POW10[scale];
          if (!(Math.abs(x) < MAX_EXACT)) {
            return -1;
          }
          if (Double.doubleToRawLongBits(Math.round(x) / POW10[scale]) == bits) {
            break;
          }
          if (++scale > MAX_SCALE) {
            return -1;
          }
        }
      }
      double p = POW10[scale];
      for (int i = 0; i < n; i++) {
        double v = vs[from + i];
        double x = v * p;
        long r = Math.round(x);
        if (!(Math.abs(x) < MAX_EXACT)
            || Double.doubleToRawLongBits(r / p) != Double.doubleToRawLongBits(v)) {
          return -1;
        }
        ints[i] = r;
      }
      return scale;
    }

    /** Writes the value-only XOR stream of the samples into {@code bits}; returns its length. */
    private long xorBits(double[] vs, int from, int to) {
      bits.rewind(0);
      long prev = Double.doubleToRawLongBits(vs[from]);
      bits.writeBits(prev, 64);
      int leading = -1;
      int trailing = 0;
      for (int i = from + 1; i < to; i++) {
        long cur = Double.doubleToRawLongBits(vs[i]);
        long x = cur ^ prev;
        prev = cur;
        if (x == 0) {
          bits.writeBit(false);
          continue;
        }
        bits.writeBit(true);
        int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
        int trail = Long.numberOfTrailingZeros(x);
        if (leading >= 0 && lead >= leading && trail >= trailing) {
          bits.writeBit(false);
          bits.writeBits(x >>> trailing, 64 - leading - trailing);
          continue;
        }
        leading = lead;
        trailing = trail;
        int sig = 64 - lead - trail;
        bits.writeBit(true);
        bits.writeBits(lead, 5);
        bits.writeBits(sig & 63, 6);
        bits.writeBits(x >>> trail, sig);
      }
      return bits.bitLength();
    }
  }

  private static int zigzagBytes(long v) {
    long u = (v << 1) ^ (v >> 63);
    return u == 0 ? 1 : (70 - Long.numberOfLeadingZeros(u)) / 7;
  }

  /**
   * Decodes packed chunks whole into {@link #ts} and {@link #vs}, reused between chunks. Not
   * thread-safe.
   */
  static final class Decoder {
    long[] ts = new long[128];
    double[] vs = new double[128];
    private long[] words = new long[32];
    private byte[] b;
    private int pos;
    private String err;

    String err() {
      return err;
    }

    /**
     * Decodes the chunk at {@code bytes[offset..]} that should hold {@code expected} samples.
     *
     * @return the number of samples, or -1 with {@link #err()} set when the bytes are not a valid
     *     chunk of that size
     */
    int decode(byte[] bytes, int offset, int expected) {
      b = bytes;
      pos = offset;
      err = null;
      try {
        return decode(expected);
      } catch (ArrayIndexOutOfBoundsException e) {
        err = "corrupt chunk: its bytes end early";
        return -1;
      } catch (IllegalArgumentException e) {
        err = "corrupt chunk: " + e.getMessage();
        return -1;
      }
    }

    private int decode(int expected) {
      int header = b[pos++] & 0xFF;
      int timeKind = header & 3;
      int valueKind = (header >>> 2) & 7;
      if (header >>> 5 != 0 || timeKind > TIME_DOD || valueKind > VALUE_PLANES) {
        throw new IllegalArgumentException("unknown encoding header " + header);
      }
      long n = uvarint();
      if (n != expected || n < 1 || n > MAX_SAMPLES) {
        throw new IllegalArgumentException(
            "it holds " + n + " samples where the index says " + expected);
      }
      int count = (int) n;
      if (ts.length < count) {
        int size = Math.max(count, ts.length * 2);
        ts = new long[size];
        vs = new double[size];
      }
      long[] t = ts;
      long cur = varint();
      t[0] = cur;
      if (count > 1) {
        long step = varint();
        if (timeKind == TIME_REGULAR) {
          for (int i = 1; i < count; i++) {
            cur += step;
            t[i] = cur;
          }
        } else {
          cur += step;
          t[1] = cur;
          for (int i = 2; i < count; i++) {
            step += varint();
            cur += step;
            t[i] = cur;
          }
        }
      }
      double[] v = vs;
      switch (valueKind) {
        case VALUE_CONSTANT -> Arrays.fill(v, 0, count, Double.longBitsToDouble(u64()));
        case VALUE_DELTA, VALUE_DOD, VALUE_OFFSET, VALUE_PLANES -> {
          int scale = b[pos++];
          if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("decimal scale " + scale + " out of range");
          }
          double p = POW10[scale];
          long x = varint();
          v[0] = x / p;
          if (valueKind == VALUE_PLANES) {
            planes(count, x, p);
          } else if (valueKind == VALUE_OFFSET) {
            long x0 = x;
            for (int i = 1; i < count; i++) {
              v[i] = (x0 + varint()) / p;
            }
          } else if (valueKind == VALUE_DELTA) {
            for (int i = 1; i < count; i++) {
              x += varint();
              v[i] = x / p;
            }
          } else if (count > 1) {
            long d = varint();
            x += d;
            v[1] = x / p;
            for (int i = 2; i < count; i++) {
              d += varint();
              x += d;
              v[i] = x / p;
            }
          }
        }
        case VALUE_XOR -> xor(count);
        default -> throw new IllegalArgumentException("unknown value kind " + valueKind);
      }
      return count;
    }

    private void planes(int count, long min, double p) {
      int width = b[pos++];
      if (width < 0 || width > 8) {
        throw new IllegalArgumentException("byte plane width " + width);
      }
      if (words.length < count) {
        words = new long[Math.max(count, words.length * 2)];
      }
      long[] x = words;
      Arrays.fill(x, 0, count, 0L);
      for (int plane = 0; plane < width; plane++) {
        int shift = plane * 8;
        int at = pos;
        for (int i = 0; i < count; i++) {
          x[i] |= (long) (b[at + i] & 0xFF) << shift;
        }
        pos += count;
      }
      for (int i = 0; i < count; i++) {
        vs[i] = (min + x[i]) / p;
      }
    }

    private void xor(int count) {
      long nWords = uvarint();
      if (nWords < 1 || nWords > 2L * count + 2) {
        throw new IllegalArgumentException("XOR stream of " + nWords + " words");
      }
      int nw = (int) nWords;
      if (words.length < nw) {
        words = new long[Math.max(nw, words.length * 2)];
      }
      for (int i = 0; i < nw; i++) {
        words[i] = u64();
      }
      long limit = nWords * 64;
      long bitPos = 64;
      long prev = words[0];
      vs[0] = Double.longBitsToDouble(prev);
      int leading = -1;
      int trailing = 0;
      for (int i = 1; i < count; i++) {
        if (bitPos + 1 > limit) {
          throw new IllegalArgumentException("XOR stream ends early");
        }
        if (bit(bitPos++) != 0) {
          if (bit(bitPos++) != 0) {
            leading = (int) bits(bitPos, 5);
            int sig = (int) bits(bitPos + 5, 6);
            bitPos += 11;
            if (sig == 0) {
              sig = 64;
            }
            trailing = 64 - leading - sig;
            if (trailing < 0) {
              throw new IllegalArgumentException("bad XOR window");
            }
          } else if (leading < 0) {
            throw new IllegalArgumentException("XOR window used before it was set");
          }
          int sig = 64 - leading - trailing;
          if (bitPos + sig > limit) {
            throw new IllegalArgumentException("XOR stream ends early");
          }
          prev ^= bits(bitPos, sig) << trailing;
          bitPos += sig;
        }
        vs[i] = Double.longBitsToDouble(prev);
      }
    }

    private long bit(long at) {
      return (words[(int) (at >>> 6)] >>> (63 - (at & 63))) & 1;
    }

    private long bits(long at, int n) {
      int idx = (int) (at >>> 6);
      int off = (int) (at & 63);
      int avail = 64 - off;
      if (n <= avail) {
        return (words[idx] << off) >>> (64 - n);
      }
      int rest = n - avail;
      long hi = words[idx] & ((1L << avail) - 1);
      return (hi << rest) | (words[idx + 1] >>> (64 - rest));
    }

    private long u64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    private long uvarint() {
      byte first = b[pos];
      if (first >= 0) { // most numbers in a chunk take one byte
        pos++;
        return first;
      }
      long x = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte c = b[pos++];
        if (c >= 0) {
          return x | ((long) c << shift);
        }
        x |= (long) (c & 0x7F) << shift;
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private long varint() {
      long u = uvarint();
      return (u >>> 1) ^ -(u & 1);
    }
  }
}
