package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.Peers;
import dev.vigil.server.testing.PrometheusProcess;
import dev.vigil.server.testing.VigilProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same data in Vigil and in a real Prometheus (Debian's package): Prometheus scrapes itself and
 * Vigil every second and remote-writes everything to Vigil. Then the same queries, at jittered
 * timestamps, go to both, and every answer must be equal (values within 1e-9 relative). promtool,
 * Prometheus's own client, must get the same answers from both too.
 *
 * <p>Query times avoid the instants where a range or lookback window starts exactly on a scrape:
 * Prometheus 2.42 (Debian's) includes such a sample, Prometheus 3 (whose semantics Vigil follows)
 * does not.
 */
class PromqlSideBySideIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] WINDOWS_MS = {0, 5_000, 10_000, 15_000, 20_000, 300_000};
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static VigilProcess vigil;
  private static PrometheusProcess prometheus;
  private static String promUrl;

  @BeforeAll
  static void start() throws Exception {
    // Vigil holds only what Prometheus sends it: its own scrape of itself is turned off by a
    // "vigil" job without targets.
    // The host collector would add up{job="node"}, which the Prometheus peer does not scrape.
    vigil =
        VigilProcess.builder()
            .config(
                "collectors:\n  host:\n    enabled: false\nscrape_configs:\n  - job_name: vigil\n")
            .start();
    prometheus =
        PrometheusProcess.start(
            """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['127.0.0.1:${PORT}']
              # Not "vigil": Vigil scrapes itself under that job name, with the same instance label.
              - job_name: vigil_via_prometheus
                static_configs:
                  - targets: ['VIGILADDR']
            remote_write:
              - url: VIGILURL/api/v1/write
                queue_config:
                  batch_send_deadline: 500ms
            """
                .replace("VIGILADDR", vigil.url().substring("http://".length()))
                .replace("VIGILURL", vigil.url()));
    promUrl = prometheus.url();
    // Every rate window compared below must start after the first scrape: where a counter's first
    // sample lies inside the window, Prometheus 2.42 and 3 extrapolate differently (3 caps the
    // extrapolation to half an interval before limiting it at the counter's zero point).
    Thread.sleep(38_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void hundredsOfQueriesAnswerAsPrometheusDoes() throws Exception {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    Random rnd = new Random(seed);
    NavigableSet<Long> scrapes = scrapeTimestamps();
    assertThat(scrapes).as("Prometheus scraped").hasSizeGreaterThan(10);
    long now = System.currentTimeMillis();
    String[] queries = {
      "up",
      "up == 1",
      "sum by (job) (up)",
      "count({__name__=~\"go_.*\"})",
      "prometheus_http_requests_total",
      "rate(prometheus_http_requests_total[5s])",
      "sum by (job) (rate(process_cpu_seconds_total[10s]))",
      "irate(process_cpu_seconds_total[5s])",
      "increase(prometheus_http_requests_total{handler=\"/metrics\"}[10s])",
      "delta(go_goroutines[10s])",
      "idelta(go_goroutines[10s])",
      "deriv(go_memstats_alloc_bytes[10s])",
      "predict_linear(go_memstats_alloc_bytes[10s], 60)",
      "avg_over_time(go_goroutines[10s])",
      "max_over_time(scrape_duration_seconds[10s])",
      "min_over_time(scrape_duration_seconds[10s])",
      "sum_over_time(up[10s])",
      "count_over_time(up[10s])",
      "stddev_over_time(scrape_duration_seconds[15s])",
      "quantile_over_time(0.9, scrape_duration_seconds[15s])",
      "last_over_time(up[10s])",
      "changes(go_goroutines[15s])",
      "resets(prometheus_http_requests_total[15s])",
      "topk(3, rate(prometheus_http_requests_total[10s]))",
      "bottomk(2, scrape_samples_scraped)",
      "quantile(0.5, scrape_duration_seconds)",
      "stddev(scrape_duration_seconds)",
      "stdvar by (job) (scrape_duration_seconds)",
      "count_values(\"value\", up)",
      "group by (job) (up)",
      "avg without (instance) (scrape_samples_scraped)",
      "min(scrape_duration_seconds) / max(scrape_duration_seconds)",
      "go_memstats_alloc_bytes / on(instance, job) go_memstats_sys_bytes",
      "scrape_samples_scraped > bool 100",
      "up * on(job) group_left() scrape_samples_scraped",
      "up and scrape_samples_scraped > 10",
      "up or vector(0)",
      "scrape_samples_scraped unless up == 0",
      "abs(-scrape_duration_seconds)",
      "ceil(scrape_duration_seconds * 1000)",
      "floor(scrape_duration_seconds * 1000)",
      "round(scrape_duration_seconds * 1000, 5)",
      "clamp(scrape_samples_scraped, 100, 200)",
      "sqrt(scrape_samples_scraped)",
      "ln(scrape_samples_scraped)",
      "exp(up)",
      "label_replace(up, \"port\", \"$1\", \"instance\", \".*:(.*)\")",
      "label_join(up, \"both\", \"/\", \"job\", \"instance\")",
      "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[10s])))",
      "histogram_quantile(0.5, rate(prometheus_tsdb_compaction_chunk_size_bytes_bucket[10s]))",
      "absent(nonexistent_metric)",
      "absent(up)",
      "time() - process_start_time_seconds > 0",
      "timestamp(up)",
      "scalar(sum(up))",
      "vector(1) + 2",
      "sort_desc(scrape_samples_scraped)",
      "max by (job) (scrape_duration_seconds) offset 5s",
      "rate(prometheus_http_requests_total[10s] offset 3s)",
      "max_over_time(rate(process_cpu_seconds_total[5s])[15s:2s])",
      "sum(up) by (job) / count(up) by (job)",
      "-scrape_samples_scraped",
      "scrape_samples_scraped % 7",
      "scrape_samples_scraped ^ 0.5",
      "1 - avg(rate(process_cpu_seconds_total[10s]))",
    };
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (String q : queries) {
      for (int i = 0; i < 4; i++) {
        long t = safeTime(rnd, now - 8_000, now - 3_000, scrapes);
        String params = "query=" + enc(q) + "&time=" + t / 1000.0;
        compare(q + " @" + t, "/api/v1/query", params, failures);
        compared++;
      }
      long end = safeTime(rnd, now - 5_000, now - 3_000, scrapes);
      long step = 1000L + rnd.nextInt(2000);
      String params =
          "query="
              + enc(q)
              + "&start="
              + (end - 8_000) / 1000.0
              + "&end="
              + end / 1000.0
              + "&step="
              + step / 1000.0;
      if (rangeSafe(end - 8_000, end, step, scrapes)) {
        compare(q + " range", "/api/v1/query_range", params, failures);
        compared++;
      }
    }
    assertThat(failures)
        .as("seed %d: %d of %d answers differ", seed, failures.size(), compared)
        .isEmpty();
    assertThat(compared).isGreaterThan(250);
  }

  @Test
  void promtoolGetsTheSameAnswersFromBoth() throws Exception {
    Path promtool = Peers.require("promtool", "prometheus");
    long t =
        safeTime(
            new Random(1),
            System.currentTimeMillis() - 8_000,
            System.currentTimeMillis() - 4_000,
            scrapeTimestamps());
    String time = Long.toString(t / 1000);
    String[][] commands = {
      {"query", "instant", "--time=" + time, "URL", "sum by (job) (up)"},
      {"query", "range", "--start=" + (t / 1000 - 6), "--end=" + time, "--step=2s", "URL", "up"},
      {"query", "series", "--match=up", "URL"},
      {"query", "labels", "URL", "job"},
    };
    for (String[] c : commands) {
      // Prometheus returns aggregation groups in no particular order: compare the lines as sets.
      String fromVigil = sortedLines(run(promtool, c, vigil.url()));
      String fromProm = sortedLines(run(promtool, c, promUrl));
      assertThat(fromVigil).as(String.join(" ", c)).isEqualTo(fromProm).isNotBlank();
    }
  }

  private static String sortedLines(String s) {
    return String.join("\n", new TreeSet<>(s.lines().toList()));
  }

  private static String run(Path promtool, String[] args, String url) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(promtool.toString());
    for (String a : args) {
      cmd.add(a.equals("URL") ? url : a);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  /** Every scrape timestamp of the last two minutes, from Prometheus's raw samples of up. */
  private static NavigableSet<Long> scrapeTimestamps() throws IOException, InterruptedException {
    JsonNode r = get(promUrl, "/api/v1/query", "query=" + enc("up[2m]"));
    TreeSet<Long> out = new TreeSet<>();
    for (JsonNode s : r.path("data").path("result")) {
      for (JsonNode p : s.path("values")) {
        out.add(Math.round(p.get(0).asDouble() * 1000));
      }
    }
    return out;
  }

  private static long safeTime(Random rnd, long from, long to, NavigableSet<Long> scrapes) {
    for (int i = 0; i < 1000; i++) {
      long t = from + (long) (rnd.nextDouble() * (to - from));
      if (safe(t, scrapes)) {
        return t;
      }
    }
    throw new IllegalStateException("no query time clear of scrape boundaries");
  }

  private static boolean safe(long t, NavigableSet<Long> scrapes) {
    for (long w : WINDOWS_MS) {
      // Subqueries and offsets shift windows by whole seconds; keep clear of those too.
      for (long shift = 0; shift <= 20_000; shift += 1000) {
        Long near = scrapes.ceiling(t - w - shift - 1);
        if (near != null && Math.abs(near - (t - w - shift)) <= 1) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean rangeSafe(long start, long end, long step, NavigableSet<Long> scrapes) {
    for (long t = start; t <= end; t += step) {
      if (!safe(t, scrapes)) {
        return false;
      }
    }
    return true;
  }

  private static void compare(String what, String path, String params, List<String> failures)
      throws IOException, InterruptedException {
    JsonNode a = get(vigil.url(), path, params);
    JsonNode b = get(promUrl, path, params);
    String diff = difference(a, b);
    if (diff != null) {
      failures.add(what + ": " + diff + "\n  vigil:      " + a + "\n  prometheus: " + b);
    }
  }

  private static String difference(JsonNode vigilAnswer, JsonNode promAnswer) {
    if (!vigilAnswer.path("status").equals(promAnswer.path("status"))) {
      return "status differs";
    }
    JsonNode va = vigilAnswer.path("data");
    JsonNode pa = promAnswer.path("data");
    if (!va.path("resultType").equals(pa.path("resultType"))) {
      return "result type differs";
    }
    if (va.path("resultType").asText().equals("scalar")) {
      return samePoint(va.path("result"), pa.path("result")) ? null : "scalar differs";
    }
    Map<String, JsonNode> vs = bySeries(va.path("result"));
    Map<String, JsonNode> ps = bySeries(pa.path("result"));
    if (!vs.keySet().equals(ps.keySet())) {
      return "series differ: vigil " + vs.keySet() + " prometheus " + ps.keySet();
    }
    for (String k : vs.keySet()) {
      JsonNode x = vs.get(k);
      JsonNode y = ps.get(k);
      if (x.has("value")) {
        if (!samePoint(x.get("value"), y.get("value"))) {
          return "value of " + k + " differs";
        }
      } else {
        JsonNode xv = x.path("values");
        JsonNode yv = y.path("values");
        if (xv.size() != yv.size()) {
          return "point count of " + k + " differs";
        }
        for (int i = 0; i < xv.size(); i++) {
          if (!samePoint(xv.get(i), yv.get(i))) {
            return "point " + i + " of " + k + " differs";
          }
        }
      }
    }
    return null;
  }

  private static Map<String, JsonNode> bySeries(JsonNode result) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode s : result) {
      TreeMap<String, String> labels = new TreeMap<>();
      s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      out.put(labels.toString(), s);
    }
    return out;
  }

  private static boolean samePoint(JsonNode x, JsonNode y) {
    if (x.get(0).asDouble() != y.get(0).asDouble()) {
      return false;
    }
    String a = x.get(1).asText();
    String b = y.get(1).asText();
    if (a.equals(b)) {
      return true;
    }
    double da = Double.parseDouble(a.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
    double db = Double.parseDouble(b.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
    return Math.abs(da - db) <= 1e-9 * Math.max(Math.abs(da), Math.abs(db));
  }

  private static JsonNode get(String base, String path, String params)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(params))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
