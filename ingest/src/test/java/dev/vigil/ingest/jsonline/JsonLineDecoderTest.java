package dev.vigil.ingest.jsonline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.RecordingAppender;
import dev.vigil.ingest.WriteStats;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLineDecoderTest {
  private final JsonLineDecoder decoder = new JsonLineDecoder(LabelRules.DEFAULT);

  private WriteStats decode(String body, Labels extra, RecordingAppender app) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return decoder.decode(b, 0, b.length, extra, app);
  }

  @Test
  void victoriaMetricsExportLinesAreImported() {
    RecordingAppender app = new RecordingAppender();
    WriteStats stats =
        decode(
            "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"values\":[1,0.5,\"NaN\",\"+Inf\"],"
                + "\"timestamps\":[1000,2000,3000,4000]}\n\n"
                + "{\"metric\":{\"__name__\":\"x\",\"env\":\"in\"},\"timestamps\":[5],\"values\":[\"2\"]}\n",
            Labels.of("env", "prod"),
            app);
    assertThat(stats.complete()).isTrue();
    assertThat(app.samples)
        .extracting(Object::toString)
        .containsExactly(
            "up{env=\"prod\", job=\"a\"} 1.0 @1000",
            "up{env=\"prod\", job=\"a\"} 0.5 @2000",
            "up{env=\"prod\", job=\"a\"} NaN @3000",
            "up{env=\"prod\", job=\"a\"} Infinity @4000",
            "x{env=\"prod\"} 2.0 @5");
  }

  @Test
  void badLinesAreSkippedWithTheirNumbers() {
    RecordingAppender app = new RecordingAppender();
    WriteStats stats =
        decode(
            """
            {"metric":{"__name__":"a"},"values":[1],"timestamps":[1]}
            not json
            {"metric":{"__name__":"b"},"values":[1,2],"timestamps":[1]}
            {"metric":{"1bad":"x"},"values":[1],"timestamps":[1]}
            {"values":[1],"timestamps":[1]}
            """,
            Labels.empty(),
            app);
    assertThat(app.samples).hasSize(1);
    assertThat(stats.errorSummary())
        .contains("line 2: not a JSON series object")
        .contains("line 3: not a JSON series object: 2 values but 1 timestamps")
        .contains("line 4:")
        .contains("line 5: not a JSON series object: no \"metric\" object");
  }

  @Test
  void whatTheWriterWritesTheDecoderReadsBack() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      int n = rnd.nextInt(5);
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        ts[i] = rnd.nextLong(1L << 42);
        vs[i] =
            switch (rnd.nextInt(6)) {
              case 0 -> Double.NaN;
              case 1 -> Double.NEGATIVE_INFINITY;
              case 2 -> rnd.nextInt(1000);
              case 3 -> Double.longBitsToDouble(rnd.nextLong()) % 1e300;
              default -> rnd.nextGaussian() * 1e-7;
            };
        if (Double.isNaN(vs[i]) && rnd.nextBoolean()) {
          vs[i] = 1.5;
        }
      }
      Labels labels = Labels.of("__name__", "m" + round, "v", "q\"uo\\te\n\u0001é" + rnd.nextInt());
      StringBuilder sb = new StringBuilder();
      JsonLineWriter.append(sb, labels, ts, vs, n);
      RecordingAppender app = new RecordingAppender();
      WriteStats stats = decode(sb.toString(), Labels.empty(), app);
      assertThat(stats.complete()).as("seed %d: %s", seed, sb).isTrue();
      assertThat(app.samples).as("seed %d", seed).hasSize(n);
      for (int i = 0; i < n; i++) {
        RecordingAppender.Sample s = app.samples.get(i);
        assertThat(s.labels()).isEqualTo(labels);
        assertThat(s.t()).isEqualTo(ts[i]);
        assertThat(Double.doubleToLongBits(s.v()))
            .as("seed %d: %s", seed, sb)
            .isEqualTo(Double.doubleToLongBits(vs[i]));
      }
    }
  }
}
