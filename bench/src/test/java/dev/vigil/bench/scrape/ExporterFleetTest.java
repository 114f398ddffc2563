package dev.vigil.bench.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.promtext.TextDecoder;
import dev.vigil.ingest.promtext.TextFormat;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet serves valid, changing expositions on every port and counts fetches per target. */
class ExporterFleetTest {
  @Test
  void servesEachTargetWithNewValuesAndCountsFetches() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // the fleet takes this port and the next two
    }
    FleetExposition exposition = new FleetExposition(300);
    Thread server;
    try (ExporterFleet fleet =
            new ExporterFleet(InetAddress.getLoopbackAddress(), port, 3, exposition);
        HttpClient client = HttpClient.newHttpClient()) {
      server = Thread.ofPlatform().daemon().start(() -> run(fleet));
      Map<String, Double> first = fetch(client, port + 1);
      Map<String, Double> second = fetch(client, port + 1);
      Map<String, Double> other = fetch(client, port + 2);
      assertThat(first).hasSize(300);
      assertThat(second.keySet()).isEqualTo(first.keySet());
      assertThat(other.keySet()).isEqualTo(first.keySet());
      long grown = first.keySet().stream().filter(k -> second.get(k) > first.get(k)).count();
      assertThat(grown).as("counters grow between fetches").isGreaterThan(50);
      assertThat(other).isNotEqualTo(first);
      HttpResponse<String> counts =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fleet/fetches"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(counts.body())
          .isEqualTo(port + " 0\n" + (port + 1) + " 2\n" + (port + 2) + " 1\n");
      HttpResponse<String> missing =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/other")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
    }
    server.join(5000);
    assertThat(server.isAlive()).as("the fleet stops serving when closed").isFalse();
  }

  private static void run(ExporterFleet fleet) {
    try {
      fleet.run();
    } catch (Exception e) {
      // closed
    }
  }

  /** Fetches one target and parses it strictly: series text to value. */
  private static Map<String, Double> fetch(HttpClient client, int port) throws Exception {
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
    Map<String, Double> out = new HashMap<>();
    Appender app =
        new Appender() {
          @Override
          public long append(long ref, Labels labels, long t, double v) {
            assertThat(out.put(labels.toString(), v)).as("duplicate %s", labels).isNull();
            return 1;
          }

          @Override
          public void commit() {}

          @Override
          public void rollback() {}
        };
    new TextDecoder()
        .decode(r.body(), 0, r.body().length, TextFormat.PROMETHEUS, 0, true, Labels.empty(), app);
    return out;
  }
}
