package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry Java SDK exporting to the running jar over OTLP/HTTP (protobuf) and OTLP/gRPC,
 * then the translated series read back through the Prometheus query API.
 */
class OtlpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static VigilProcess vigil;

  @BeforeAll
  static void start() throws IOException {
    vigil =
        VigilProcess.builder().config("scrape_configs:\n  - job_name: vigil\n").otlpGrpc().start();
  }

  @AfterAll
  static void stop() throws IOException {
    vigil.close();
  }

  private static Resource resource(String service) {
    return Resource.getDefault()
        .merge(
            Resource.create(
                Attributes.builder()
                    .put("service.name", service)
                    .put("service.namespace", "shop")
                    .put("service.instance.id", "i-1")
                    .put("deployment.environment", "test")
                    .build()));
  }

  /** Records one of each instrument kind and exports it once, synchronously. */
  private static void exportOnce(MetricExporter exporter, String service) {
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource(service))
            .registerView(
                InstrumentSelector.builder().setName("payload.size").build(),
                View.builder()
                    .setAggregation(Aggregation.base2ExponentialBucketHistogram())
                    .build())
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    Meter meter = provider.get("vigil-it");
    LongCounter orders = meter.counterBuilder("orders.placed").setUnit("{order}").build();
    orders.add(3, Attributes.of(AttributeKey.stringKey("payment.method"), "card"));
    LongUpDownCounter queue = meter.upDownCounterBuilder("queue.depth").build();
    queue.add(5);
    queue.add(-2);
    DoubleGauge temperature = meter.gaugeBuilder("temperature").setUnit("Cel").build();
    temperature.set(21.5);
    DoubleHistogram latency =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0))
            .build();
    latency.record(0.05);
    latency.record(0.3);
    latency.record(2.0);
    DoubleHistogram payload = meter.histogramBuilder("payload.size").setUnit("By").build();
    for (double v : new double[] {100, 200, 200, 3000}) {
      payload.record(v);
    }
    CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).as("export to Vigil succeeded").isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private static JsonNode query(String q) throws IOException {
    HttpResponse<String> r =
        vigil.get("/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data").path("result");
  }

  private static double value(String q) throws IOException {
    JsonNode res = query(q);
    assertThat(res).as(q).hasSize(1);
    return res.get(0).path("value").get(1).asDouble();
  }

  @Test
  void sdkOverHttpProtobuf() throws IOException {
    exportOnce(
        OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + vigil.port() + "/v1/metrics")
            .build(),
        "checkout");
    String id = "job=\"shop/checkout\",instance=\"i-1\"";
    assertThat(value("orders_placed_total{" + id + ",payment_method=\"card\"}")).isEqualTo(3);
    assertThat(value("queue_depth{" + id + "}")).isEqualTo(3);
    assertThat(value("temperature_celsius{" + id + "}")).isEqualTo(21.5);
    String h = "http_server_request_duration_seconds";
    assertThat(value(h + "_bucket{" + id + ",le=\"0.1\"}")).isEqualTo(1);
    assertThat(value(h + "_bucket{" + id + ",le=\"0.5\"}")).isEqualTo(2);
    assertThat(value(h + "_bucket{" + id + ",le=\"+Inf\"}")).isEqualTo(3);
    assertThat(value(h + "_count{" + id + "}")).isEqualTo(3);
    assertThat(value(h + "_sum{" + id + "}")).isCloseTo(2.35, within(1e-9));
    // exponential histogram → classic buckets
    assertThat(value("payload_size_bytes_count{" + id + "}")).isEqualTo(4);
    assertThat(value("payload_size_bytes_sum{" + id + "}")).isEqualTo(3500);
    assertThat(value("payload_size_bytes_bucket{" + id + ",le=\"+Inf\"}")).isEqualTo(4);
    assertThat(value("histogram_quantile(0.5, payload_size_bytes_bucket{" + id + "})"))
        .isCloseTo(200, within(200 * 0.2));
    JsonNode info = query("target_info{" + id + "}");
    assertThat(info).hasSize(1);
    JsonNode labels = info.get(0).path("metric");
    assertThat(labels.path("deployment_environment").asText()).isEqualTo("test");
    assertThat(labels.path("telemetry_sdk_language").asText()).isEqualTo("java");
    assertThat(labels.has("service_name")).isFalse();
    JsonNode md = JSON.readTree(vigil.get("/api/v1/metadata?metric=orders_placed_total").body());
    assertThat(md.path("data").path("orders_placed_total").get(0).path("type").asText())
        .isEqualTo("counter");
  }

  @Test
  void sdkOverGrpc() throws IOException {
    exportOnce(
        OtlpGrpcMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + vigil.grpcPort())
            .build(),
        "billing");
    String id = "job=\"shop/billing\",instance=\"i-1\"";
    assertThat(value("orders_placed_total{" + id + "}")).isEqualTo(3);
    assertThat(value("queue_depth{" + id + "}")).isEqualTo(3);
    assertThat(value("http_server_request_duration_seconds_count{" + id + "}")).isEqualTo(3);
    assertThat(value("payload_size_bytes_count{" + id + "}")).isEqualTo(4);
    assertThat(query("target_info{" + id + "}")).hasSize(1);
  }

  @Test
  void jsonPartialSuccessAndErrorsAsOtlpSpecifies() throws IOException {
    long nanos = System.currentTimeMillis() * 1_000_000L;
    String body =
        """
        {"resourceMetrics":[{"resource":{"attributes":[
          {"key":"service.name","value":{"stringValue":"json-svc"}}]},
         "scopeMetrics":[{"metrics":[
          {"name":"jobs.done","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE",
            "isMonotonic":true,"dataPoints":[{"timeUnixNano":"NANOS","asInt":"4"}]}},
          {"name":"jobs.delta","sum":{"aggregation_temporality":1,"is_monotonic":true,
            "data_points":[{"time_unix_nano":"NANOS","as_int":"1"}]}}]}]}]}
        """
            .replace("NANOS", Long.toString(nanos));
    HttpResponse<String> r =
        vigil.post("/v1/metrics", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode partial = JSON.readTree(r.body()).path("partialSuccess");
    assertThat(partial.path("rejectedDataPoints").asText()).isEqualTo("1");
    assertThat(partial.path("errorMessage").asText()).contains("jobs.delta");
    assertThat(value("jobs_done_total{job=\"json-svc\"}")).isEqualTo(4);

    HttpResponse<String> bad =
        vigil.post(
            "/v1/metrics",
            "application/json",
            "{\"resourceMetrics\":".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("code").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("JSON");

    HttpResponse<String> type = vigil.post("/v1/metrics", "text/plain", new byte[] {1});
    assertThat(type.statusCode()).isEqualTo(415);
  }
}
