package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.VigilProcess;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A saturated server sheds writes with 429 and Retry-After (by concurrency and by bytes in flight),
 * then takes them again.
 */
class WriteOverloadIT {
  @Test
  void writesBeyondTheConcurrencyLimitGet429UntilASlotFrees() throws Exception {
    try (VigilProcess vigil =
        VigilProcess.builder()
            .config("server:\n  max_concurrent_writes: 1\n  write_queue_timeout: 300ms\n")
            .start()) {
      byte[] line = "overload_probe 1\n".getBytes(StandardCharsets.UTF_8);
      try (Socket slow = slowWrite(vigil, 1000)) {
        // A client that announces a body and sends it slowly holds the only write slot.
        Thread.sleep(300);
        assertThat(slow.isConnected()).isTrue();
        HttpResponse<String> shed = vigil.post("/api/v1/import/prometheus", "text/plain", line);
        assertThat(shed.statusCode()).as(shed.body()).isEqualTo(429);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(shed.body()).contains("server.max_concurrent_writes");
        assertThat(vigil.get("/-/healthy").statusCode()).isEqualTo(200);
      }
      // The slow client is gone: its slot is free again.
      HttpResponse<String> ok = null;
      for (int i = 0; i < 50; i++) {
        ok = vigil.post("/api/v1/import/prometheus", "text/plain", line);
        if (ok.statusCode() == 204) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
      assertThat(vigil.get("/metrics").body())
          .contains(
              "vigil_ingest_requests_total{protocol=\"import_prometheus\",outcome=\"shed\"} 1");
    }
  }

  @Test
  void writesBeyondTheBytesInFlightLimitGet429AtOnce() throws Exception {
    try (VigilProcess vigil =
        VigilProcess.builder().config("server:\n  max_write_bytes_in_flight: 4KiB\n").start()) {
      byte[] small = "bytes_probe 1\n".getBytes(StandardCharsets.UTF_8);
      byte[] big = ("bytes_probe 2\n" + "#".repeat(3000) + "\n").getBytes(StandardCharsets.UTF_8);
      try (Socket slow = slowWrite(vigil, 3000)) {
        // A slow client announcing 3 000 bytes holds them; 3 000 more would exceed 4 KiB.
        Thread.sleep(300);
        assertThat(slow.isConnected()).isTrue();
        long t0 = System.nanoTime();
        HttpResponse<String> shed = vigil.post("/api/v1/import/prometheus", "text/plain", big);
        assertThat(shed.statusCode()).as(shed.body()).isEqualTo(429);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(shed.body()).contains("server.max_write_bytes_in_flight");
        // Refused without waiting for the slow request (the concurrency limit would wait 5 s).
        assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
        // A small body still fits beside the slow one.
        HttpResponse<String> fits = vigil.post("/api/v1/import/prometheus", "text/plain", small);
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(204);
      }
      HttpResponse<String> ok = null;
      for (int i = 0; i < 50; i++) {
        ok = vigil.post("/api/v1/import/prometheus", "text/plain", big);
        if (ok.statusCode() == 204) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
    }
  }

  /** Starts a write that announces {@code contentLength} bytes and sends only a few. */
  private static Socket slowWrite(VigilProcess vigil, int contentLength) throws Exception {
    Socket slow = new Socket(InetAddress.getLoopbackAddress(), vigil.port());
    OutputStream out = slow.getOutputStream();
    String head =
        String.join(
            "\r\n",
            "POST /api/v1/import/prometheus HTTP/1.1",
            "Host: x",
            "Content-Type: text/plain",
            "Content-Length: " + contentLength,
            "",
            "slow_metric 1\n");
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return slow;
  }
}
