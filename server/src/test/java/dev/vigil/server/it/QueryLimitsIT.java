package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.VigilProcess;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Query limits on the running server: a query past its timeout is cut with {@code timeout}, a
 * client that goes away cancels its query, queries beyond {@code query.max_concurrency} queue and
 * then get {@code unavailable}, too many series and deep nesting are clear errors, and through all
 * of it the server stays up and a small query keeps answering quickly.
 */
class QueryLimitsIT {
  /** Recent, so that the samples are inside the store's retention. */
  private static final long NOW = System.currentTimeMillis() / 60_000 * 60_000;

  /**
   * Costs far more than the timeouts here on any machine: 57 600 subquery steps times 100 series,
   * each a quantile over up to 960 samples (a quarter of that finished within 2 s on an idle
   * machine); memory stays small (one value per series and step).
   */
  private static final String HUGE =
      "sum(max_over_time(quantile_over_time(0.5, x_total[4h])[4h:250ms]))";

  private static final String SMALL = "sum by (job) (x_total)";

  @Test
  void hugeQueriesAreCutWhileSmallOnesKeepAnswering() throws Exception {
    // Clients of their own: the common pool may have a single thread on a small machine.
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        VigilProcess vigil =
            VigilProcess.builder()
                .config(
                    """
                query:
                  timeout: 20s
                  max_concurrency: 2
                  max_series: 50
                  slow_query_threshold: 200ms
                """)
                .args("--log.format=json")
                .start()) {
      load(vigil);

      // The request's timeout bounds evaluation; a small query answers meanwhile.
      CompletableFuture<HttpResponse<String>> huge =
          CompletableFuture.supplyAsync(() -> query(vigil, HUGE, "timeout=1s"), clients);
      Thread.sleep(200);
      long t0 = System.nanoTime();
      HttpResponse<String> small = query(vigil, SMALL, "");
      long smallMillis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
      assertThat(small.body()).contains("\"job\":\"j4\"");
      assertThat(smallMillis).as("small query latency beside a huge one").isLessThan(2000);
      long h0 = System.nanoTime();
      HttpResponse<String> cut = huge.get();
      assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
      assertThat(cut.body()).contains("\"errorType\":\"timeout\"");
      assertThat((System.nanoTime() - h0) / 1_000_000).isLessThan(3000);

      // Two huge queries hold both slots; a third waits for its timeout, then is shed.
      CompletableFuture<HttpResponse<String>> a =
          CompletableFuture.supplyAsync(() -> query(vigil, HUGE, "timeout=2s"), clients);
      CompletableFuture<HttpResponse<String>> b =
          CompletableFuture.supplyAsync(() -> query(vigil, HUGE, "timeout=2s"), clients);
      // Ask until both slots are taken (the huge queries need a moment to arrive).
      HttpResponse<String> shed = query(vigil, SMALL, "timeout=300ms");
      while (shed.statusCode() == 200 && !(a.isDone() && b.isDone())) {
        shed = query(vigil, SMALL, "timeout=300ms");
      }
      assertThat(shed.statusCode()).as(shed.body()).isEqualTo(503);
      assertThat(shed.body())
          .contains("\"errorType\":\"unavailable\"")
          .contains("query.max_concurrency");
      assertThat(a.get().body()).contains("\"errorType\":\"timeout\"");
      assertThat(b.get().body()).contains("\"errorType\":\"timeout\"");
      assertThat(query(vigil, SMALL, "").statusCode()).isEqualTo(200);

      // A client that hangs up cancels its evaluation long before the 20 s timeout.
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), vigil.port())) {
        OutputStream out = s.getOutputStream();
        String target =
            "/api/v1/query?time="
                + NOW / 1000
                + "&query="
                + URLEncoder.encode(HUGE, StandardCharsets.UTF_8);
        out.write(
            ("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (!vigil.output().contains("\"outcome\":\"canceled\"") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(vigil.output())
          .as("slow-query log of the abandoned query")
          .contains("\"outcome\":\"canceled\"")
          .contains("\"query\":\"" + HUGE + "\"")
          .contains("\"duration_ms\":");

      // Too many series, deep nesting: clear errors.
      HttpResponse<String> wide = query(vigil, "x_total", "");
      assertThat(wide.statusCode()).as(wide.body()).isEqualTo(422);
      assertThat(wide.body())
          .contains("\"errorType\":\"execution\"")
          .contains("query.max_series=50");
      HttpResponse<String> deep = query(vigil, "x_total" + " + x_total".repeat(5_000), "");
      assertThat(deep.statusCode()).as(deep.body()).isEqualTo(400);
      assertThat(deep.body()).contains("\"errorType\":\"bad_data\"").contains("nesting too deep");

      assertThat(vigil.get("/-/healthy").statusCode()).isEqualTo(200);
      assertThat(vigil.process().isAlive()).isTrue();
    }
  }

  /** 100 counters (5 jobs) over four hours at 15 s. */
  private static void load(VigilProcess vigil) {
    StringBuilder sb = new StringBuilder(8 << 20);
    for (int s = 0; s < 100; s++) {
      for (int k = 0; k < 960; k++) {
        sb.append("x_total{instance=\"i")
            .append(s)
            .append("\",job=\"j")
            .append(s % 5)
            .append("\"} ")
            .append((long) k * (s + 1))
            .append(' ')
            .append(NOW - (960L - k) * 15_000)
            .append('\n');
      }
    }
    HttpResponse<String> r =
        vigil.post(
            "/api/v1/import/prometheus",
            "text/plain",
            sb.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  private static HttpResponse<String> query(VigilProcess vigil, String q, String extra) {
    String body =
        "query="
            + URLEncoder.encode(q, StandardCharsets.UTF_8)
            + "&time="
            + NOW / 1000
            + (extra.isEmpty() ? "" : "&" + extra);
    return vigil.post(
        "/api/v1/query",
        "application/x-www-form-urlencoded",
        body.getBytes(StandardCharsets.UTF_8));
  }
}
