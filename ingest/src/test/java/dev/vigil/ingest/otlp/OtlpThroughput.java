package dev.vigil.ingest.otlp;

import dev.vigil.core.SuppressForbidden;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.NoopAppender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Measures OTLP/HTTP protobuf decode + translate throughput on one thread: a request of 100 gauges
 * × 100 data points (10k series, four attributes each, one resource with service.* attributes)
 * decoded over and over into an appender that drops everything. Not a unit test; run it with the
 * test classpath, e.g.
 *
 * <pre>
 * java -cp ingest/target/test-classes:ingest/target/classes:core/target/classes:$DEPS \
 *   dev.vigil.ingest.otlp.OtlpThroughput [seconds]
 * </pre>
 */
public final class OtlpThroughput {
  private OtlpThroughput() {}

  @SuppressForbidden(reason = "CPU time of this thread: the machine is shared, wall time lies")
  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    long t = 1_700_000_000_000_000_000L;
    for (int m = 0; m < 100; m++) {
      Gauge.Builder g = Gauge.newBuilder();
      for (int p = 0; p < 100; p++) {
        g.addDataPoints(
            NumberDataPoint.newBuilder()
                .setTimeUnixNano(t)
                .setAsDouble(p * 1.5)
                .addAttributes(kv("http.route", "/api/v1/items/" + (p % 20)))
                .addAttributes(kv("http.request.method", p % 2 == 0 ? "GET" : "POST"))
                .addAttributes(kv("http.response.status_code", Integer.toString(200 + p / 20)))
                .addAttributes(kv("server.address", "host-" + (p % 5))));
      }
      scope.addMetrics(
          Metric.newBuilder().setName("app.metric." + m).setUnit("By").setGauge(g).build());
    }
    byte[] body =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(kv("service.name", "api"))
                            .addAttributes(kv("service.instance.id", "i-1"))
                            .addAttributes(kv("host.name", "h1")))
                    .addScopeMetrics(scope))
            .build()
            .toByteArray();
    OtlpDecoder decoder =
        new OtlpDecoder(64 << 20, new OtlpTranslator(OtlpSettings.DEFAULT, LabelRules.DEFAULT));
    NoopAppender app = new NoopAppender();
    long samples = 0;
    long start = cpuNanos();
    long wallEnd = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < wallEnd) {
      samples += decoder.decode(body, OtlpEncoding.PROTOBUF, false, app).stats().samplesWritten();
    }
    double cpu = (cpuNanos() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "otlp protobuf: %d bytes/request, %.0f samples per CPU-second (%d samples in %.1f s CPU)%n",
        body.length,
        samples / cpu,
        samples,
        cpu);
  }
}
