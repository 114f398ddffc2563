package dev.vigil.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.otlp.OtlpNames.Kind;
import org.junit.jupiter.api.Test;

class OtlpNamesTest {
  private record Row(String name, String unit, Kind kind, String withSuffixes, String without) {}

  @Test
  void metricNamesAsPrometheusTranslatesThem() {
    Row[] rows = {
      new Row("simple_metric", "", Kind.GAUGE, "simple_metric", "simple_metric"),
      new Row(
          "metric@with#special$chars",
          "",
          Kind.GAUGE,
          "metric_with_special_chars",
          "metric_with_special_chars"),
      new Row("123metric", "", Kind.GAUGE, "_123metric", "_123metric"),
      new Row("metric@@##$$name", "", Kind.GAUGE, "metric_name", "metric_name"),
      new Row("@#$%", "", Kind.GAUGE, null, null),
      new Row("requests", "", Kind.MONOTONIC_COUNTER, "requests_total", "requests"),
      new Row("cpu_usage", "1", Kind.GAUGE, "cpu_usage_ratio", "cpu_usage"),
      new Row("items", "1", Kind.MONOTONIC_COUNTER, "items_total", "items"),
      new Row("response_time", "ms", Kind.GAUGE, "response_time_milliseconds", "response_time"),
      new Row("memory_usage", "By", Kind.GAUGE, "memory_usage_bytes", "memory_usage"),
      new Row("requests", "1/s", Kind.GAUGE, "requests_per_second", "requests"),
      new Row("throughput", "By/s", Kind.GAUGE, "throughput_bytes_per_second", "throughput"),
      new Row("custom_metric", "custom_unit", Kind.GAUGE, "custom_metric_custom_unit", null),
      new Row("custom_metric", "{custom}", Kind.GAUGE, "custom_metric", null),
      new Row("custom_metric", "By/{custom}", Kind.GAUGE, "custom_metric_bytes", null),
      new Row("requests_total", "", Kind.MONOTONIC_COUNTER, "requests_total", null),
      new Row("cpu_usage_ratio", "1", Kind.GAUGE, "cpu_usage_ratio", null),
      new Row("response_time_seconds", "s", Kind.GAUGE, "response_time_seconds", null),
      new Row("cpu_seconds_total", "s", Kind.MONOTONIC_COUNTER, "cpu_seconds_total", null),
      new Row(
          "otelcol_process_cpu_seconds",
          "s",
          Kind.MONOTONIC_COUNTER,
          "otelcol_process_cpu_seconds_total",
          null),
      new Row("system.io", "By", Kind.MONOTONIC_COUNTER, "system_io_bytes_total", "system_io"),
      new Row(
          "http.server.request.duration",
          "s",
          Kind.HISTOGRAM,
          "http_server_request_duration_seconds",
          "http_server_request_duration"),
      new Row("jvm.memory.used", "By", Kind.NON_MONOTONIC_COUNTER, "jvm_memory_used_bytes", null),
      new Row("foo.total.bar", "", Kind.MONOTONIC_COUNTER, "foo_bar_total", "foo_total_bar"),
      new Row("speed", "m/s", Kind.GAUGE, "speed_meters_per_second", null),
      new Row("a__b", "", Kind.GAUGE, "a_b", "a__b"),
      new Row("___", "", Kind.GAUGE, null, "___"),
    };
    for (Row r : rows) {
      assertThat(OtlpNames.metricName(r.name(), r.unit(), r.kind(), true))
          .as("%s [%s] %s with suffixes", r.name(), r.unit(), r.kind())
          .isEqualTo(r.withSuffixes());
      if (r.without() != null || r.withSuffixes() == null) {
        assertThat(OtlpNames.metricName(r.name(), r.unit(), r.kind(), false))
            .as("%s without suffixes", r.name())
            .isEqualTo(r.without());
      }
    }
  }

  @Test
  void unitsForMetadata() {
    String[][] rows = {
      {"ms", "milliseconds"}, {"By/s", "bytes_per_second"}, {"1/s", "per_second"},
      {"{request}", ""}, {"1", ""}, {"custom_unit", "custom_unit"}
    };
    for (String[] r : rows) {
      assertThat(OtlpNames.unit(r[0])).as(r[0]).isEqualTo(r[1]);
    }
  }

  @Test
  void labelNamesAreSanitised() {
    String[][] rows = {
      {"service.name", "service_name"},
      {"http.response.status_code", "http_response_status_code"},
      {"0x", "key_0x"},
      {"a..b", "a_b"},
      {"a__b", "a_b"},
      {"__foo.bar__", "__foo_bar__"},
      {"_private", "_private"},
      {"ünïcode", "_n_code"},
      {"ok", "ok"},
    };
    for (String[] r : rows) {
      assertThat(OtlpNames.labelName(r[0])).as(r[0]).isEqualTo(r[1]);
    }
    assertThat(OtlpNames.labelName("")).isNull();
    assertThat(OtlpNames.labelName("___")).isNull();
    assertThat(OtlpNames.labelName("...")).isNull();
  }
}
