package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import dev.vigil.server.testing.VigilProcess;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Writing hours of the past into a fresh server (remote write and the text import), older than
 * anything its head holds and spanning several 2 h block ranges, then again after a restart: every
 * write is acknowledged with 204 and answered by queries. (Such an import once answered 500.)
 */
class HistoricalWriteIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR = 3600;
  private static final long NOW = System.currentTimeMillis() / 1000 / 60 * 60;

  @Test
  void pastHoursIntoAFreshServerAndAfterARestart() throws Exception {
    Path dir = Files.createTempDirectory("vigil-it-hist-");
    Path data = dir.resolve("data");
    try {
      try (VigilProcess v = VigilProcess.builder().data(data).start()) {
        // 9 h to 4 h ago: three block ranges, older than the head's own scrapes of itself.
        assertThat(remoteWrite(v, "rw_hist", NOW - 9 * HOUR, 5 * HOUR)).isEqualTo(204);
        assertThat(importText(v, "imp_hist", NOW - 6 * HOUR, 5 * HOUR)).isEqualTo(204);
        assertThat(count(v, "rw_hist", NOW - 9 * HOUR, NOW - 4 * HOUR)).isEqualTo(5 * 240);
        assertThat(v.terminate(Duration.ofSeconds(30))).isZero();
      }
      try (VigilProcess v = VigilProcess.builder().data(data).start()) {
        assertThat(count(v, "imp_hist", NOW - 6 * HOUR, NOW - HOUR)).isEqualTo(5 * 240);
        // After the restart: older still, overlapping what is stored, both protocols.
        assertThat(remoteWrite(v, "rw_hist", NOW - 13 * HOUR, 6 * HOUR)).isEqualTo(204);
        assertThat(importText(v, "imp_hist", NOW - 26 * HOUR, 24 * HOUR)).isEqualTo(204);
        assertThat(count(v, "rw_hist", NOW - 13 * HOUR, NOW - 4 * HOUR)).isEqualTo(9 * 240);
        assertThat(count(v, "imp_hist", NOW - 26 * HOUR, NOW - HOUR)).isEqualTo(25 * 240);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Samples every 15 s in {@code [start, start + span)} (seconds), as count_over_time sees. */
  private static long count(VigilProcess v, String name, long start, long end) throws Exception {
    long span = end - start;
    String q =
        URLEncoder.encode("count_over_time(" + name + "[" + span + "s])", StandardCharsets.UTF_8);
    HttpResponse<String> r = v.get("/api/v1/query?query=" + q + "&time=" + (end - 1));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(r.body()).path("data").path("result");
    assertThat(result).as(r.body()).hasSize(1);
    return result.get(0).path("value").get(1).asLong();
  }

  private static int importText(VigilProcess v, String name, long start, long span) {
    StringBuilder b = new StringBuilder();
    for (long t = start; t < start + span; t += 15) {
      b.append(name).append("{src=\"import\"} ").append(t % 97).append(' ').append(t * 1000);
      b.append('\n');
    }
    HttpResponse<String> r =
        v.post(
            "/api/v1/import/prometheus",
            "text/plain",
            b.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
    return r.statusCode();
  }

  /** One remote-write 1.0 request (protobuf, snappy) with one series. */
  private static int remoteWrite(VigilProcess v, String name, long start, long span)
      throws IOException {
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(series);
    label(s, "__name__", name);
    label(s, "src", "remote_write");
    for (long t = start; t < start + span; t += 15) {
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      CodedOutputStream x = CodedOutputStream.newInstance(sample);
      x.writeDouble(1, t % 89);
      x.writeInt64(2, t * 1000);
      x.flush();
      s.writeByteArray(2, sample.toByteArray());
    }
    s.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream w = CodedOutputStream.newInstance(request);
    w.writeByteArray(1, series.toByteArray());
    w.flush();
    byte[] raw = request.toByteArray();
    SnappyCompressor snappy = new SnappyCompressor();
    byte[] out = new byte[snappy.maxCompressedLength(raw.length)];
    int n = snappy.compress(raw, 0, raw.length, out, 0, out.length);
    HttpResponse<String> r =
        v.send(
            HttpRequest.newBuilder(URI.create(v.url() + "/api/v1/write"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(out, n))));
    assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
    return r.statusCode();
  }

  private static void label(CodedOutputStream s, String name, String value) throws IOException {
    ByteArrayOutputStream l = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(l);
    c.writeString(1, name);
    c.writeString(2, value);
    c.flush();
    s.writeByteArray(1, l.toByteArray());
  }
}
