package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.PackedCodec;
import dev.vigil.tsdb.chunk.XorEncoder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SampleBuffer#addAll} reads chunks of every encoding the store writes. */
class SampleBufferTest {
  private static final double[] EDGES = {
    Double.NaN,
    Double.longBitsToDouble(0x7ff0000000000002L), // Prometheus's stale marker
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -0.0,
    Double.MIN_VALUE,
    -Double.MAX_VALUE
  };

  @Test
  void addAllDecodesXorPackedAndCompressedChunks() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int n = 1 + r.nextInt(500);
    long[] ts = new long[n];
    double[] vs = new double[n];
    long t = r.nextLong(1L << 40);
    XorEncoder xor = new XorEncoder();
    for (int i = 0; i < n; i++) {
      t += 1 + (r.nextBoolean() ? 15_000 : r.nextInt(100_000));
      ts[i] = t;
      vs[i] =
          switch (i % 4) {
            case 0 -> r.nextInt(100) / 4.0;
            case 1 -> r.nextGaussian();
            case 2 -> EDGES[i / 4 % EDGES.length];
            default -> Double.longBitsToDouble(r.nextLong());
          };
      xor.append(ts[i], vs[i]);
    }
    PackedCodec.Sink sink = new PackedCodec.Sink();
    new PackedCodec.Encoder().encode(ts, vs, 0, n, sink);
    byte[] bytes = Arrays.copyOf(sink.buffer(), sink.length());
    Chunk packed = Chunk.packed(bytes, 0, bytes.length, n, ts[0], ts[n - 1]);
    // As the head seals it: packed, and zstd-compressed when that is smaller.
    Chunk sealed = new ChunkPacker().pack(null, xor);
    assertThat(sealed.isXor()).isFalse();
    ChunkDecoder scratch = new ChunkDecoder();
    for (Chunk c : new Chunk[] {xor.snapshot(), packed, sealed}) {
      SampleBuffer buf = new SampleBuffer();
      buf.add(ts[0] - 10, 1); // addAll appends after what the buffer holds
      buf.addAll(c, scratch);
      assertThat(buf.size()).as("seed %d, xor %s", seed, c.isXor()).isEqualTo(n + 1);
      for (int i = 0; i < n; i++) {
        assertThat(buf.t(i + 1)).as("seed %d", seed).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(buf.v(i + 1)))
            .as("seed %d, sample %d", seed, i)
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
    }
    // A packed chunk cut short does not decode: an error, not a silently shorter run.
    Chunk broken = Chunk.packed(Arrays.copyOf(bytes, 1), 0, 1, n, ts[0], ts[n - 1]);
    Chunk garbled = Chunk.packedLz4(new byte[] {1, 2, 3, 4}, 100, n, ts[0], ts[n - 1]);
    for (Chunk c : new Chunk[] {broken, garbled}) {
      assertThatThrownBy(() -> new SampleBuffer().addAll(c, scratch))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not decode");
    }
  }

  @Test
  void sealedHeadChunksArePackedIntoOnePerBlockRange() {
    MemSeries s = new MemSeries(1, dev.vigil.core.model.Labels.of("__name__", "m"));
    ChunkPacker packer = new ChunkPacker();
    long range = 7_200_000;
    XorEncoder plain = new XorEncoder();
    for (int i = 0; i < 1000; i++) {
      long t = i * 15_000L;
      double v = i * 10.0 + (i % 3) * 0.25;
      assertThat(s.append(t, v, range, true, packer)).isEqualTo(MemSeries.Result.APPENDED);
      plain.append(t, v);
    }
    // 480 samples per 2 h range at 15 s: two ranges sealed, each one packed chunk, one open.
    Chunk[] chunks = s.chunksFor(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(chunks).hasSize(3);
    assertThat(chunks[0].isXor()).isFalse();
    assertThat(chunks[0].count()).isEqualTo(480);
    assertThat(chunks[1].isXor()).isFalse();
    assertThat(s.chunkBytes()).isLessThan(plain.snapshot().sizeBytes() / 4);
    SampleBuffer all = new SampleBuffer();
    ChunkDecoder d = new ChunkDecoder();
    for (Chunk c : chunks) {
      all.addAll(c, d);
    }
    assertThat(all.size()).isEqualTo(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(all.t(i)).isEqualTo(i * 15_000L);
      assertThat(all.v(i)).isEqualTo(i * 10.0 + (i % 3) * 0.25);
    }
  }
}
