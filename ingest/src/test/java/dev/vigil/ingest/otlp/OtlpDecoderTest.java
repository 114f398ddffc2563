package dev.vigil.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.RecordingAppender;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {
  private final OtlpDecoder decoder =
      new OtlpDecoder(1 << 20, new OtlpTranslator(OtlpSettings.DEFAULT, LabelRules.DEFAULT));

  /** OTLP/JSON as the specification writes it, mixing both field-name styles. */
  static final String JSON =
      """
      {"resourceMetrics":[{"resource":{"attributes":[
         {"key":"service.name","value":{"stringValue":"api"}},
         {"key":"service.namespace","value":{"stringValue":"shop"}},
         {"key":"service.instance.id","value":{"stringValue":"i-1"}}]},
       "scope_metrics":[{"scope":{"name":"test"},"metrics":[
        {"name":"http.requests","unit":"{request}","sum":{
          "aggregationTemporality":2,"isMonotonic":true,
          "dataPoints":[{"timeUnixNano":"1700000000123456789","asInt":"5",
            "attributes":[{"key":"method","value":{"stringValue":"GET"}}],
            "exemplars":[{"time_unix_nano":"1700000000000000000","as_double":1,
              "traceId":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"}]}]}},
        {"name":"latency","unit":"ms","histogram":{
          "aggregation_temporality":"AGGREGATION_TEMPORALITY_CUMULATIVE",
          "data_points":[{"time_unix_nano":1700000000123456789,"count":"3","sum":4.5,
            "explicit_bounds":[1,10],"bucket_counts":["1","1","1"]}]}}]}]}]}
      """;

  @Test
  void jsonWithHexIdsBothNameStylesEnumNamesAndNumbers() {
    RecordingAppender app = new RecordingAppender();
    OtlpResult r =
        decoder.decode(JSON.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON, false, app);
    assertThat(r.partial()).as(r.message()).isFalse();
    assertThat(r.stats().exemplarsDropped()).isEqualTo(1);
    assertThat(OtlpTranslatorTest.samples(app))
        .containsEntry("http_requests_total" + OtlpTranslatorTest.ID + ", method=\"GET\"}", 5.0)
        .containsEntry("latency_milliseconds_bucket" + OtlpTranslatorTest.ID + ", le=\"10\"}", 2.0)
        .hasSize(6);
  }

  @Test
  void protobufAndGzipGiveTheSameSamples() throws IOException {
    byte[] proto =
        decoder
            .parse(JSON.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON, false)
            .toByteArray();
    RecordingAppender plain = new RecordingAppender();
    decoder.decode(proto, OtlpEncoding.PROTOBUF, false, plain);
    RecordingAppender zipped = new RecordingAppender();
    decoder.decode(gzip(proto), OtlpEncoding.PROTOBUF, true, zipped);
    RecordingAppender json = new RecordingAppender();
    decoder.decode(gzip(JSON.getBytes(StandardCharsets.UTF_8)), OtlpEncoding.JSON, true, json);
    assertThat(plain.samples).hasSize(6).isEqualTo(zipped.samples).isEqualTo(json.samples);
  }

  @Test
  void badBodiesAreRefusedAsAWhole() {
    RecordingAppender app = new RecordingAppender();
    String[] badJson = {
      "{",
      "[]",
      "{\"resourceMetrics\":7}",
      "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":"
          + "[{\"sum\":{\"dataPoints\":[{\"exemplars\":[{\"traceId\":\"xyz\"}]}]}}]}]}]}",
      "[".repeat(10_000)
    };
    for (String s : badJson) {
      assertThatThrownBy(
              () ->
                  decoder.decode(s.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON, false, app))
          .as(s.length() > 50 ? s.substring(0, 50) : s)
          .isInstanceOfSatisfying(
              IngestException.class,
              e -> assertThat(e.kind()).isEqualTo(IngestException.Kind.MALFORMED));
    }
    assertThatThrownBy(
            () -> decoder.decode(new byte[] {0x0a, 0x7f, 1}, OtlpEncoding.PROTOBUF, false, app))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("protobuf");
    assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2}, OtlpEncoding.PROTOBUF, true, app))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("gunzip");
    assertThat(app.samples).isEmpty();
  }

  @Test
  void gzipBombsStopAtTheLimit() throws IOException {
    OtlpDecoder small =
        new OtlpDecoder(4096, new OtlpTranslator(OtlpSettings.DEFAULT, LabelRules.DEFAULT));
    byte[] bomb = gzip(new byte[1 << 20]);
    assertThatThrownBy(
            () -> small.decode(bomb, OtlpEncoding.PROTOBUF, true, new RecordingAppender()))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.kind()).isEqualTo(IngestException.Kind.TOO_LARGE));
  }

  @Test
  void contentTypesAndEncodings() {
    assertThat(OtlpEncoding.fromContentType("application/x-protobuf"))
        .isEqualTo(OtlpEncoding.PROTOBUF);
    assertThat(OtlpEncoding.fromContentType("application/json; charset=utf-8"))
        .isEqualTo(OtlpEncoding.JSON);
    assertThatThrownBy(() -> OtlpEncoding.fromContentType("text/plain"))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.httpStatus()).isEqualTo(415));
    assertThat(OtlpDecoder.isGzip("gzip")).isTrue();
    assertThat(OtlpDecoder.isGzip(null)).isFalse();
    assertThatThrownBy(() -> OtlpDecoder.isGzip("br")).isInstanceOf(IngestException.class);
  }

  @Test
  void responsesInBothEncodings() throws IOException {
    RecordingAppender app = new RecordingAppender();
    OtlpResult partial =
        decoder.decode(
            JSON.replace("\"aggregationTemporality\":2", "\"aggregationTemporality\":1")
                .getBytes(StandardCharsets.UTF_8),
            OtlpEncoding.JSON,
            false,
            app);
    ExportMetricsServiceResponse resp =
        ExportMetricsServiceResponse.parseFrom(
            OtlpResponses.encode(partial, OtlpEncoding.PROTOBUF));
    assertThat(resp.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(resp.getPartialSuccess().getErrorMessage()).contains("delta");
    assertThat(new String(OtlpResponses.encode(partial, OtlpEncoding.JSON), StandardCharsets.UTF_8))
        .startsWith("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",\"errorMessage\":\"");
    assertThat(
            new String(
                OtlpResponses.status(3, "bad \"x\"", OtlpEncoding.JSON), StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":3,\"message\":\"bad \\\"x\\\"\"}");
    assertThat(OtlpResponses.status(3, "hi", OtlpEncoding.PROTOBUF))
        .containsExactly(0x08, 3, 0x12, 2, 'h', 'i');
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }
}
