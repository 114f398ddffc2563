package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Values;
import dev.vigil.core.storage.FloatSamples;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorEncoderTest {
  private static final double[] EDGE_VALUES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    Double.NaN,
    Values.STALE_NAN,
    Double.longBitsToDouble(0x7ff8000000000001L), // another NaN payload
    Double.longBitsToDouble(0xfff0000000000001L), // a negative signalling NaN
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_NORMAL,
    0.1,
    1e300,
    123456789.123,
  };

  private static final long[][] EDGE_TIMESTAMPS = {
    {0},
    {Long.MIN_VALUE, Long.MAX_VALUE},
    {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE},
    {-1000, -1, 0, 1, 1000},
    {1_700_000_000_000L, 1_700_000_015_000L, 1_700_000_030_000L, 1_700_000_045_001L},
    {0, 8191, 8191 * 2 + 1, 8191 * 4, 8191 * 4 + 65_536, 8191 * 4 + 65_536 * 3, 1L << 40},
    {1, 2, 4, 8, 16, 1L << 20, 1L << 21, 1L << 22, 1L << 50, (1L << 50) + 1, 1L << 62},
  };

  @Test
  void roundTripsEdgeValuesBitExactly() {
    for (long[] ts : EDGE_TIMESTAMPS) {
      for (int shift = 0; shift < EDGE_VALUES.length; shift++) {
        long[] t = ts;
        double[] v = new double[t.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = EDGE_VALUES[(i + shift) % EDGE_VALUES.length];
        }
        assertRoundTrip(t, v, "edge " + java.util.Arrays.toString(t));
      }
    }
    // All edge values in one chunk, after each other, twice (exercises window reuse).
    long[] t = new long[EDGE_VALUES.length * 2];
    double[] v = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = 1000L * i;
      v[i] = EDGE_VALUES[i % EDGE_VALUES.length];
    }
    assertRoundTrip(t, v, "all edge values");
  }

  @Test
  void roundTripsRandomSeries() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("XorEncoderTest.roundTripsRandomSeries seed=" + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 500; round++) {
      int n = 1 + rnd.nextInt(300);
      long[] t = new long[n];
      double[] v = new double[n];
      long cur = rnd.nextBoolean() ? rnd.nextLong() >> rnd.nextInt(64) : 1_700_000_000_000L;
      double val = rnd.nextDouble() * 100;
      int style = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        t[i] = cur;
        v[i] =
            switch (style) {
              case 0 -> val += rnd.nextInt(3); // counter
              case 1 -> rnd.nextGaussian();
              case 2 -> rnd.nextInt(8) == 0 ? EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)] : val;
              default -> Double.longBitsToDouble(rnd.nextLong());
            };
        long step =
            switch (rnd.nextInt(5)) {
              case 0 -> 15_000;
              case 1 -> 15_000 + rnd.nextInt(200) - 100;
              case 2 -> 1 + rnd.nextInt(1 << 20);
              case 3 -> 1 + (rnd.nextLong() >>> (2 + rnd.nextInt(60)));
              default -> 1;
            };
        if (cur > Long.MAX_VALUE - step) {
          n = i + 1;
          break;
        }
        cur += step;
      }
      assertRoundTrip(
          java.util.Arrays.copyOf(t, n),
          java.util.Arrays.copyOf(v, n),
          "seed " + seed + " round " + round);
    }
  }

  @Test
  void replacesTheLastSample() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("XorEncoderTest.replacesTheLastSample seed=" + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      XorEncoder enc = new XorEncoder();
      int n = 1 + rnd.nextInt(150);
      long[] t = new long[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = i * 1000L + rnd.nextInt(10);
        v[i] = rnd.nextInt(4) == 0 ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextInt(5);
        enc.append(t[i], rnd.nextDouble());
        for (int r = rnd.nextInt(3); r > 0; r--) {
          enc.replaceLast(Double.longBitsToDouble(rnd.nextLong()));
        }
        enc.replaceLast(v[i]);
      }
      assertDecodes(enc.decoder(null), t, v, "seed " + seed + " round " + round);
      assertDecodes(enc.snapshot().decoder(null), t, v, "snapshot, seed " + seed);
    }
  }

  @Test
  void detectsTruncatedStreams() {
    XorEncoder enc = new XorEncoder();
    for (int i = 0; i < 100; i++) {
      enc.append(i * 15_000L, Math.sin(i));
    }
    Chunk full = enc.snapshot();
    XorDecoder d = full.decoder(null);
    d.reset(new long[4], 4 * 64, full.count());
    int n = 0;
    while (d.next()) {
      n++;
    }
    assertThat(n).isLessThan(100);
    assertThat(d.err()).contains("stream ends");
    d.reset(new long[4], 4 * 64, full.count());
    FloatSamples out = new FloatSamples(1);
    d.readInto(Long.MIN_VALUE, Long.MAX_VALUE, out);
    assertThat(out.size).isEqualTo(n);
    assertThat(d.err()).contains("stream ends");
  }

  private static void assertRoundTrip(long[] t, double[] v, String what) {
    XorEncoder enc = new XorEncoder();
    for (int i = 0; i < t.length; i++) {
      enc.append(t[i], v[i]);
    }
    assertThat(enc.count()).isEqualTo(t.length);
    assertThat(enc.minT()).isEqualTo(t[0]);
    assertThat(enc.maxT()).isEqualTo(t[t.length - 1]);
    assertDecodes(enc.decoder(null), t, v, what);
    Chunk c = enc.snapshot();
    assertDecodes(c.decoder(null), t, v, what + " (sealed)");
    assertThat(c.minT()).isEqualTo(t[0]);
    assertThat(c.maxT()).isEqualTo(t[t.length - 1]);
    assertReadsInto(c, t, v, Long.MIN_VALUE, Long.MAX_VALUE, what + " (batch)");
    long from = t[t.length / 3];
    long to = t[t.length * 2 / 3];
    assertReadsInto(c, t, v, from, to, what + " (batch " + from + ".." + to + ")");
  }

  private static void assertReadsInto(
      Chunk c, long[] t, double[] v, long from, long to, String what) {
    FloatSamples out = new FloatSamples(1);
    out.add(-1, -1); // appends after what is there
    c.decoder(null).readInto(from, to, out);
    int k = 1;
    for (int i = 0; i < t.length; i++) {
      if (t[i] < from || t[i] > to) {
        continue;
      }
      assertThat(out.t[k]).as("%s: t[%d]", what, i).isEqualTo(t[i]);
      assertThat(Double.doubleToRawLongBits(out.v[k]))
          .as("%s: v[%d] bits", what, i)
          .isEqualTo(Double.doubleToRawLongBits(v[i]));
      k++;
    }
    assertThat(out.size).as(what + ": count").isEqualTo(k);
  }

  private static void assertDecodes(XorDecoder d, long[] t, double[] v, String what) {
    for (int i = 0; i < t.length; i++) {
      assertThat(d.next()).as("%s: sample %d present (%s)", what, i, d.err()).isTrue();
      assertThat(d.atT()).as("%s: t[%d]", what, i).isEqualTo(t[i]);
      assertThat(Double.doubleToRawLongBits(d.atF()))
          .as("%s: v[%d] bits", what, i)
          .isEqualTo(Double.doubleToRawLongBits(v[i]));
    }
    assertThat(d.next()).as(what + ": end").isFalse();
    assertThat(d.err()).as(what).isNull();
  }
}
