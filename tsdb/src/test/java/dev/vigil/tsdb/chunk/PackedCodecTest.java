package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackedCodecTest {
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

  @SuppressWarnings("ArrayRecordComponent") // test rows, never compared
  private record Row(String name, long[] ts, double[] vs, int valueKind) {}

  private static long[] regular(int n, long start, long step) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + i * step;
    }
    return ts;
  }

  private static double[] values(int n, java.util.function.IntToDoubleFunction f) {
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      vs[i] = f.applyAsDouble(i);
    }
    return vs;
  }

  private static List<Row> rows() {
    Random r = new Random(42);
    long t0 = 1_700_000_000_000L;
    return List.of(
        new Row("one sample", new long[] {t0}, new double[] {1.5}, PackedCodec.VALUE_CONSTANT),
        new Row("constant", regular(300, t0, 15_000), values(300, i -> 7), 0),
        new Row("stale markers", regular(5, t0, 15_000), values(5, i -> STALE), 0),
        new Row(
            "integer counter", regular(500, t0, 15_000), values(500, i -> i * i % 7 + i * 3), 1),
        new Row("linear counter", regular(500, t0, 15_000), values(500, i -> 1e9 + i * 123), 2),
        new Row("two decimals", regular(500, t0, 15_000), values(500, i -> (1225 + i) / 100.0), 1),
        new Row(
            "noisy durations",
            regular(500, t0, 15_000),
            values(500, i -> (20_000 + r.nextInt(400_000)) / 1e9),
            PackedCodec.VALUE_PLANES),
        new Row("random doubles", regular(200, t0, 15_000), values(200, i -> r.nextGaussian()), 3),
        new Row(
            "NaN, infinities, stale, -0.0 among integers",
            regular(9, t0, 15_000),
            new double[] {
              1,
              Double.NaN,
              2,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              STALE,
              -0.0,
              0.0,
              Double.longBitsToDouble(0x7ff8000000000abcL)
            },
            3),
        new Row(
            "huge and irregular timestamps",
            new long[] {Long.MIN_VALUE, -1, 0, 1, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE},
            new double[] {
              Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE, 0, 1e300, 1e-300, 3
            },
            -1),
        new Row(
            "jittered scrape",
            jittered(r, 400, t0),
            values(400, i -> i % 10 == 0 ? 0.5 : 0.25),
            -1),
        new Row(
            "largest chunk",
            regular(PackedCodec.MAX_SAMPLES, -5_000_000L, 1),
            values(PackedCodec.MAX_SAMPLES, i -> i % 1000),
            -1));
  }

  private static long[] jittered(Random r, int n, long t0) {
    long[] ts = new long[n];
    long t = t0;
    for (int i = 0; i < n; i++) {
      ts[i] = t;
      t += 15_000 + r.nextInt(201) - 100;
    }
    return ts;
  }

  @Test
  void roundTripsEdgeValuesAndPicksTheExpectedEncoding() {
    PackedCodec.Encoder enc = new PackedCodec.Encoder();
    ChunkDecoder dec = new ChunkDecoder();
    Set<Integer> kinds = new HashSet<>();
    for (Row row : rows()) {
      PackedCodec.Sink sink = new PackedCodec.Sink();
      sink.u8(0xAB); // chunks do not start at offset 0 in a page
      enc.encode(row.ts(), row.vs(), 0, row.ts().length, sink);
      int kind = (sink.buffer()[1] >>> 2) & 7;
      kinds.add(kind);
      if (row.valueKind() >= 0) {
        assertThat(kind).as(row.name()).isEqualTo(row.valueKind());
      }
      assertDecodes(dec, sink, 1, row.ts(), row.vs(), row.name());
    }
    assertThat(kinds).as("value encodings exercised").hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void randomRunsRoundTrip() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("PackedCodecTest.randomRunsRoundTrip seed=" + seed);
    Random r = new Random(seed);
    PackedCodec.Encoder enc = new PackedCodec.Encoder();
    ChunkDecoder dec = new ChunkDecoder();
    PackedCodec.Sink sink = new PackedCodec.Sink();
    for (int round = 0; round < 300; round++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 10 : 3000);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextLong();
      long step = 1L + r.nextInt(60_000);
      int style = r.nextInt(5);
      double scale = Math.pow(10, r.nextInt(8));
      for (int i = 0; i < n; i++) {
        ts[i] = t;
        t += r.nextInt(4) == 0 ? step + r.nextInt(1000) : step;
        vs[i] =
            switch (style) {
              case 0 -> r.nextInt(5) == 0 ? STALE : i;
              case 1 -> r.nextInt(1_000_000) / scale;
              case 2 -> Double.longBitsToDouble(r.nextLong());
              case 3 -> Math.floorDiv(i, 7);
              default -> r.nextBoolean() ? -0.0 : r.nextDouble();
            };
      }
      sink.reset();
      int at = r.nextInt(3);
      for (int i = 0; i < at; i++) {
        sink.u8(r.nextInt(256));
      }
      // Keep timestamps increasing even when the random start wrapped around.
      Arrays.sort(ts);
      if (hasDuplicates(ts)) {
        continue;
      }
      enc.encode(ts, vs, 0, n, sink);
      assertDecodes(dec, sink, at, ts, vs, "seed " + seed + " round " + round);
    }
  }

  private static boolean hasDuplicates(long[] ts) {
    for (int i = 1; i < ts.length; i++) {
      if (ts[i] == ts[i - 1]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void damagedBytesAreReportedNeverThrown() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("PackedCodecTest.damagedBytesAreReportedNeverThrown seed=" + seed);
    Random r = new Random(seed);
    PackedCodec.Encoder enc = new PackedCodec.Encoder();
    ChunkDecoder dec = new ChunkDecoder();
    int reported = 0;
    for (Row row : rows()) {
      PackedCodec.Sink sink = new PackedCodec.Sink();
      enc.encode(row.ts(), row.vs(), 0, row.ts().length, sink);
      for (int round = 0; round < 50; round++) {
        byte[] bytes = Arrays.copyOf(sink.buffer(), r.nextInt(sink.length() + 1));
        for (int k = 0; k < 1 + r.nextInt(3) && bytes.length > 0; k++) {
          bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
        }
        Chunk c = Chunk.packed(bytes, 0, bytes.length, row.ts().length, 0, 0);
        dec.reset(c);
        int n = 0;
        while (dec.next()) {
          n++;
        }
        if (dec.err() != null) {
          reported++;
          assertThat(n).isZero();
        } else {
          assertThat(n).isEqualTo(row.ts().length);
        }
      }
    }
    assertThat(reported).as("seed %d", seed).isPositive();
  }

  private static void assertDecodes(
      ChunkDecoder dec, PackedCodec.Sink sink, int at, long[] ts, double[] vs, String what) {
    byte[] bytes = Arrays.copyOf(sink.buffer(), sink.length());
    Chunk c = Chunk.packed(bytes, at, bytes.length - at, ts.length, ts[0], ts[ts.length - 1]);
    assertThat(c.isXor()).isFalse();
    dec.reset(c);
    for (int i = 0; i < ts.length; i++) {
      assertThat(dec.next()).as("%s: sample %d (%s)", what, i, dec.err()).isTrue();
      assertThat(dec.atT()).as("%s: t[%d]", what, i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(dec.atF()))
          .as("%s: v[%d] = %s", what, i, vs[i])
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(dec.next()).as(what).isFalse();
    assertThat(dec.err()).as(what).isNull();
  }
}
