package dev.vigil.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.NoopAppender;
import dev.vigil.ingest.influx.InfluxDecoder;
import dev.vigil.ingest.influx.Precision;
import dev.vigil.ingest.jsonline.JsonLineDecoder;
import dev.vigil.ingest.otlp.OtlpDecoder;
import dev.vigil.ingest.otlp.OtlpEncoding;
import dev.vigil.ingest.otlp.OtlpSettings;
import dev.vigil.ingest.otlp.OtlpTranslator;
import dev.vigil.ingest.promtext.TextDecoder;
import dev.vigil.ingest.promtext.TextFormat;
import dev.vigil.ingest.push.GroupingKey;
import dev.vigil.ingest.push.PushParser;
import dev.vigil.ingest.push.PushStore;
import dev.vigil.ingest.push.PushedFamily;
import dev.vigil.ingest.remotewrite.Compression;
import dev.vigil.ingest.remotewrite.RemoteWriteDecoder;
import dev.vigil.ingest.remotewrite.RemoteWriteVersion;
import java.util.List;

/**
 * Jazzer fuzz targets for every decoder of untrusted bytes. In the normal test phase they run in
 * regression mode: each target replays its inputs under {@code
 * src/test/resources/dev/vigil/ingest/fuzz/DecoderFuzzTestInputs/<target>/} and an empty input, in
 * milliseconds. To fuzz for real, run one target with {@code JAZZER_FUZZ=1} and the hooks on (the
 * build turns them off for fast regression runs): {@code JAZZER_FUZZ=1 mvn -pl ingest -am test
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DecoderFuzzTest#remoteWrite -Djazzer.hooks=true};
 * crashes are written next to the inputs, the working corpus to {@code ingest/.cifuzz-corpus}.
 *
 * <p>The property: a decoder returns or throws {@link IngestException}, nothing else; Jazzer also
 * reports hangs and out-of-memory.
 */
class DecoderFuzzTest {
  private static final RemoteWriteDecoder REMOTE_WRITE =
      new RemoteWriteDecoder(1 << 20, LabelRules.DEFAULT);
  private static final TextDecoder TEXT = new TextDecoder();
  private static final InfluxDecoder INFLUX = new InfluxDecoder();
  private static final NoopAppender APP = new NoopAppender();
  private static final JsonLineDecoder JSON_LINES = new JsonLineDecoder(LabelRules.DEFAULT);
  private static final PushParser PUSH = new PushParser(LabelRules.DEFAULT);
  private static final OtlpDecoder OTLP =
      new OtlpDecoder(1 << 20, new OtlpTranslator(OtlpSettings.DEFAULT, LabelRules.DEFAULT));

  @FuzzTest(maxDuration = "10s")
  void remoteWrite(FuzzedDataProvider data) {
    Compression c =
        data.pickValue(new Compression[] {Compression.NONE, Compression.SNAPPY, Compression.ZSTD});
    RemoteWriteVersion v = data.consumeBoolean() ? RemoteWriteVersion.V1 : RemoteWriteVersion.V2;
    byte[] body = data.consumeRemainingAsBytes();
    try {
      REMOTE_WRITE.decode(body, c, v, APP);
    } catch (IngestException expected) {
      // refused as a whole: fine
    }
  }

  @FuzzTest(maxDuration = "10s")
  void promText(FuzzedDataProvider data) {
    TextFormat f = data.consumeBoolean() ? TextFormat.PROMETHEUS : TextFormat.OPENMETRICS;
    boolean strict = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    try {
      TEXT.decode(body, 0, body.length, f, 0, strict, Labels.empty(), APP);
    } catch (IngestException expected) {
      if (!strict) {
        throw new AssertionError("lenient text decoding threw", expected);
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void influx(FuzzedDataProvider data) {
    Precision p = data.pickValue(Precision.values());
    byte[] body = data.consumeRemainingAsBytes();
    INFLUX.decode(body, 0, body.length, p, 0, Labels.of("db", "x"), APP);
  }

  @FuzzTest(maxDuration = "10s")
  void otlpProtobuf(FuzzedDataProvider data) {
    otlp(data, OtlpEncoding.PROTOBUF);
  }

  @FuzzTest(maxDuration = "10s")
  void otlpJson(FuzzedDataProvider data) {
    otlp(data, OtlpEncoding.JSON);
  }

  @FuzzTest(maxDuration = "10s")
  void jsonLines(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    JSON_LINES.decode(body, 0, body.length, Labels.empty(), APP);
  }

  @FuzzTest(maxDuration = "10s")
  void pushgateway(FuzzedDataProvider data) {
    boolean protobuf = data.consumeBoolean();
    String path = data.consumeString(200);
    byte[] body = data.consumeRemainingAsBytes();
    try {
      Labels key = GroupingKey.parse(path);
      List<PushedFamily> families =
          protobuf
              ? PUSH.parseProtobuf(body, 0, body.length, key)
              : PUSH.parseText(body, 0, body.length, key);
      new PushStore(1000).push(key, families, true, 0, APP);
    } catch (IngestException expected) {
      // refused as a whole: fine
    }
  }

  private static void otlp(FuzzedDataProvider data, OtlpEncoding encoding) {
    boolean gzip = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    try {
      OTLP.decode(body, encoding, gzip, APP);
    } catch (IngestException expected) {
      // refused as a whole: fine
    }
  }
}
