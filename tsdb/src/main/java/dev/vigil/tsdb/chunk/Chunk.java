package dev.vigil.tsdb.chunk;

/**
 * A sealed chunk: an immutable encoded run of {@link #count()} samples with timestamps in {@code
 * [minT, maxT]}. Two encodings exist: the XOR bit stream the head writes ({@code chunks.md}) and
 * the packed encoding of block chunk files ({@code packed-chunks.md}), which the head keeps
 * LZ4-compressed in memory for its sealed chunks. Read any of them with a {@link ChunkDecoder}.
 * Shared freely between threads; never modified.
 */
public final class Chunk {
  private final long[] words;
  private final byte[] packed;
  private final int packedOffset;
  private final int packedLength;
  private final int rawLength;
  private final int count;
  private final long minT;
  private final long maxT;

  private Chunk(
      long[] words,
      byte[] packed,
      int packedOffset,
      int packedLength,
      int rawLength,
      int count,
      long minT,
      long maxT) {
    this.words = words;
    this.packed = packed;
    this.packedOffset = packedOffset;
    this.packedLength = packedLength;
    this.rawLength = rawLength;
    this.count = count;
    this.minT = minT;
    this.maxT = maxT;
  }

  Chunk(long[] words, int count, long minT, long maxT) {
    this(words, null, 0, 0, 0, count, minT, maxT);
  }

  /**
   * A chunk over an XOR stream read back from disk; {@code words} is used as given and must not
   * change.
   */
  public static Chunk of(long[] words, int count, long minT, long maxT) {
    return new Chunk(words, count, minT, maxT);
  }

  /**
   * A chunk over a packed encoding at {@code bytes[offset, offset + length)}; the array is used as
   * given (it is usually a whole decompressed page shared by many chunks) and must not change.
   */
  public static Chunk packed(
      byte[] bytes, int offset, int length, int count, long minT, long maxT) {
    return new Chunk(null, bytes, offset, length, 0, count, minT, maxT);
  }

  /**
   * A chunk over a packed encoding of {@code rawLength} bytes compressed with LZ4 into {@code
   * compressed} (one block filling the array), as the head keeps its sealed chunks; the array is
   * used as given and must not change.
   */
  public static Chunk packedLz4(byte[] compressed, int rawLength, int count, long minT, long maxT) {
    return new Chunk(null, compressed, 0, compressed.length, rawLength, count, minT, maxT);
  }

  /**
   * The length of the packed encoding before compression, or 0 when the packed bytes are not
   * compressed (and for XOR chunks).
   */
  int rawLength() {
    return rawLength;
  }

  /** True for the head's XOR encoding, false for the packed encoding of block files. */
  public boolean isXor() {
    return words != null;
  }

  /** The XOR stream (null for a packed chunk). Shared: callers must not modify it. */
  public long[] words() {
    return words;
  }

  byte[] packedBytes() {
    return packed;
  }

  int packedOffset() {
    return packedOffset;
  }

  /** The number of samples. */
  public int count() {
    return count;
  }

  /** The first sample's timestamp. */
  public long minT() {
    return minT;
  }

  /** The last sample's timestamp. */
  public long maxT() {
    return maxT;
  }

  /**
   * The size of the encoded samples in bytes (XOR: rounded up to whole words; compressed packed
   * chunks: after compression).
   */
  public int sizeBytes() {
    return words != null ? words.length * 8 : packedLength;
  }

  /**
   * Points {@code decoder} at this XOR chunk's first sample and returns it.
   *
   * @throws IllegalStateException for a packed chunk: use {@link ChunkDecoder}
   */
  public XorDecoder decoder(XorDecoder decoder) {
    if (words == null) {
      throw new IllegalStateException("a packed chunk is read with a ChunkDecoder");
    }
    XorDecoder d = decoder == null ? new XorDecoder() : decoder;
    d.reset(words, words.length * 64L, count);
    return d;
  }
}
