package dev.vigil.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushParserTest {
  private final PushParser parser = new PushParser(LabelRules.DEFAULT);
  private final Labels key = Labels.of("job", "batch", "instance", "host1");

  private List<PushedFamily> text(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return parser.parseText(b, 0, b.length, key);
  }

  private static List<String> series(List<PushedFamily> families) {
    List<String> out = new ArrayList<>();
    for (PushedFamily f : families) {
      for (PushedSeries s : f.series()) {
        out.add(f.name() + " " + s);
      }
    }
    return out;
  }

  @Test
  void textGroupsSamplesIntoFamiliesAndAppliesTheGroupingLabels() {
    List<PushedFamily> fs =
        text(
            """
            # HELP job_duration_seconds How long.
            # TYPE job_duration_seconds histogram
            job_duration_seconds_bucket{le="1"} 2
            job_duration_seconds_bucket{le="+Inf"} 3
            job_duration_seconds_sum 4.5
            job_duration_seconds_count 3
            rows_total{job="ignored",table="t"} 42
            """);
    assertThat(fs)
        .extracting(PushedFamily::name)
        .containsExactly("job_duration_seconds", "rows_total");
    assertThat(fs.get(0).type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(fs.get(0).help()).isEqualTo("How long.");
    assertThat(fs.get(1).type()).isEqualTo(MetricType.UNKNOWN);
    assertThat(series(fs))
        .containsExactly(
            "job_duration_seconds job_duration_seconds_bucket{instance=\"host1\", job=\"batch\", le=\"1\"} 2.0",
            "job_duration_seconds job_duration_seconds_bucket{instance=\"host1\", job=\"batch\", le=\"+Inf\"} 3.0",
            "job_duration_seconds job_duration_seconds_sum{instance=\"host1\", job=\"batch\"} 4.5",
            "job_duration_seconds job_duration_seconds_count{instance=\"host1\", job=\"batch\"} 3.0",
            "rows_total rows_total{instance=\"host1\", job=\"batch\", table=\"t\"} 42.0");
  }

  @Test
  void textRefusesTimestampsDuplicatesAndSyntaxErrors() {
    assertThatThrownBy(() -> text("a 1 1700000000000\n"))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("line 1: pushed samples must not carry timestamps");
    assertThatThrownBy(() -> text("a{x=\"1\"} 1\na{x=\"1\"} 2\n"))
        .hasMessageContaining("line 2: series")
        .hasMessageContaining("pushed twice");
    assertThatThrownBy(() -> text("ok 1\nbad{ 1\n")).hasMessageContaining("line 2");
  }

  @Test
  void protobufFamiliesOfEveryType() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    delimited(
        body, family("requests_total", "Requests.", 0, metric(label("code", "200"), 3, value(7))));
    delimited(body, family("temperature", "", 1, metric(null, 2, value(21.5))));
    delimited(body, family("loose", "", 3, metric(null, 5, value(-1))));
    delimited(
        body,
        family(
            "latency_seconds",
            "",
            2,
            metric(null, 4, summary(5, 2.5, new double[] {0.5, 0.4}, new double[] {0.99, 0.9}))));
    delimited(
        body,
        family(
            "size_bytes",
            "",
            4,
            metric(
                label("path", "/x"),
                7,
                histogram(4, 100, new double[] {10, 1}, new double[] {100, 3}))));
    byte[] b = body.toByteArray();
    List<PushedFamily> fs = parser.parseProtobuf(b, 0, b.length, key);
    assertThat(fs)
        .extracting(PushedFamily::type)
        .containsExactly(
            MetricType.COUNTER,
            MetricType.GAUGE,
            MetricType.UNKNOWN,
            MetricType.SUMMARY,
            MetricType.HISTOGRAM);
    assertThat(fs.get(0).help()).isEqualTo("Requests.");
    String k = "instance=\"host1\", job=\"batch\"";
    assertThat(series(fs))
        .containsExactly(
            "requests_total requests_total{code=\"200\", " + k + "} 7.0",
            "temperature temperature{" + k + "} 21.5",
            "loose loose{" + k + "} -1.0",
            "latency_seconds latency_seconds{" + k + ", quantile=\"0.5\"} 0.4",
            "latency_seconds latency_seconds{" + k + ", quantile=\"0.99\"} 0.9",
            "latency_seconds latency_seconds_sum{" + k + "} 2.5",
            "latency_seconds latency_seconds_count{" + k + "} 5.0",
            "size_bytes size_bytes_bucket{" + k + ", le=\"10\", path=\"/x\"} 1.0",
            "size_bytes size_bytes_bucket{" + k + ", le=\"100\", path=\"/x\"} 3.0",
            "size_bytes size_bytes_bucket{" + k + ", le=\"+Inf\", path=\"/x\"} 4.0",
            "size_bytes size_bytes_sum{" + k + ", path=\"/x\"} 100.0",
            "size_bytes size_bytes_count{" + k + ", path=\"/x\"} 4.0");
  }

  @Test
  void protobufRefusesTimestampsAndTruncation() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(m);
    c.writeByteArray(2, value(1));
    c.writeInt64(6, 1_700_000_000_000L);
    c.flush();
    delimited(body, family("g", "", 1, m.toByteArray()));
    byte[] b = body.toByteArray();
    assertThatThrownBy(() -> parser.parseProtobuf(b, 0, b.length, key))
        .hasMessageContaining("metric family 1 (\"g\"): pushed samples must not carry timestamps");
    assertThatThrownBy(() -> parser.parseProtobuf(b, 0, b.length - 3, key))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("metric family 1");
  }

  // ---- a tiny writer of metrics.proto messages ----

  private static void delimited(ByteArrayOutputStream out, byte[] message) throws IOException {
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeUInt32NoTag(message.length);
    c.writeRawBytes(message);
    c.flush();
  }

  private static byte[] family(String name, String help, int type, byte[]... metrics)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeString(1, name);
    if (!help.isEmpty()) {
      c.writeString(2, help);
    }
    c.writeEnum(3, type);
    for (byte[] m : metrics) {
      c.writeByteArray(4, m);
    }
    c.flush();
    return out.toByteArray();
  }

  private static byte[] label(String name, String value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeString(1, name);
    c.writeString(2, value);
    c.flush();
    return out.toByteArray();
  }

  private static byte[] metric(byte[] label, int field, byte[] value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    if (label != null) {
      c.writeByteArray(1, label);
    }
    c.writeByteArray(field, value);
    c.flush();
    return out.toByteArray();
  }

  private static byte[] value(double v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeDouble(1, v);
    c.flush();
    return out.toByteArray();
  }

  private static byte[] summary(long count, double sum, double[]... quantiles) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeUInt64(1, count);
    c.writeDouble(2, sum);
    for (double[] q : quantiles) {
      ByteArrayOutputStream qo = new ByteArrayOutputStream();
      CodedOutputStream qc = CodedOutputStream.newInstance(qo);
      qc.writeDouble(1, q[0]);
      qc.writeDouble(2, q[1]);
      qc.flush();
      c.writeByteArray(3, qo.toByteArray());
    }
    c.flush();
    return out.toByteArray();
  }

  private static byte[] histogram(long count, double sum, double[]... buckets) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeUInt64(1, count);
    c.writeDouble(2, sum);
    for (double[] b : buckets) {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      CodedOutputStream bc = CodedOutputStream.newInstance(bo);
      bc.writeUInt64(1, (long) b[1]);
      bc.writeDouble(2, b[0]);
      bc.flush();
      c.writeByteArray(3, bo.toByteArray());
    }
    c.flush();
    return out.toByteArray();
  }
}
