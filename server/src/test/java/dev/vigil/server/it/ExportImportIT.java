package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Moves data between two Vigil instances with {@code GET /api/v1/export} and {@code POST
 * /api/v1/import}, then compares them series for series and sample for sample.
 */
class ExportImportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String export(VigilProcess vigil, String selector) {
    HttpResponse<String> r =
        vigil.get("/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** Series (labels as JSON) to their samples ("t=v" joined), from an export. */
  private static Map<String, String> bySeries(String export) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String line : export.lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      StringBuilder samples = new StringBuilder();
      for (int i = 0; i < n.path("values").size(); i++) {
        samples
            .append(n.path("timestamps").get(i).asLong())
            .append('=')
            .append(n.path("values").get(i).asText())
            .append(' ');
      }
      assertThat(out.put(n.path("metric").toString(), samples.toString()))
          .as("series exported twice: %s", line)
          .isNull();
    }
    return out;
  }

  @Test
  void anExportImportedIntoAnotherInstanceGivesTheSameSeries() throws Exception {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    long t0 = System.currentTimeMillis() - 3_600_000;
    StringBuilder text = new StringBuilder();
    int samples = 0;
    for (int s = 0; s < 50; s++) {
      String series =
          "moved_metric{host=\"h" + s % 7 + "\",path=\"/a \\\"b\\\"\",shard=\"" + s + "\"}";
      for (int i = 0; i < 30; i++) {
        String v =
            switch (rnd.nextInt(10)) {
              case 0 -> "NaN";
              case 1 -> "+Inf";
              case 2 -> Double.toString(rnd.nextGaussian() * 1e-9);
              default -> Integer.toString(rnd.nextInt(100_000));
            };
        text.append(series)
            .append(' ')
            .append(v)
            .append(' ')
            .append(t0 + i * 15_000L + s)
            .append('\n');
        samples++;
      }
    }
    try (VigilProcess a = VigilProcess.start();
        VigilProcess b = VigilProcess.start()) {
      HttpResponse<String> r =
          a.post(
              "/api/v1/import/prometheus",
              "text/plain",
              text.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      String fromA = export(a, "{__name__=\"moved_metric\"}");
      Map<String, String> seriesA = bySeries(fromA);
      assertThat(seriesA).as("seed %d", seed).hasSize(50);
      assertThat(fromA.lines().count()).isEqualTo(50);
      assertThat(String.join("", seriesA.values()).chars().filter(c -> c == '=').count())
          .as("every sample exported")
          .isGreaterThanOrEqualTo(samples);

      r = b.post("/api/v1/import", "application/json", fromA.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      Map<String, String> seriesB = bySeries(export(b, "{__name__=\"moved_metric\"}"));
      assertThat(seriesB).as("seed %d", seed).isEqualTo(seriesA);

      // Bad lines are reported with their numbers; the good ones are stored.
      r =
          b.post(
              "/api/v1/import?extra_label=copy=1",
              "application/json",
              ("{\"metric\":{\"__name__\":\"other\"},\"values\":[1],\"timestamps\":["
                      + t0
                      + "]}\nnot json\n")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("line 2");
      assertThat(bySeries(export(b, "other")))
          .containsOnlyKeys("{\"__name__\":\"other\",\"copy\":\"1\"}");
      assertThat(b.get("/api/v1/export").statusCode()).isEqualTo(400);

      // Compressed both ways: the export honours Accept-Encoding, the import Content-Encoding.
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> gz =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          a.url()
                              + "/api/v1/export?match[]="
                              + URLEncoder.encode(
                                  "{__name__=\"moved_metric\"}", StandardCharsets.UTF_8)))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(gz.statusCode()).isEqualTo(200);
      assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
      byte[] plain;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
        plain = in.readAllBytes();
      }
      assertThat(plain.length).isGreaterThan(gz.body().length);
      assertThat(bySeries(new String(plain, StandardCharsets.UTF_8))).isEqualTo(seriesA);
      HttpResponse<String> imported =
          b.send(
              HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/import?extra_label=gz=1"))
                  .header("Content-Type", "application/json")
                  .header("Content-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(gz.body())));
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(204);
      assertThat(bySeries(export(b, "{__name__=\"moved_metric\",gz=\"1\"}"))).hasSize(50);
      // A plain body declared gzip, and an encoding Vigil does not read: (encoding, status, says).
      for (String[] row : new String[][] {{"gzip", "400", "gunzip"}, {"br", "415", "\\\"br\\\""}}) {
        imported =
            b.send(
                HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/import"))
                    .header("Content-Encoding", row[0])
                    .POST(HttpRequest.BodyPublishers.ofByteArray(plain)));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(Integer.parseInt(row[1]));
        assertThat(imported.body()).contains(row[2]);
      }
    }
  }
}
