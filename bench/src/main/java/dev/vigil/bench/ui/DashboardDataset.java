package dev.vigil.bench.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Loads the dashboard benchmark's data set into a running Vigil through {@code POST
 * /api/v1/import/prometheus}: 1 000 series from 20 hosts (50 each: node_exporter's CPU, memory,
 * network, filesystem, disk and load metrics, {@code up}, and an application's request counter and
 * latency histogram), one sample every 15 s over {@code hours} hours ending now. Values come from a
 * fixed seed.
 *
 * <p>Usage: {@code DashboardDataset BASE_URL [HOURS]}
 */
public final class DashboardDataset {
  static final int HOSTS = 20;
  static final int CPUS = 4;
  static final String[] MODES = {"idle", "user", "system", "iowait", "steal"};
  static final String[] LE = {
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"
  };
  static final String[] CODES = {"200", "404", "500"};
  static final long STEP_MS = 15_000;
  private static final int PART_BYTES = 8 << 20;

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI target;
  private final StringBuilder part = new StringBuilder(PART_BYTES + 4096);
  private long samples;

  private DashboardDataset(String base) {
    this.target = URI.create(base + "/api/v1/import/prometheus");
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: DashboardDataset BASE_URL [HOURS]");
      System.exit(2);
    }
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
    long t0 = System.nanoTime();
    DashboardDataset d = new DashboardDataset(args[0]);
    long end = System.currentTimeMillis() / STEP_MS * STEP_MS;
    int points = (int) (hours * 3_600_000L / STEP_MS) + 1;
    long start = end - (points - 1) * STEP_MS;
    int series = 0;
    for (int h = 0; h < HOSTS; h++) {
      series += d.host(h, start, points);
    }
    d.flush();
    System.out.printf(
        Locale.ROOT,
        "%d series x %d points (%d samples) loaded in %d ms%n",
        series,
        points,
        d.samples,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Writes one host's 50 series; returns how many. */
  private int host(int h, long start, int points) throws IOException, InterruptedException {
    SplittableRandom rnd = new SplittableRandom(42 + h);
    String inst = String.format(Locale.ROOT, "instance=\"host-%02d:9100\",job=\"node\"", h);
    String app = String.format(Locale.ROOT, "instance=\"host-%02d:8080\",job=\"app\"", h);
    double load = 0.2 + 0.6 * rnd.nextDouble();
    int n = 0;
    for (int c = 0; c < CPUS; c++) {
      double[] share = new double[MODES.length];
      double busy = load * (0.8 + 0.4 * rnd.nextDouble());
      share[1] = busy * 0.6;
      share[2] = busy * 0.25;
      share[3] = busy * 0.1;
      share[4] = busy * 0.05;
      share[0] = Math.max(0, 1 - busy);
      for (int m = 0; m < MODES.length; m++) {
        String name =
            "node_cpu_seconds_total{" + inst + ",cpu=\"" + c + "\",mode=\"" + MODES[m] + "\"}";
        counter(name, start, points, share[m], 0.3, rnd.split());
        n++;
      }
    }
    double total = (8L << 30) * (1 + h % 4);
    gauge("node_memory_MemTotal_bytes{" + inst + "}", start, points, total, 0, rnd.split());
    gauge(
        "node_memory_MemAvailable_bytes{" + inst + "}",
        start,
        points,
        total * (1 - load * 0.8),
        total * 0.1,
        rnd.split());
    n += 2;
    for (String dev : new String[] {"eth0", "eth1"}) {
      double rate = (dev.equals("eth0") ? 2e6 : 2e5) * (0.5 + load);
      counter(
          "node_network_receive_bytes_total{" + inst + ",device=\"" + dev + "\"}",
          start,
          points,
          rate,
          0.5,
          rnd.split());
      counter(
          "node_network_transmit_bytes_total{" + inst + ",device=\"" + dev + "\"}",
          start,
          points,
          rate * 0.6,
          0.5,
          rnd.split());
      n += 2;
    }
    for (String mp : new String[] {"/", "/data"}) {
      double size = mp.equals("/") ? 50e9 : 500e9;
      String fs =
          inst + ",device=\"sda" + (mp.equals("/") ? 1 : 2) + "\",mountpoint=\"" + mp + "\"";
      gauge("node_filesystem_size_bytes{" + fs + "}", start, points, size, 0, rnd.split());
      gauge(
          "node_filesystem_avail_bytes{" + fs + "}",
          start,
          points,
          size * (0.2 + 0.6 * rnd.nextDouble()),
          size * 0.02,
          rnd.split());
      n += 2;
    }
    counter(
        "node_disk_io_time_seconds_total{" + inst + ",device=\"sda\"}",
        start,
        points,
        load * 0.5,
        0.4,
        rnd.split());
    gauge("node_load1{" + inst + "}", start, points, load * CPUS, load * 2, rnd.split());
    gauge("node_load5{" + inst + "}", start, points, load * CPUS, load, rnd.split());
    gauge("up{" + inst + "}", start, points, 1, 0, rnd.split());
    n += 4;
    double rps = 50 + 200 * load;
    double[] codeShare = {0.95, 0.04, 0.01};
    for (int i = 0; i < CODES.length; i++) {
      counter(
          "http_requests_total{" + app + ",code=\"" + CODES[i] + "\"}",
          start,
          points,
          rps * codeShare[i],
          0.4,
          rnd.split());
      n++;
    }
    // A latency histogram: cumulative bucket shares of a log-normal-ish distribution.
    double[] cumulative = {0.02, 0.08, 0.25, 0.5, 0.72, 0.88, 0.95, 0.985, 0.996, 0.999, 1};
    for (int i = 0; i < LE.length; i++) {
      counter(
          "http_request_duration_seconds_bucket{" + app + ",le=\"" + LE[i] + "\"}",
          start,
          points,
          rps * cumulative[i],
          0,
          new SplittableRandom(99 + h));
      n++;
    }
    counter(
        "http_request_duration_seconds_sum{" + app + "}",
        start,
        points,
        rps * 0.12,
        0,
        new SplittableRandom(99 + h));
    counter(
        "http_request_duration_seconds_count{" + app + "}",
        start,
        points,
        rps,
        0,
        new SplittableRandom(99 + h));
    n += 2;
    return n;
  }

  /**
   * A counter growing at {@code rate} per second, varied by a daily wave and noise ({@code jitter}
   * as a share of the rate); the histogram's series share one random stream so buckets stay
   * monotonic.
   */
  private void counter(
      String name, long start, int points, double rate, double jitter, SplittableRandom rnd)
      throws IOException, InterruptedException {
    double v = 0;
    for (int i = 0; i < points; i++) {
      long t = start + i * STEP_MS;
      double wave = 1 + 0.3 * Math.sin(2 * Math.PI * t / 86_400_000.0);
      double noise = 1 + jitter * (rnd.nextDouble() - 0.5);
      v += rate * wave * noise * STEP_MS / 1000.0;
      sample(name, Math.round(v * 1000) / 1000.0, t);
    }
  }

  /** A gauge around {@code mean}, following the daily wave with {@code swing} amplitude. */
  private void gauge(
      String name, long start, int points, double mean, double swing, SplittableRandom rnd)
      throws IOException, InterruptedException {
    for (int i = 0; i < points; i++) {
      long t = start + i * STEP_MS;
      double wave = Math.sin(2 * Math.PI * t / 86_400_000.0);
      double v = mean + swing * (0.8 * wave + 0.2 * (rnd.nextDouble() - 0.5));
      sample(name, Math.round(v * 1000) / 1000.0, t);
    }
  }

  private void sample(String name, double value, long t) throws IOException, InterruptedException {
    part.append(name).append(' ').append(value).append(' ').append(t).append('\n');
    samples++;
    if (part.length() >= PART_BYTES) {
      flush();
    }
  }

  private void flush() throws IOException, InterruptedException {
    if (part.isEmpty()) {
      return;
    }
    HttpRequest r =
        HttpRequest.newBuilder(target)
            .header("Content-Type", "text/plain; version=0.0.4")
            .POST(HttpRequest.BodyPublishers.ofString(part.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IOException("import answered " + answer.statusCode() + ": " + answer.body());
    }
    part.setLength(0);
  }
}
