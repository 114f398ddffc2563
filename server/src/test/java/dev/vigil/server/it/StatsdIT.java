package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StatsD lines over a real UDP socket into the running jar, read back with PromQL. */
class StatsdIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void countersGaugesTimersSetsAndMalformedLines() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String config =
        "statsd:\n"
            + "  listen: 127.0.0.1:"
            + port
            + "\n"
            + "  flush_interval: 300ms\n"
            + "  histogram_buckets: [0.3, 1]\n";
    try (VigilProcess vigil = VigilProcess.builder().config(config).start();
        DatagramSocket socket = new DatagramSocket()) {
      String[] packets = {
        "checkout.orders:1|c|#env:prod\ncheckout.orders:2|c|@0.5|#env:prod",
        "queue.depth:10|g\nqueue.depth:-3|g",
        "api.latency:250|ms\napi.latency:500|ms\napi.latency:2000|ms",
        "visitors:alice|s\nvisitors:bob|s\nvisitors:alice|s",
        "this is not statsd",
      };
      for (String p : packets) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
      }
      Map<String, Double> expected = new HashMap<>();
      expected.put("checkout_orders{env=\"prod\"}", 5.0);
      expected.put("queue_depth", 7.0);
      expected.put("api_latency_bucket{le=\"0.3\"}", 1.0);
      expected.put("api_latency_bucket{le=\"1\"}", 2.0);
      expected.put("api_latency_count", 3.0);
      expected.put("api_latency_sum", 2.75);
      expected.put("max_over_time(visitors[1m])", 2.0);
      long deadline = System.currentTimeMillis() + 15_000;
      Map<String, Double> got = new HashMap<>();
      while (System.currentTimeMillis() < deadline) {
        got.clear();
        for (String q : expected.keySet()) {
          JsonNode r =
              JSON.readTree(
                      vigil
                          .get(
                              "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                          .body())
                  .path("data")
                  .path("result");
          if (r.size() == 1) {
            got.put(q, r.get(0).path("value").get(1).asDouble());
          }
        }
        if (got.equals(expected)) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(got).isEqualTo(expected);
      String metrics = vigil.get("/metrics").body();
      assertThat(metrics).contains("vigil_statsd_lines_total{outcome=\"malformed\"} 1");
      assertThat(metrics).contains("vigil_statsd_lines_total{outcome=\"ok\"} 10");
      assertThat(vigil.output()).contains("statsd: malformed line \"this is not statsd\"");
    }
  }
}
