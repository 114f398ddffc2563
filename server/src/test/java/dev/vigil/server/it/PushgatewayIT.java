package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The Pushgateway API as batch jobs use it (the requests of the Pushgateway README): PUT, POST and
 * DELETE of groups, base64 label values, gzip, refused pushes, push times, series that stay current
 * between pushes and across a restart.
 */
class PushgatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> send(
      VigilProcess vigil, String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(vigil.url() + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return vigil.send(b);
  }

  private static HttpResponse<String> push(
      VigilProcess vigil, String method, String path, String body) {
    return send(vigil, method, path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The current value of every series {@code selector} matches, keyed by its labels. */
  static Map<String, String> query(VigilProcess vigil, String selector) throws IOException {
    JsonNode result =
        JSON.readTree(
                vigil
                    .get(
                        "/api/v1/query?query="
                            + URLEncoder.encode(selector, StandardCharsets.UTF_8))
                    .body())
            .path("data")
            .path("result");
    Map<String, String> out = new TreeMap<>();
    for (JsonNode r : result) {
      out.put(r.path("metric").toString(), r.path("value").get(1).asText());
    }
    return out;
  }

  @Test
  void groupsArePushedReplacedMergedDeletedAndKeptAcrossARestart() throws Exception {
    String config = "pushgateway:\n  interval: 1s\n";
    VigilProcess first = VigilProcess.builder().config(config).start();
    try {
      String path = "/metrics/job/backup/instance/db1";
      HttpResponse<String> r =
          push(
              first,
              "PUT",
              path,
              """
              # TYPE backup_rows counter
              backup_rows{table="a"} 10
              # TYPE backup_last_success gauge
              backup_last_success 1700000000
              """);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(query(first, "{job=\"backup\"}"))
          .containsEntry(
              "{\"__name__\":\"backup_rows\",\"instance\":\"db1\",\"job\":\"backup\",\"table\":\"a\"}",
              "10")
          .containsEntry(
              "{\"__name__\":\"push_failure_time_seconds\",\"instance\":\"db1\",\"job\":\"backup\"}",
              "0")
          .hasSize(4);

      // POST replaces only the pushed family; the body's own job label is overridden.
      r =
          push(
              first,
              "POST",
              path,
              "# TYPE backup_rows counter\nbackup_rows{job=\"x\",table=\"b\"} 5\n");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Map<String, String> now = query(first, "{job=\"backup\",__name__=~\"backup_.*\"}");
      assertThat(now.keySet())
          .containsExactly(
              "{\"__name__\":\"backup_last_success\",\"instance\":\"db1\",\"job\":\"backup\"}",
              "{\"__name__\":\"backup_rows\",\"instance\":\"db1\",\"job\":\"backup\",\"table\":\"b\"}");

      // gzip, and a value with a slash in base64 (the README's example).
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write("cleaned_files 3\n".getBytes(StandardCharsets.UTF_8));
      }
      r =
          send(
              first,
              "PUT",
              "/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA",
              gz.toByteArray(),
              "Content-Encoding",
              "gzip");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(query(first, "cleaned_files"))
          .containsOnlyKeys(
              "{\"__name__\":\"cleaned_files\",\"job\":\"directory_cleaner\",\"path\":\"/var/tmp\"}");

      // Refused pushes: a timestamp, a type clash with another group (recorded as a failure).
      r = push(first, "PUT", "/metrics/job/late", "x 1 1700000000000\n");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("must not carry timestamps");
      r = push(first, "PUT", "/metrics/job/clash", "# TYPE backup_rows gauge\nbackup_rows 1\n");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\\\"backup_rows\\\" is pushed as gauge");
      assertThat(query(first, "push_failure_time_seconds{job=\"clash\"} > 0")).hasSize(1);

      // Pushed values stay current between pushes: written again every interval.
      double t0 =
          Double.parseDouble(query(first, "timestamp(cleaned_files)").values().iterator().next());
      Thread.sleep(2500);
      double t1 =
          Double.parseDouble(query(first, "timestamp(cleaned_files)").values().iterator().next());
      assertThat(t1).isGreaterThan(t0);

      // DELETE answers 202 and the group's series go stale at once.
      r = send(first, "DELETE", "/metrics/job/clash", new byte[0]);
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(query(first, "{job=\"clash\"}")).isEmpty();
      assertThat(send(first, "DELETE", "/metrics/job/never", new byte[0]).statusCode())
          .isEqualTo(202);

      assertThat(first.terminate(Duration.ofSeconds(30))).isZero();
      try (VigilProcess second =
          VigilProcess.builder().config(config).data(first.dir().resolve("data")).start()) {
        Thread.sleep(2000);
        Map<String, String> kept = query(second, "{__name__=~\"backup_.*|cleaned_files\"}");
        assertThat(kept).hasSize(3);
        assertThat(query(second, "timestamp(cleaned_files)").values().iterator().next())
            .isNotEqualTo(String.valueOf(t1));
        assertThat(query(second, "{job=\"clash\"}")).isEmpty();
      }
    } finally {
      first.close();
    }
  }
}
