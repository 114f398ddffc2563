package dev.vigil.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.RecordingAppender;
import dev.vigil.ingest.WriteStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatsdAggregatorTest {
  private static final double[] BOUNDS = {0.1, 1, 10};
  private final StatsdAggregator agg = new StatsdAggregator(BOUNDS, 1000);
  private final List<String> malformed = new ArrayList<>();

  private int send(String packet) {
    byte[] b = packet.getBytes(StandardCharsets.UTF_8);
    return agg.ingest(b, 0, b.length, (line, reason) -> malformed.add(line + " => " + reason));
  }

  private Map<String, Double> flush() {
    RecordingAppender app = new RecordingAppender();
    WriteStats stats = agg.flush(1000, app);
    assertThat(stats.complete()).as(stats.errorSummary()).isTrue();
    Map<String, Double> out = new TreeMap<>();
    for (RecordingAppender.Sample s : app.samples) {
      assertThat(s.t()).isEqualTo(1000);
      out.put(s.labels().toString(), s.v());
    }
    return out;
  }

  @Test
  void countersWithSampleRatesAndTags() {
    assertThat(send("page.views:1|c\npage.views:2|c|@0.5\nhits:1|c|#env:prod,region:eu\n"))
        .isEqualTo(3);
    assertThat(send("hits,env=prod,region=eu:4|c")).isEqualTo(1);
    assertThat(flush())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("page_views", 5.0, "hits{env=\"prod\", region=\"eu\"}", 5.0));
    send("page.views:1|c");
    assertThat(flush()).containsEntry("page_views", 6.0); // cumulative
  }

  @Test
  void gaugesAndDeltas() {
    send("temp:20|g\ntemp:+5|g\ntemp:-2.5|g\nload:3|g\nload:1|g");
    assertThat(flush()).containsExactlyInAnyOrderEntriesOf(Map.of("temp", 22.5, "load", 1.0));
  }

  @Test
  void timersAndHistogramsAsClassicBuckets() {
    send("req:50|ms\nreq:500|ms|@0.5\nreq:20000|ms\nsize:0.5:5:50|h|#k:v");
    Map<String, Double> got = flush();
    assertThat(got)
        .containsEntry("req_bucket{le=\"0.1\"}", 1.0)
        .containsEntry("req_bucket{le=\"1\"}", 3.0)
        .containsEntry("req_bucket{le=\"10\"}", 3.0)
        .containsEntry("req_bucket{le=\"+Inf\"}", 4.0)
        .containsEntry("req_count", 4.0)
        .containsEntry("req_sum", 0.05 + 1.0 + 20)
        .containsEntry("size_bucket{k=\"v\", le=\"1\"}", 1.0)
        .containsEntry("size_bucket{k=\"v\", le=\"10\"}", 2.0)
        .containsEntry("size_count{k=\"v\"}", 3.0);
  }

  @Test
  void setsCountDistinctValuesPerInterval() {
    send("users:alice|s\nusers:bob|s\nusers:alice|s");
    assertThat(flush()).containsEntry("users", 2.0);
    send("users:carol|s");
    assertThat(flush()).containsEntry("users", 1.0);
  }

  @Test
  void malformedLinesAreReportedWithTheirReason() {
    String[] bad = {
      "novalue", "x:1", "x:abc|c", "x:1|q", "x:1|c|@2", "x:1|c|@zz", "x,bad:1|c", ":1|c", "x:NaN|g"
    };
    for (String line : bad) {
      assertThat(send(line)).as(line).isZero();
    }
    assertThat(malformed).hasSize(bad.length);
    assertThat(malformed.get(3)).contains("unknown type \"q\"");
    send("typed:1|c");
    assertThat(send("typed:1|g")).isZero();
    assertThat(malformed.getLast()).contains("is a counter, not a gauge");
    assertThat(send("_e{5,4}:title|text\n_sc|name|0")).isZero();
    assertThat(malformed).hasSize(bad.length + 1);
  }

  @Test
  void seriesLimit() {
    StatsdAggregator small = new StatsdAggregator(BOUNDS, 2);
    byte[] b = "a:1|c\nb:1|c\nc:1|c\na:2|c".getBytes(StandardCharsets.UTF_8);
    List<String> reasons = new ArrayList<>();
    assertThat(small.ingest(b, 0, b.length, (l, r) -> reasons.add(r))).isEqualTo(3);
    assertThat(reasons).singleElement().asString().contains("max_series");
  }
}
