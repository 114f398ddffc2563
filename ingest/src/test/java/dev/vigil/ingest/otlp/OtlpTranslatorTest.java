package dev.vigil.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Values;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.RecordingAppender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OtlpTranslatorTest {
  static final long T_NANOS = 1_700_000_000_123_456_789L;
  static final long T = 1_700_000_000_123L;
  static final String ID = "{instance=\"i-1\", job=\"shop/api\"";

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static KeyValue kv(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  static ExportMetricsServiceRequest request(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "api"))
                        .addAttributes(kv("service.namespace", "shop"))
                        .addAttributes(kv("service.instance.id", "i-1"))
                        .addAttributes(kv("host.name", "h1")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  static NumberDataPoint.Builder number(double v) {
    return NumberDataPoint.newBuilder().setTimeUnixNano(T_NANOS).setAsDouble(v);
  }

  static Metric sum(
      String name,
      String unit,
      boolean monotonic,
      AggregationTemporality t,
      NumberDataPoint.Builder... points) {
    Sum.Builder s = Sum.newBuilder().setIsMonotonic(monotonic).setAggregationTemporality(t);
    for (NumberDataPoint.Builder p : points) {
      s.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(s).build();
  }

  static Metric gauge(String name, String unit, NumberDataPoint.Builder... points) {
    Gauge.Builder g = Gauge.newBuilder();
    for (NumberDataPoint.Builder p : points) {
      g.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setUnit(unit).setGauge(g).build();
  }

  static final AggregationTemporality CUMULATIVE =
      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

  /** Samples as "series value" lines, sorted, for whole-result comparisons. */
  static Map<String, Double> samples(RecordingAppender app) {
    Map<String, Double> out = new TreeMap<>();
    for (RecordingAppender.Sample s : app.samples) {
      assertThat(s.t()).as("timestamp of %s", s.labels()).isEqualTo(T);
      out.put(s.labels().toString(), s.v());
    }
    return out;
  }

  private final OtlpTranslator translator =
      new OtlpTranslator(OtlpSettings.DEFAULT, LabelRules.DEFAULT);

  @Test
  void sumsAndGaugesWithResourceLabelsAndTargetInfo() {
    RecordingAppender app = new RecordingAppender();
    OtlpResult r =
        translator.translate(
            request(
                sum(
                    "http.requests",
                    "{request}",
                    true,
                    CUMULATIVE,
                    NumberDataPoint.newBuilder()
                        .setTimeUnixNano(T_NANOS)
                        .setAsInt(5)
                        .addAttributes(kv("method", "GET"))
                        .addAttributes(kv("status.code", 200))
                        .addExemplars(Exemplar.newBuilder().setAsDouble(1))),
                gauge("memory.usage", "By", number(1.5)),
                sum("queue.size", "", false, CUMULATIVE, number(7)),
                gauge("cpu.utilization", "1", number(0.25).addAttributes(kv("job", "mine")))),
            app);
    assertThat(r.partial()).as(r.message()).isFalse();
    assertThat(r.stats().exemplarsDropped()).isEqualTo(1);
    assertThat(samples(app))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "http_requests_total" + ID + ", method=\"GET\", status_code=\"200\"}",
                5.0,
                "memory_usage_bytes" + ID + "}",
                1.5,
                "queue_size" + ID + "}",
                7.0,
                "cpu_utilization_ratio" + ID + "}",
                0.25,
                "target_info{host_name=\"h1\", instance=\"i-1\", job=\"shop/api\"}",
                1.0));
  }

  @Test
  void histogramsAsClassicBuckets() {
    RecordingAppender app = new RecordingAppender();
    Metric h =
        Metric.newBuilder()
            .setName("latency")
            .setUnit("ms")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(CUMULATIVE)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setTimeUnixNano(T_NANOS)
                            .setCount(6)
                            .setSum(50)
                            .addAllExplicitBounds(List.of(1.0, 2.5))
                            .addAllBucketCounts(List.of(1L, 2L, 3L))))
            .build();
    OtlpResult r = translator.translate(request(h), app);
    assertThat(r.partial()).isFalse();
    String n = "latency_milliseconds";
    assertThat(samples(app))
        .containsAllEntriesOf(
            Map.of(
                n + "_bucket" + ID + ", le=\"1\"}", 1.0,
                n + "_bucket" + ID + ", le=\"2.5\"}", 3.0,
                n + "_bucket" + ID + ", le=\"+Inf\"}", 6.0,
                n + "_sum" + ID + "}", 50.0,
                n + "_count" + ID + "}", 6.0))
        .hasSize(6);
  }

  @Test
  void exponentialHistogramsAsClassicBucketsAtAStableScale() {
    RecordingAppender app = new RecordingAppender();
    ExponentialHistogramDataPoint.Buckets pos =
        ExponentialHistogramDataPoint.Buckets.newBuilder()
            .setOffset(0)
            .addAllBucketCounts(List.of(1L, 1L, 1L, 2L))
            .build();
    ExponentialHistogramDataPoint.Buckets neg =
        ExponentialHistogramDataPoint.Buckets.newBuilder()
            .setOffset(-1)
            .addAllBucketCounts(List.of(1L))
            .build();
    Metric m =
        Metric.newBuilder()
            .setName("size")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(CUMULATIVE)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setTimeUnixNano(T_NANOS)
                            .setScale(3)
                            .setCount(8)
                            .setSum(9)
                            .setZeroCount(2)
                            .setPositive(pos)
                            .setNegative(neg)))
            .build();
    OtlpResult r =
        new OtlpTranslator(
                new OtlpSettings(true, List.of(), false, false, 1, 300_000), LabelRules.DEFAULT)
            .translate(request(m), app);
    assertThat(r.partial()).isFalse();
    // scale 3 merged to scale 1 (base sqrt 2): indices 0..3 → 0, the negative index -1 → -1.
    String b = "size_bucket" + ID + ", le=";
    assertThat(samples(app))
        .containsAllEntriesOf(
            Map.of(
                b + "\"-0.7071067811865476\"}", 1.0,
                b + "\"0\"}", 3.0,
                b + "\"1.4142135623730951\"}", 8.0,
                b + "\"+Inf\"}", 8.0,
                "size_count" + ID + "}", 8.0,
                "size_sum" + ID + "}", 9.0))
        .hasSize(7);
  }

  @Test
  void exponentialBucketBounds() {
    assertThat(ClassicBuckets.bound(3, 0)).isEqualTo(8.0);
    assertThat(ClassicBuckets.bound(-2, 0)).isEqualTo(0.25);
    assertThat(ClassicBuckets.bound(2, -1)).isEqualTo(16.0);
    assertThat(ClassicBuckets.bound(4, 2)).isEqualTo(2.0);
    assertThat(ClassicBuckets.bound(1, 1)).isEqualTo(Math.sqrt(2));
    assertThat(ClassicBuckets.bound(5000, 0)).isInfinite();
    assertThat(ClassicBuckets.bound(-5000, 0)).isZero();
    assertThat(ClassicBuckets.bound(Long.MAX_VALUE / 2, -10)).isInfinite();
  }

  @Test
  void summariesStaleMarkersAndDeltaRejection() {
    RecordingAppender app = new RecordingAppender();
    Metric s =
        Metric.newBuilder()
            .setName("rpc.duration")
            .setUnit("s")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .setTimeUnixNano(T_NANOS)
                            .setCount(10)
                            .setSum(2.5)
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.99)
                                    .setValue(0.7))))
            .build();
    Metric stale = gauge("temp", "Cel", number(3).setFlags(1));
    Metric delta =
        sum(
            "hits",
            "",
            true,
            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
            number(1),
            number(2));
    OtlpResult r = translator.translate(request(s, stale, delta), app);
    assertThat(r.rejectedDataPoints()).isEqualTo(2);
    assertThat(r.partial()).isTrue();
    assertThat(r.message()).contains("\"hits\"").contains("delta");
    Map<String, Double> got = samples(app);
    assertThat(got)
        .containsEntry("rpc_duration_seconds_sum" + ID + "}", 2.5)
        .containsEntry("rpc_duration_seconds_count" + ID + "}", 10.0)
        .containsEntry("rpc_duration_seconds" + ID + ", quantile=\"0.99\"}", 0.7)
        .doesNotContainKey("hits_total" + ID + "}");
    assertThat(Values.isStaleNaN(got.get("temp_celsius" + ID + "}"))).isTrue();

    app = new RecordingAppender();
    r =
        new OtlpTranslator(
                new OtlpSettings(false, List.of(), false, true, 2, 300_000), LabelRules.DEFAULT)
            .translate(request(delta), app);
    assertThat(r.partial()).isFalse();
    assertThat(app.samples).hasSize(3); // two points of one series (same t) and target_info
    assertThat(app.samples.get(0).labels().toString()).isEqualTo("hits" + ID + "}");
  }

  @Test
  void collidingAttributesJoinAndPromotedResourceAttributes() {
    RecordingAppender app = new RecordingAppender();
    OtlpTranslator t =
        new OtlpTranslator(
            new OtlpSettings(true, List.of("host.name"), true, false, 2, 300_000),
            LabelRules.DEFAULT);
    OtlpResult r =
        t.translate(
            request(
                gauge(
                    "g",
                    "",
                    number(1).addAttributes(kv("a.b", "1")).addAttributes(kv("a_b", "2")))),
            app);
    assertThat(r.partial()).isFalse();
    assertThat(samples(app))
        .containsKey("g{a_b=\"1;2\", host_name=\"h1\", instance=\"i-1\", job=\"shop/api\"}")
        .containsKey(
            "target_info{host_name=\"h1\", instance=\"i-1\", job=\"shop/api\", "
                + "service_instance_id=\"i-1\", service_name=\"api\", service_namespace=\"shop\"}");
  }

  @Test
  void badNamesRejectOnlyTheirPoints() {
    RecordingAppender app = new RecordingAppender();
    OtlpResult r =
        translator.translate(
            request(
                gauge("@@@", "", number(1)),
                gauge("ok", "", number(2), number(3).addAttributes(kv("x", "y".repeat(20_000))))),
            app);
    assertThat(r.rejectedDataPoints()).isEqualTo(2);
    assertThat(r.message()).contains("no valid name").contains("over the limit");
    assertThat(samples(app)).containsKey("ok" + ID + "}");
  }

  @Test
  void targetInfoOverAHugeTimeSpanStaysSmall() {
    RecordingAppender app = new RecordingAppender();
    long start = System.nanoTime();
    translator.translate(
        request(
            gauge(
                "g",
                "",
                NumberDataPoint.newBuilder().setTimeUnixNano(0).setAsDouble(1),
                NumberDataPoint.newBuilder().setTimeUnixNano(Long.MAX_VALUE).setAsDouble(2))),
        app);
    assertThat(app.samples.size()).isLessThan(40);
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
