package dev.vigil.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.SuppressForbidden;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load run against a small HTTP server that sheds, refuses and accepts. */
@SuppressForbidden(reason = "the JDK's own HTTP server (jdk.httpserver) plays the endpoint")
class LoadRunTest {
  @Test
  void retriesSheddingCountsRefusalsAndPacesTheRate() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger bodies = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/write",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          bodies.addAndGet(body.length);
          int n = calls.incrementAndGet();
          if (n == 1) {
            ex.getResponseHeaders().add("Retry-After", "0");
            ex.sendResponseHeaders(429, -1);
          } else if (n == 2) {
            byte[] msg = "out of order sample".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, msg.length);
            ex.getResponseBody().write(msg);
          } else {
            ex.sendResponseHeaders(204, -1);
          }
          ex.close();
        });
    server.start();
    try {
      SeriesCatalog c = SeriesCatalog.generate(100, 1);
      // 4 requests of 50 samples from one sender; 2000 samples/s means at least 75 ms between the
      // first and the last send.
      Payloads p =
          Payloads.encode(c, new RemoteWriteEncoder(), 2, 50, 1, 1_700_000_000_000L, 15_000);
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
      LoadRun.Result r =
          new LoadRun(new LoadRun.Settings(url, Map.of(), 2000, 3, Duration.ofSeconds(5))).run(p);
      assertThat(r.requests()).isEqualTo(5);
      assertThat(r.statuses())
          .containsEntry("429", 1L)
          .containsEntry("400", 1L)
          .containsEntry("204", 3L);
      assertThat(r.firstErrors()).containsEntry("400", "out of order sample");
      assertThat(r.samplesAccepted()).isEqualTo(150);
      assertThat(r.samplesSent()).isEqualTo(200);
      assertThat(r.latencyMicros().getTotalCount()).isEqualTo(5);
      assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(75).toNanos());
      assertThat((long) bodies.get()).isEqualTo(r.bytesSent());
    } finally {
      server.stop(0);
    }
  }
}
