package dev.vigil.tsdb.chunk;

import dev.vigil.core.storage.FloatSamples;
import io.airlift.compress.lz4.Lz4Decompressor;

/**
 * Walks the samples of a chunk of either encoding. Packed chunks are decoded whole into reused
 * arrays when the decoder is pointed at them (tight loops, no per-sample branching on the stream);
 * XOR chunks are decoded sample by sample. Allocates nothing once its arrays have grown to the
 * largest chunk seen. A corrupt chunk stops iteration and sets {@link #err()}.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
public final class ChunkDecoder {
  private final XorDecoder xor = new XorDecoder();
  private final PackedCodec.Decoder packed = new PackedCodec.Decoder();
  private Lz4Decompressor lz4;
  private byte[] raw = new byte[0];
  private boolean isXor;
  private int n;
  private int i;
  private String err;

  /** Points the decoder before the first sample of {@code chunk}. */
  public ChunkDecoder reset(Chunk chunk) {
    isXor = chunk.isXor();
    err = null;
    if (isXor) {
      chunk.decoder(xor);
      return this;
    }
    i = -1;
    byte[] bytes = chunk.packedBytes();
    int offset = chunk.packedOffset();
    if (chunk.rawLength() > 0) {
      if (raw.length < chunk.rawLength()) {
        raw = new byte[chunk.rawLength()];
      }
      if (lz4 == null) {
        lz4 = new Lz4Decompressor();
      }
      int got;
      try {
        got = lz4.decompress(bytes, offset, chunk.sizeBytes(), raw, 0, chunk.rawLength());
      } catch (RuntimeException e) {
        got = -1;
      }
      if (got != chunk.rawLength()) {
        n = 0;
        err = "compressed chunk does not decompress to its " + chunk.rawLength() + " bytes";
        return this;
      }
      bytes = raw;
      offset = 0;
    }
    n = packed.decode(bytes, offset, chunk.count());
    if (n < 0) {
      n = 0;
      err = packed.err();
    }
    return this;
  }

  /** Moves to the next sample; false at the end or on a corrupt chunk. */
  public boolean next() {
    if (isXor) {
      return xor.next();
    }
    return ++i < n;
  }

  /**
   * Appends the samples not read yet with timestamps in {@code [mint, maxt]} to {@code out}; stops
   * at the first one after {@code maxt}. Check {@link #err()} afterwards.
   */
  public void readInto(long mint, long maxt, FloatSamples out) {
    if (isXor) {
      xor.readInto(mint, maxt, out);
      return;
    }
    long[] ts = packed.ts;
    int from = Math.max(i + 1, 0);
    int lo = lowerBound(ts, from, n, mint);
    int hi = lowerBound(ts, lo, n, maxt == Long.MAX_VALUE ? maxt : maxt + 1);
    int len = hi - lo;
    if (len > 0) {
      out.ensure(len);
      System.arraycopy(ts, lo, out.t, out.size, len);
      System.arraycopy(packed.vs, lo, out.v, out.size, len);
      out.size += len;
    }
    i = n;
  }

  /** The first index in {@code [from, to)} whose timestamp is {@code >= target}, or {@code to}. */
  private static int lowerBound(long[] ts, int from, int to, long target) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The current timestamp. */
  public long atT() {
    return isXor ? xor.atT() : packed.ts[i];
  }

  /** The current value. */
  public double atF() {
    return isXor ? xor.atF() : packed.vs[i];
  }

  /** Why decoding stopped early, or null. */
  public String err() {
    return isXor ? xor.err() : err;
  }
}
