package dev.vigil.bench.tsdb;

import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.PackedCodec;
import dev.vigil.tsdb.chunk.XorEncoder;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode speed of block chunks, in nanoseconds per sample: the packed encoding of block files (as
 * chunks already in memory, and with the zstd page decompressed first) against the head's XOR
 * chunks, over a mix shaped like a node_exporter recording (15 s scrapes; constants, counters,
 * decimal gauges, noisy durations and arbitrary doubles).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkDecodeBenchmark {
  static final int SERIES = 100;
  static final int SAMPLES = 2048;
  static final int TOTAL = SERIES * SAMPLES;

  private Chunk[] packed;
  private Chunk[] xor;
  private byte[] page;
  private int pageRaw;
  private int[] offsets;
  private final ChunkDecoder decoder = new ChunkDecoder();
  private final ZstdDecompressor zstd = new ZstdDecompressor();
  private byte[] pageBuf;

  @Setup
  public void setup() {
    Random r = new Random(1);
    long[] ts = new long[SAMPLES];
    double[] vs = new double[SAMPLES];
    PackedCodec.Encoder enc = new PackedCodec.Encoder();
    PackedCodec.Sink sink = new PackedCodec.Sink();
    List<Chunk> xs = new ArrayList<>();
    offsets = new int[SERIES];
    for (int s = 0; s < SERIES; s++) {
      double counter = r.nextInt(1_000_000);
      for (int i = 0; i < SAMPLES; i++) {
        ts[i] = 1_700_000_000_000L + i * 15_000L;
        counter += r.nextInt(100);
        vs[i] =
            switch (s % 5) {
              case 0 -> 1;
              case 1 -> counter;
              case 2 -> Math.round(counter / 7) / 100.0;
              case 3 -> (20_000 + r.nextInt(300_000)) / 1e9;
              default -> r.nextDouble() * 100;
            };
      }
      offsets[s] = sink.length();
      enc.encode(ts, vs, 0, SAMPLES, sink);
      XorEncoder x = null;
      for (int i = 0; i < SAMPLES; i++) {
        if (x == null || x.count() == 120) {
          if (x != null) {
            xs.add(x.snapshot());
          }
          x = new XorEncoder();
        }
        x.append(ts[i], vs[i]);
      }
      xs.add(x.snapshot());
    }
    byte[] raw = Arrays.copyOf(sink.buffer(), sink.length());
    pageRaw = raw.length;
    packed = new Chunk[SERIES];
    for (int s = 0; s < SERIES; s++) {
      packed[s] =
          Chunk.packed(raw, offsets[s], raw.length - offsets[s], SAMPLES, 0, Long.MAX_VALUE);
    }
    xor = xs.toArray(new Chunk[0]);
    ZstdCompressor c = new ZstdCompressor();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    page = Arrays.copyOf(out, c.compress(raw, 0, raw.length, out, 0, out.length));
    pageBuf = new byte[pageRaw];
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public double packedChunks() {
    return decodeAll(packed);
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public double packedPageWithZstd() {
    zstd.decompress(page, 0, page.length, pageBuf, 0, pageRaw);
    double sum = 0;
    for (int s = 0; s < SERIES; s++) {
      decoder.reset(Chunk.packed(pageBuf, offsets[s], pageRaw - offsets[s], SAMPLES, 0, 0));
      while (decoder.next()) {
        sum += decoder.atF() + decoder.atT();
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public double xorChunks() {
    return decodeAll(xor);
  }

  private double decodeAll(Chunk[] chunks) {
    double sum = 0;
    for (Chunk c : chunks) {
      decoder.reset(c);
      while (decoder.next()) {
        sum += decoder.atF() + decoder.atT();
      }
    }
    return sum;
  }
}
