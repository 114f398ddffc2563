package dev.vigil.bench.tsdb;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whole-store figures of the head with many active series, in one process: append throughput on one
 * thread (CPU time of that thread), heap and off-heap bytes per active series after a full GC, then
 * close, reopen (write-ahead log replay) and the time until the store is ready and the replay rate.
 *
 * <p>Usage: {@code HeadFigures [SERIES] [SAMPLES_PER_SERIES] [DIR] [VALUES]} (defaults 1 000 000,
 * 4, a temporary folder, {@code step}). VALUES {@code step}: each series grows by 10 per sample;
 * {@code noisy}: exporter-like values with a fixed seed, a quarter each of integer counters with
 * random increments, counters of seconds with two decimals, byte gauges wandering by up to 1 MB,
 * and ratios with all 53 bits of a double random; {@code recorded:FILE}: the values of a real
 * node_exporter recorded by {@code bench/tsdb-size.sh} (its {@code prometheus.txt}), series after
 * series, each copy starting at another scrape. Run with a heap large enough, e.g. {@code -Xmx6g},
 * and {@code -XX:+UseParallelGC} or the default G1; the figures are printed as {@code key=value}
 * lines.
 */
public final class HeadFigures {
  private HeadFigures() {}

  @dev.vigil.core.SuppressForbidden(
      reason = "the restart's process CPU time: com.sun.management is in every JDK Vigil runs on")
  public static void main(String[] args) throws IOException {
    int nSeries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    boolean temporary = args.length <= 2 || args[2].equals("-");
    Path dir = temporary ? Files.createTempDirectory("vigil-head") : Path.of(args[2]);
    boolean noisy = args.length > 3 && args[3].equals("noisy");
    double[][] recorded =
        args.length > 3 && args[3].startsWith("recorded:")
            ? recording(Path.of(args[3].substring("recorded:".length())))
            : null;
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    double[] state = new double[noisy ? nSeries : 0];
    TsdbOptions options = TsdbOptions.defaults().withFsync(FsyncPolicy.NEVER);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    long baseline = usedHeapAfterGc();
    Labels[] labels = new Labels[nSeries];
    for (int i = 0; i < nSeries; i++) {
      // Shaped like exporters' series: a metric name among 1 000, an instance among 1 000, a job.
      labels[i] =
          Labels.of(
              "__name__",
              "bench_metric_" + (i % 1000) + "_total",
              "instance",
              "host-" + (i / 1000) + ":9100",
              "job",
              "node",
              "mode",
              (i % 3 == 0) ? "user" : (i % 3 == 1) ? "system" : "idle");
    }
    long t0 = 1_700_000_000_000L;
    long[] refs = new long[nSeries];
    long cpuStart = threads.getCurrentThreadCpuTime();
    long firstCpu = 0;
    long wallStart = System.nanoTime();
    try (Tsdb db = Tsdb.open(dir, options)) {
      for (int r = 0; r < rounds; r++) {
        long t = t0 + r * 15_000L;
        Appender app = db.appender();
        for (int i = 0; i < nSeries; i++) {
          double v =
              recorded != null
                  ? recordedValue(recorded, i, r)
                  : noisy ? next(state, i, random) : r * 10.0 + (i & 7);
          refs[i] = app.append(refs[i], labels[i], t, v);
          if ((i & 8191) == 8191) {
            app.commit();
            app = db.appender();
          }
        }
        app.commit();
        if (r == 0) {
          firstCpu = threads.getCurrentThreadCpuTime() - cpuStart;
        }
      }
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      double wall = (System.nanoTime() - wallStart) / 1e9;
      long samples = (long) nSeries * rounds;
      report("samples", samples);
      report("create_series_per_cpu_second", nSeries / (firstCpu / 1e9));
      if (rounds > 1) {
        report(
            "append_existing_samples_per_cpu_second",
            (double) (samples - nSeries) / (cpu - firstCpu / 1e9));
      }
      report("append_samples_per_wall_second", samples / wall);
      labels = null; // the head holds its own references
      // What is left is the head, plus the refs array of this harness.
      long heap;
      try {
        heap = usedHeapAfterGc() - baseline - 8L * nSeries;
      } finally {
        // The value sources were in the baseline; keep them out of the difference.
        java.lang.ref.Reference.reachabilityFence(recorded);
        java.lang.ref.Reference.reachabilityFence(state);
      }
      long offHeap = offHeapBytes();
      report("series", db.head().seriesCount());
      report("heap_bytes_per_series", (double) heap / nSeries);
      report("off_heap_bytes_per_series", (double) offHeap / nSeries);
    }
    long walBytes = size(dir.resolve("wal"));
    report("wal_bytes", walBytes);
    long openStart = System.nanoTime();
    long openCpu = threads.getCurrentThreadCpuTime();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long openProcessCpu = os.getProcessCpuTime();
    try (Tsdb db = Tsdb.open(dir, options)) {
      double open = (System.nanoTime() - openStart) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - openCpu) / 1e9;
      report("restart_ready_seconds", open);
      report("restart_cpu_seconds", cpu);
      // All threads: the log's decoding thread, GC and JIT included.
      report("restart_process_cpu_seconds", (os.getProcessCpuTime() - openProcessCpu) / 1e9);
      report("replayed_series", db.head().seriesCount());
      report("replay_samples_per_cpu_second", (long) nSeries * rounds / cpu);
    }
    if (temporary) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * The values of every series in a recording laid out as {@code bench/tsdb-size.sh} leaves it
   * ({@code prometheus.txt}: one {@code series value timestamp} line per sample, scrapes in order),
   * one array per series with one value per scrape.
   */
  private static double[][] recording(Path file) throws IOException {
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    java.util.List<double[]> values = new java.util.ArrayList<>();
    int[] filled = new int[0];
    try (var lines = Files.newBufferedReader(file)) {
      String line;
      while ((line = lines.readLine()) != null) {
        int tsAt = line.lastIndexOf(' ');
        int valueAt = tsAt > 0 ? line.lastIndexOf(' ', tsAt - 1) : -1;
        if (line.isEmpty() || line.charAt(0) == '#' || valueAt <= 0) {
          continue;
        }
        String series = line.substring(0, valueAt);
        Integer k = index.get(series);
        if (k == null) {
          k = values.size();
          index.put(series, k);
          values.add(new double[64]);
          filled = java.util.Arrays.copyOf(filled, k + 1);
        }
        double[] v = values.get(k);
        if (filled[k] == v.length) {
          v = java.util.Arrays.copyOf(v, 2 * v.length);
          values.set(k, v);
        }
        v[filled[k]++] = Double.parseDouble(line.substring(valueAt + 1, tsAt));
      }
    }
    double[][] out = new double[values.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = java.util.Arrays.copyOf(values.get(k), filled[k]);
    }
    System.out.printf(Locale.ROOT, "recording: %d series from %s%n", out.length, file);
    return out;
  }

  /**
   * Sample {@code r} of series {@code i}: recorded series {@code i} modulo their number, each copy
   * starting at another scrape so that copies are not in step.
   */
  private static double recordedValue(double[][] recorded, int i, int r) {
    double[] v = recorded[i % recorded.length];
    return v[(int) (((long) (i / recorded.length) * 7919 + r) % v.length)];
  }

  /** The next noisy value of series {@code i} (see the class comment). */
  private static double next(double[] state, int i, java.util.SplittableRandom random) {
    double v =
        switch (i & 3) {
          case 0 -> state[i] + random.nextInt(1000);
          case 1 -> Math.round((state[i] + random.nextDouble(15)) * 100) / 100.0;
          case 2 -> (state[i] == 0 ? 4e9 : state[i]) + random.nextInt(-1 << 20, 1 << 20);
          default -> random.nextDouble();
        };
    state[i] = v;
    return v;
  }

  private static void report(String key, double value) {
    System.out.printf(Locale.ROOT, "%s=%.1f%n", key, value);
  }

  @SuppressWarnings("removal")
  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long offHeapBytes() {
    long total = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      total += pool.getMemoryUsed();
    }
    return total;
  }

  private static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
