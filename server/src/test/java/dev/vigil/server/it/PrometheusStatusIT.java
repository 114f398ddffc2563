package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prometheus's status and metadata routes, with their shapes and their bad-input errors. */
class PrometheusStatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static VigilProcess vigil;

  @BeforeAll
  static void start() throws IOException {
    vigil =
        VigilProcess.builder()
            .config(
                "global:\n  external_labels:\n    region: eu-1\nstorage:\n  wal_fsync: always\n")
            .start();
  }

  @AfterAll
  static void stop() throws IOException {
    vigil.close();
  }

  private static JsonNode ok(String path) throws IOException {
    HttpResponse<String> r = vigil.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("status").asText()).isEqualTo("success");
    return n.get("data");
  }

  private static JsonNode error(String path, int status) throws IOException {
    HttpResponse<String> r = vigil.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("status").asText()).isEqualTo("error");
    return n;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void configShowsTheEffectiveYamlWithDefaults() throws IOException {
    String yaml = ok("/api/v1/status/config").get("yaml").asText();
    assertThat(yaml)
        .contains("region: eu-1")
        .contains("scrape_interval: 15s")
        .contains("wal_fsync: always")
        .contains("max_request_size: 32MiB");
  }

  @Test
  void flagsAndRuntimeInfoHavePrometheusKeys() throws IOException {
    JsonNode flags = ok("/api/v1/status/flags");
    assertThat(flags.get("listen").asText()).startsWith("127.0.0.1:");
    assertThat(flags.get("log.level").asText()).isEqualTo("info");
    JsonNode rt = ok("/api/v1/status/runtimeinfo");
    for (String key :
        new String[] {
          "startTime",
          "CWD",
          "reloadConfigSuccess",
          "lastConfigTime",
          "goroutineCount",
          "GOMAXPROCS"
        }) {
      assertThat(rt.has(key)).as(key).isTrue();
    }
    assertThat(rt.get("reloadConfigSuccess").asBoolean()).isTrue();
  }

  @Test
  void walReplayAndAlertmanagersHavePrometheusShapes() throws IOException {
    JsonNode wal = ok("/api/v1/status/walreplay");
    assertThat(wal.get("current").asInt()).isEqualTo(wal.get("max").asInt());
    assertThat(wal.has("min")).isTrue();
    JsonNode ams = ok("/api/v1/alertmanagers");
    assertThat(ams.get("activeAlertmanagers").get(0).get("url").asText())
        .startsWith("http://127.0.0.1:")
        .endsWith("/api/v2/alerts");
    assertThat(ams.get("droppedAlertmanagers").isArray()).isTrue();
  }

  @Test
  void metadataRoutesAnswerInPrometheusShape() throws IOException {
    assertThat(ok("/api/v1/series?match[]=" + q("up")).isArray()).isTrue();
    assertThat(ok("/api/v1/labels").isArray()).isTrue();
    assertThat(ok("/api/v1/label/job/values?start=0&end=1700000000").isArray()).isTrue();
    HttpResponse<String> post =
        vigil.post(
            "/api/v1/series",
            "application/x-www-form-urlencoded",
            ("match[]=" + q("{job=~\".+\"}")).getBytes(StandardCharsets.UTF_8));
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
  }

  @Test
  void tsdbStatusAndSnapshotWork() throws Exception {
    String body = "snap_metric{a=\"1\"} 1\nsnap_metric{a=\"2\"} 2\n";
    assertThat(
            vigil
                .post(
                    "/api/v1/import/prometheus",
                    "text/plain",
                    body.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(204);
    // The host collector's series fill the default top 10; ask for enough to list this one.
    JsonNode st = ok("/api/v1/status/tsdb?limit=1000");
    assertThat(st.path("headStats").path("numSeries").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(st.path("headStats").path("chunkCount").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(st.path("headStats").path("numLabelPairs").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(st.path("memoryInBytesByLabelName").toString()).contains("\"__name__\"");
    boolean listed = false;
    for (JsonNode c : st.path("seriesCountByMetricName")) {
      listed |= c.path("name").asText().equals("snap_metric") && c.path("value").asInt() == 2;
    }
    assertThat(listed).as(st.toString()).isTrue();

    HttpResponse<String> snap =
        vigil.post("/api/v1/admin/tsdb/snapshot", "text/plain", new byte[0]);
    assertThat(snap.statusCode()).as(snap.body()).isEqualTo(200);
    String name = JSON.readTree(snap.body()).path("data").path("name").asText();
    assertThat(name).matches("\\d{8}T\\d{6}Z-[0-9a-f]{16}");
    assertThat(java.nio.file.Files.isDirectory(vigil.dir().resolve("data/snapshots/" + name)))
        .isTrue();
  }

  @Test
  void badParametersGet400BadDataNamingTheParameter() throws IOException {
    assertThat(error("/api/v1/series", 400).get("error").asText()).contains("no match[] parameter");
    JsonNode badSel = error("/api/v1/series?match[]=" + q("up{"), 400);
    assertThat(badSel.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(badSel.get("error").asText()).contains("match[]").contains("parse error");
    assertThat(error("/api/v1/series?match[]=" + q("sum(up)"), 400).get("error").asText())
        .contains("is not a series selector");
    assertThat(error("/api/v1/labels?start=yesterday", 400).get("error").asText())
        .contains("invalid parameter \"start\"");
    assertThat(error("/api/v1/labels?start=10&end=5", 400).get("error").asText())
        .contains("end timestamp must not be before start time");
    assertThat(error("/api/v1/label/1bad/values", 400).get("error").asText())
        .contains("invalid label name");
    assertThat(error("/api/v1/labels?limit=-1", 400).get("error").asText()).contains("limit");
  }
}
