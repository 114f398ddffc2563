package dev.vigil.server.it;

import static dev.vigil.server.it.PushgatewayIT.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.VigilProcess;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pushes with the official Prometheus Java client's Pushgateway exporter (protobuf, its default,
 * and text), then reads the pushed series back with PromQL: what a batch job instrumented with
 * {@code io.prometheus:prometheus-metrics-exporter-pushgateway} sees when Vigil stands in for the
 * Pushgateway.
 */
class PushgatewayClientIT {
  @Test
  void seriesPushedByThePrometheusJavaClientAreQueryable() throws Exception {
    try (VigilProcess vigil = VigilProcess.start()) {
      PrometheusRegistry registry = new PrometheusRegistry();
      Counter rows =
          Counter.builder()
              .name("export_rows")
              .help("rows exported")
              .labelNames("table")
              .register(registry);
      Gauge lastSuccess = Gauge.builder().name("export_last_success").register(registry);
      Histogram duration =
          Histogram.builder()
              .name("export_duration_seconds")
              .classicOnly()
              .classicUpperBounds(1, 10)
              .register(registry);
      rows.labelValues("orders").inc(7);
      rows.labelValues("users").inc(2);
      lastSuccess.set(1_700_000_000);
      duration.observe(0.5);
      duration.observe(4);

      PushGateway protobuf =
          PushGateway.builder()
              .address("127.0.0.1:" + vigil.port())
              .job("nightly_export")
              .groupingKey("instance", "db1")
              .registry(registry)
              .build();
      protobuf.push();

      String group = ",job=\"nightly_export\",instance=\"db1\"";
      assertThat(query(vigil, "export_rows_total{table=\"orders\"" + group + "}").values())
          .containsExactly("7");
      assertThat(query(vigil, "sum(export_rows_total{" + group.substring(1) + "})").values())
          .containsExactly("9");
      assertThat(query(vigil, "export_last_success").values()).containsExactly("1700000000");
      Map<String, String> buckets = query(vigil, "export_duration_seconds_bucket");
      assertThat(buckets).hasSize(3);
      assertThat(buckets.entrySet())
          .anySatisfy(
              e -> {
                assertThat(e.getKey()).contains("\"le\":\"1\"");
                assertThat(e.getValue()).isEqualTo("1");
              })
          .anySatisfy(
              e -> {
                assertThat(e.getKey()).contains("\"le\":\"+Inf\"");
                assertThat(e.getValue()).isEqualTo("2");
              });
      assertThat(query(vigil, "export_duration_seconds_sum").values()).containsExactly("4.5");
      assertThat(query(vigil, "push_time_seconds{job=\"nightly_export\"} > 0")).hasSize(1);

      // pushAdd in text format replaces only the families it carries.
      PrometheusRegistry second = new PrometheusRegistry();
      Gauge.builder().name("export_last_success").register(second).set(1_700_000_600);
      PushGateway.builder()
          .address("127.0.0.1:" + vigil.port())
          .job("nightly_export")
          .groupingKey("instance", "db1")
          .registry(second)
          .format(Format.PROMETHEUS_TEXT)
          .build()
          .pushAdd();
      assertThat(query(vigil, "export_last_success").values()).containsExactly("1700000600");
      assertThat(query(vigil, "export_rows_total")).hasSize(2);

      // delete() removes the whole group: its series go stale at once.
      protobuf.delete();
      assertThat(query(vigil, "{job=\"nightly_export\"}")).isEmpty();
    }
  }
}
