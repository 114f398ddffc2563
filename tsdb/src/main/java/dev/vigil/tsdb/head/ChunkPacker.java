package dev.vigil.tsdb.head;

import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.PackedCodec;
import dev.vigil.tsdb.chunk.XorDecoder;
import dev.vigil.tsdb.chunk.XorEncoder;
import io.airlift.compress.lz4.Lz4Compressor;
import java.util.Arrays;
import java.util.List;

/**
 * Re-encodes the head's full XOR chunks into the packed encoding of block files ({@code
 * packed-chunks.md}) when they are sealed, appending them to the series' previous sealed chunk of
 * the same block range while it holds fewer than {@link #MAX_SAMPLES}, and compresses the result
 * with LZ4 when that makes it smaller (the packed encoding is byte-aligned and made to be
 * compressed, as block pages are). The head then keeps about what a block would for everything but
 * the open chunk, in fewer, larger chunk objects. LZ4 rather than the zstd of block pages: on a
 * real node_exporter's values a 960-sample chunk is 7 % larger (364 against 339 bytes), but a query
 * decompresses it in about a microsecond instead of 25-50 (zstd reads a Huffman table per frame,
 * which dominated queries over the head), and sealing costs less at ingest.
 *
 * <p>One per head; used under the head's write lock (holds scratch space). Not thread-safe.
 */
final class ChunkPacker {
  /** The most samples one packed head chunk holds (2 h at 7.5 s). */
  static final int MAX_SAMPLES = 960;

  private final PackedCodec.Encoder encoder = new PackedCodec.Encoder();
  private final PackedCodec.Sink sink = new PackedCodec.Sink();
  private final Lz4Compressor lz4 = new Lz4Compressor();
  private byte[] compressed = new byte[0];
  private final ChunkDecoder chunks = new ChunkDecoder();
  private final XorDecoder xor = new XorDecoder();
  private long[] ts = new long[MAX_SAMPLES + MemSeries.SAMPLES_PER_CHUNK];
  private double[] vs = new double[ts.length];

  /** Whether {@code open}'s samples may be appended to {@code last} in one packed chunk. */
  static boolean fits(Chunk last, XorEncoder open, long chunkRange) {
    return last != null
        && !last.isXor()
        && last.maxT() < open.minT()
        && last.count() + open.count() <= MAX_SAMPLES
        && Math.floorDiv(last.minT(), chunkRange) == Math.floorDiv(open.minT(), chunkRange);
  }

  /**
   * One packed chunk with the samples of {@code last} (null for none; must end before {@code open}
   * starts) followed by those of {@code open}.
   */
  Chunk pack(Chunk last, XorEncoder open) {
    int n = 0;
    if (last != null) {
      chunks.reset(last);
      while (chunks.next()) {
        n = add(n, chunks.atT(), chunks.atF());
      }
      if (chunks.err() != null) {
        throw new IllegalStateException("head chunk does not decode: " + chunks.err());
      }
    }
    XorDecoder d = open.decoder(xor);
    while (d.next()) {
      n = add(n, d.atT(), d.atF());
    }
    return encode(n);
  }

  /**
   * Packs samples {@code [from, to)} of {@code buf} into chunks of at most {@link #MAX_SAMPLES}
   * that never span a multiple of {@code chunkRange}, appending them to {@code out}: an
   * out-of-order write into a packed chunk keeps it packed.
   */
  void packAll(SampleBuffer buf, int from, int to, long chunkRange, List<Chunk> out) {
    int n = 0;
    long window = 0;
    for (int i = from; i < to; i++) {
      long w = Math.floorDiv(buf.t(i), chunkRange);
      if (n > 0 && (n == MAX_SAMPLES || w != window)) {
        out.add(encode(n));
        n = 0;
      }
      window = w;
      n = add(n, buf.t(i), buf.v(i));
    }
    if (n > 0) {
      out.add(encode(n));
    }
  }

  /** One packed chunk of the first {@code n} samples in the scratch arrays. */
  private Chunk encode(int n) {
    sink.reset();
    encoder.encode(ts, vs, 0, n, sink);
    int len = sink.length();
    int max = lz4.maxCompressedLength(len);
    if (compressed.length < max) {
      compressed = new byte[max];
    }
    int c = lz4.compress(sink.buffer(), 0, len, compressed, 0, compressed.length);
    if (c < len) {
      return Chunk.packedLz4(Arrays.copyOf(compressed, c), len, n, ts[0], ts[n - 1]);
    }
    byte[] bytes = Arrays.copyOf(sink.buffer(), len);
    return Chunk.packed(bytes, 0, len, n, ts[0], ts[n - 1]);
  }

  private int add(int n, long t, double v) {
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    ts[n] = t;
    vs[n] = v;
    return n + 1;
  }
}
