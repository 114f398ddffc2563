package dev.vigil.bench.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the query-latency benchmark's data set in the two text forms its three stores load: 10 000
 * counter series {@code x{job, instance}} and 1 200 histogram bucket series {@code
 * h_bucket{instance, le}} (100 instances × 12 buckets), every 15 s over {@code hours} hours ending
 * at {@code end}.
 *
 * <ul>
 *   <li>{@code openmetrics.txt}: OpenMetrics with timestamps in seconds, for {@code promtool tsdb
 *       create-blocks-from openmetrics};
 *   <li>{@code import-NNN.txt}: Prometheus text with millisecond timestamps in parts of at most
 *       {@code 16 MiB}, for {@code POST /api/v1/import/prometheus} (Vigil and VictoriaMetrics).
 * </ul>
 *
 * <p>Values come from a fixed seed, so every run and every store sees the same samples.
 *
 * <p>Usage: {@code QueryDataset OUT_DIR END_EPOCH_SECONDS [HOURS]}
 */
public final class QueryDataset {
  static final int JOBS = 20;
  static final int INSTANCES = 500;
  static final int HIST_INSTANCES = 100;
  static final String[] LE = {
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"
  };
  static final long STEP_MS = 15_000;

  /**
   * Samples sit 7 s past the 15 s grid, so none falls exactly on a window boundary of a query
   * stepped by whole minutes: there Prometheus 2 (closed windows) and Prometheus 3 and Vigil
   * (left-open windows) would differ by design.
   */
  static final long OFFSET_MS = 7_000;

  private static final long PART_BYTES = 16L << 20;

  private QueryDataset() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: QueryDataset OUT_DIR END_EPOCH_SECONDS [HOURS]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    long endMs = Long.parseLong(args[1]) * 1000;
    int hours = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int points = (int) (hours * 3_600_000L / STEP_MS) + 1;
    long startMs = endMs - (points - 1) * STEP_MS;

    double[][] counters = counters(points);
    double[][] buckets = buckets(points);
    try (BufferedWriter om = Files.newBufferedWriter(dir.resolve("openmetrics.txt"))) {
      // No TYPE lines: OpenMetrics would want counters named *_total and histograms complete.
      writeCounters(om, counters, startMs, true);
      writeBuckets(om, buckets, startMs, true);
      om.write("# EOF\n");
    }
    try (PartWriter parts = new PartWriter(dir)) {
      writeCounters(parts, counters, startMs, false);
      writeBuckets(parts, buckets, startMs, false);
    }
    System.out.printf(
        Locale.ROOT,
        "%d series x %d points from %d to %d (ms) in %s%n",
        counters.length + buckets.length,
        points,
        startMs,
        endMs,
        dir);
  }

  /** The 10 000 counters' values, {@code [series][point]}. */
  static double[][] counters(int points) {
    return series(JOBS * INSTANCES, points, 1L);
  }

  /** Labels of counter series {@code s}. */
  static String[] counterLabels(int s) {
    return new String[] {
      "__name__", "x", "job", "job" + (s % JOBS), "instance", "host" + (s / JOBS) + ":9100"
    };
  }

  /** Labels of bucket series {@code s}. */
  static String[] bucketLabels(int s) {
    return new String[] {
      "__name__", "h_bucket", "instance", "api" + (s / LE.length) + ":8080", "le", LE[s % LE.length]
    };
  }

  /** Counters growing by random amounts, with a reset now and then. */
  private static double[][] series(int n, int points, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] out = new double[n][points];
    for (int s = 0; s < n; s++) {
      double rate = 1 + rnd.nextInt(100);
      double v = rnd.nextInt(1000);
      for (int k = 0; k < points; k++) {
        if (rnd.nextInt(2000) == 0) {
          v = 0;
        }
        v += Math.floor(rate * 15 * (0.5 + rnd.nextDouble()));
        out[s][k] = v;
      }
    }
    return out;
  }

  /** Cumulative bucket counters: each bucket holds at least as much as the one below. */
  static double[][] buckets(int points) {
    SplittableRandom rnd = new SplittableRandom(2L);
    double[][] out = new double[HIST_INSTANCES * LE.length][points];
    for (int i = 0; i < HIST_INSTANCES; i++) {
      double[] cum = new double[LE.length];
      for (int k = 0; k < points; k++) {
        double below = 0;
        for (int b = 0; b < LE.length; b++) {
          cum[b] += rnd.nextInt(20 + b * 5);
          below = Math.max(below, cum[b]);
          cum[b] = below;
          out[i * LE.length + b][k] = cum[b];
        }
      }
    }
    return out;
  }

  private static void writeCounters(Writer w, double[][] v, long startMs, boolean seconds)
      throws IOException {
    StringBuilder line = new StringBuilder(96);
    for (int s = 0; s < v.length; s++) {
      String labels = "x{job=\"job" + (s % JOBS) + "\",instance=\"host" + (s / JOBS) + ":9100\"} ";
      writeSeries(w, line, labels, v[s], startMs, seconds);
    }
  }

  private static void writeBuckets(Writer w, double[][] v, long startMs, boolean seconds)
      throws IOException {
    StringBuilder line = new StringBuilder(96);
    for (int s = 0; s < v.length; s++) {
      String labels =
          "h_bucket{instance=\"api"
              + (s / LE.length)
              + ":8080\",le=\""
              + LE[s % LE.length]
              + "\"} ";
      writeSeries(w, line, labels, v[s], startMs, seconds);
    }
  }

  private static void writeSeries(
      Writer w, StringBuilder line, String labels, double[] v, long startMs, boolean seconds)
      throws IOException {
    for (int k = 0; k < v.length; k++) {
      long t = startMs + OFFSET_MS + k * STEP_MS;
      line.setLength(0);
      line.append(labels).append((long) v[k]).append(' ');
      if (seconds) {
        line.append(t / 1000);
      } else {
        line.append(t);
      }
      line.append('\n');
      w.append(line);
    }
    if (w instanceof PartWriter p) {
      p.maybeRoll();
    }
  }

  /** Prometheus text in numbered parts, cut between series. */
  private static final class PartWriter extends Writer {
    private final Path dir;
    private int part;
    private long written;
    private BufferedWriter out;

    PartWriter(Path dir) throws IOException {
      this.dir = dir;
      open();
    }

    private void open() throws IOException {
      out =
          Files.newBufferedWriter(
              dir.resolve(String.format(Locale.ROOT, "import-%03d.txt", part++)),
              StandardCharsets.UTF_8);
      written = 0;
    }

    void maybeRoll() throws IOException {
      if (written >= PART_BYTES) {
        out.close();
        open();
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      out.write(cbuf, off, len);
      written += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
