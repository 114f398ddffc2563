package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import dev.vigil.server.testing.VigilProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A saturated server sheds writes with 429 and Retry-After (by concurrency and by bytes in flight;
 * OTLP over gRPC with RESOURCE_EXHAUSTED and RetryInfo), then takes them again, and a burst of
 * large bodies does not exhaust its heap.
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

  @Test
  void otlpOverGrpcAndHttpIsShedWithRetryAdviceWhileSaturated() throws Exception {
    try (VigilProcess vigil =
        VigilProcess.builder()
            .config("server:\n  max_concurrent_writes: 1\n  write_queue_timeout: 300ms\n")
            .otlpGrpc()
            .start()) {
      ExportMetricsServiceRequest request =
          ExportMetricsServiceRequest.newBuilder()
              .addResourceMetrics(
                  ResourceMetrics.newBuilder()
                      .addScopeMetrics(
                          ScopeMetrics.newBuilder()
                              .addMetrics(
                                  Metric.newBuilder()
                                      .setName("grpc_probe")
                                      .setGauge(
                                          Gauge.newBuilder()
                                              .addDataPoints(
                                                  NumberDataPoint.newBuilder()
                                                      .setTimeUnixNano(
                                                          System.currentTimeMillis() * 1_000_000L)
                                                      .setAsDouble(1))))))
              .build();
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", vigil.grpcPort()).usePlaintext().build();
      try (Socket slow = slowWrite(vigil, 1000)) {
        Thread.sleep(300);
        assertThat(slow.isConnected()).isTrue();
        MetricsServiceGrpc.MetricsServiceBlockingStub stub =
            MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> stub.export(request))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                  assertThat(e.getStatus().getDescription())
                      .contains("server.max_concurrent_writes");
                  com.google.rpc.Status detail = StatusProto.fromThrowable(e);
                  assertThat(detail).isNotNull();
                  assertThat(detail.getDetailsList())
                      .anySatisfy(a -> assertThat(a.is(RetryInfo.class)).isTrue());
                });
        HttpResponse<String> http =
            vigil.post("/v1/metrics", "application/x-protobuf", request.toByteArray());
        assertThat(http.statusCode()).as(http.body()).isEqualTo(429);
        assertThat(http.headers().firstValue("Retry-After")).hasValue("1");
      }
      // Once the slot is free the same export is stored.
      ExportMetricsServiceResponse ok = null;
      for (int i = 0; i < 50 && ok == null; i++) {
        try {
          ok =
              MetricsServiceGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .export(request);
        } catch (StatusRuntimeException e) {
          Thread.sleep(100);
        }
      }
      assertThat(ok).isNotNull();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBurstOfLargeWritesIsShedWithoutRunningOutOfMemory() throws Exception {
    // 32 concurrent 1 MB bodies against a 512 MB heap and 3 MiB in flight.
    try (VigilProcess vigil =
        VigilProcess.builder().config("server:\n  max_write_bytes_in_flight: 3MiB\n").start()) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; body.length() < 1_000_000; i++) {
        body.append("burst_metric{series=\"").append(i).append("\"} ").append(i).append('\n');
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(vigil.url() + "/api/v1/import/prometheus"))
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      Map<Integer, Integer> byStatus = new TreeMap<>();
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        HttpResponse<String> r = c.get(180, TimeUnit.SECONDS);
        byStatus.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 429) {
          assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        }
      }
      assertThat(byStatus.keySet()).as("%s", byStatus).containsAnyOf(204).isSubsetOf(204, 429);
      assertThat(byStatus.get(429)).as("%s", byStatus).isNotNull();
      assertThat(vigil.process().isAlive()).isTrue();
      assertThat(vigil.get("/-/healthy").statusCode()).isEqualTo(200);
      assertThat(vigil.output()).doesNotContain("OutOfMemoryError");
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
