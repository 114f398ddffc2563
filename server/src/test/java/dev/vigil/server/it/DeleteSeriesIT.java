package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting series through the admin API of the running jar: gone from queries at once, still gone
 * after a restart (the deletion is in the write-ahead log), and an out-of-order write into a range
 * written earlier is kept and answered.
 */
class DeleteSeriesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // Two hours ago, in whole seconds: recent enough for the out-of-order window (the retention).
  private static final long BASE = (System.currentTimeMillis() / 1000 - 7200) / 10 * 10;

  private static JsonNode series(VigilProcess v, String selector) throws Exception {
    HttpResponse<String> r =
        v.get(
            "/api/v1/query_range?query="
                + q(selector)
                + "&start="
                + BASE
                + "&end="
                + (BASE + 300)
                + "&step=10");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data").path("result");
  }

  @Test
  void deletedSeriesStayDeletedAcrossARestart() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i <= 30; i++) {
      long ms = (BASE + i * 10L) * 1000;
      body.append("del_metric{k=\"keep\"} ").append(i).append(' ').append(ms).append('\n');
      body.append("del_metric{k=\"gone\"} ").append(i).append(' ').append(ms).append('\n');
    }
    Path data;
    Path dir;
    try (VigilProcess v = VigilProcess.builder().start()) {
      HttpResponse<String> w =
          v.post(
              "/api/v1/import/prometheus",
              "text/plain",
              body.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
      // An out-of-order sample (older than what the series holds) replaces a value.
      w =
          v.post(
              "/api/v1/import/prometheus",
              "text/plain",
              ("del_metric{k=\"keep\"} 99 " + (BASE + 100) * 1000 + "\n")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
      assertThat(series(v, "del_metric")).hasSize(2);

      HttpResponse<String> missing =
          v.post("/api/v1/admin/tsdb/delete_series", "text/plain", new byte[0]);
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(missing.body()).contains("no match[] parameter provided");

      HttpResponse<String> del =
          v.send(
              HttpRequest.newBuilder()
                  .uri(
                      java.net.URI.create(
                          v.url()
                              + "/api/v1/admin/tsdb/delete_series?match[]="
                              + q("del_metric{k=\"gone\"}")
                              + "&start="
                              + BASE
                              + "&end="
                              + (BASE + 200)))
                  .PUT(HttpRequest.BodyPublishers.noBody()));
      assertThat(del.statusCode()).as(del.body()).isEqualTo(204);
      assertAfterDelete(v);
      HttpResponse<String> clean =
          v.post("/api/v1/admin/tsdb/clean_tombstones", "text/plain", new byte[0]);
      assertThat(clean.statusCode()).as(clean.body()).isEqualTo(204);
      assertThat(v.terminate(Duration.ofSeconds(20))).isZero();
      dir = Files.createTempDirectory("vigil-it-keep-");
      data = dir.resolve("data");
      Files.move(v.dir().resolve("data"), data);
    }
    // The stopped server's folder, read by the tsdb tools.
    VigilProcess.Result dump =
        VigilProcess.run(dir, "tsdb", "dump", "--data=" + data, "--match=del_metric");
    assertThat(dump.exitCode()).as(dump.output()).isZero();
    List<String> lines = dump.output().lines().filter(l -> l.startsWith("del_metric")).toList();
    // 31 samples kept, 10 of 31 left of the deleted series.
    assertThat(lines).hasSize(41).contains("del_metric{k=\"keep\"} 99.0 " + (BASE + 100) * 1000);
    VigilProcess.Result analyze =
        VigilProcess.run(dir, "tsdb", "analyze", "--data=" + data, "--limit=1000");
    assertThat(analyze.exitCode()).as(analyze.output()).isZero();
    assertThat(analyze.output()).contains("Metrics with the most series").contains("del_metric");
    try (VigilProcess v = VigilProcess.builder().data(data).start()) {
      assertAfterDelete(v);
      VigilProcess.Result refused =
          VigilProcess.run(dir, "tsdb", "analyze", "--data=" + data, "--limit=1000");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.output()).contains("in use by another Vigil process");
      // The dump reads back through the import API.
      HttpResponse<String> w =
          v.post(
              "/api/v1/import/prometheus",
              "text/plain",
              String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
      assertAfterDelete(v);
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void assertAfterDelete(VigilProcess v) throws Exception {
    JsonNode result = series(v, "del_metric");
    assertThat(result).as(result.toString()).hasSize(2);
    for (JsonNode s : result) {
      JsonNode values = s.path("values");
      if (s.path("metric").path("k").asText().equals("gone")) {
        // Samples at BASE..BASE+200 s deleted; the later ones kept.
        assertThat(values.get(0).get(0).asLong()).isEqualTo(BASE + 210);
      } else {
        assertThat(values.get(0).get(0).asLong()).isEqualTo(BASE);
        assertThat(values.get(10).get(1).asText()).isEqualTo("99");
      }
    }
  }
}
