package dev.vigil.tsdb.chunk;

import io.airlift.compress.zstd.ZstdDecompressor;

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
  private ZstdDecompressor zstd;
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
      if (zstd == null) {
        zstd = new ZstdDecompressor();
      }
      int got;
      try {
        got = zstd.decompress(bytes, offset, chunk.sizeBytes(), raw, 0, chunk.rawLength());
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
