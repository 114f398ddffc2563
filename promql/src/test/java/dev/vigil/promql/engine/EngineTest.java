package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.promql.engine.QueryResult.Matrix;
import dev.vigil.promql.engine.QueryResult.Scalar;
import dev.vigil.promql.engine.QueryResult.Vector;
import dev.vigil.promql.parser.ParseException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static MemoryStorage storage(int series, int samples) {
    MemoryStorage s = new MemoryStorage();
    for (int i = 0; i < series; i++) {
      Labels l = Labels.of("__name__", "x_total", "job", "j" + (i % 3), "instance", "i" + i);
      for (int k = 0; k < samples; k++) {
        s.add(l, k * 15_000L, k * (i + 1));
      }
    }
    return s;
  }

  @Test
  void instantAndRangeQueriesReturnTheApiShapes() {
    Engine engine = new Engine();
    MemoryStorage s = storage(6, 100);
    QueryResult r = engine.instantQuery(s, "sum by (job) (rate(x_total[1m]))", 600_000);
    assertThat(r.value()).isInstanceOf(Vector.class);
    Vector v = (Vector) r.value();
    assertThat(v.samples())
        .extracting(x -> x.labels().get("job"))
        .containsExactly("j0", "j1", "j2");
    assertThat(v.samples().get(0).v())
        .isEqualTo((1 + 4) / 15.0, org.assertj.core.data.Offset.offset(1e-9));

    QueryResult range = engine.rangeQuery(s, "x_total{instance=\"i0\"}", 0, 300_000, 60_000);
    Matrix m = (Matrix) range.value();
    assertThat(m.series()).hasSize(1);
    assertThat(m.series().get(0).timestamps())
        .containsExactly(0, 60_000, 120_000, 180_000, 240_000, 300_000);

    assertThat(engine.instantQuery(s, "1 + 2", 0).value()).isEqualTo(new Scalar(0, 3));
    assertThat(engine.rangeQuery(s, "time()", 0, 120_000, 60_000).value().resultType())
        .isEqualTo("matrix");
  }

  @Test
  void rateOfANonCounterNameAddsAnInfo() {
    MemoryStorage s = new MemoryStorage();
    for (int k = 0; k < 10; k++) {
      s.add(Labels.of("__name__", "temperature"), k * 15_000L, k);
    }
    QueryResult r = new Engine().instantQuery(s, "rate(temperature[1m])", 120_000);
    assertThat(r.infos()).singleElement().asString().contains("might not be a counter");
  }

  @Test
  void tooManySamplesIsAClearError() {
    Engine engine = new Engine(EngineOptions.defaults().withMaxSamples(100));
    assertThatThrownBy(() -> engine.instantQuery(storage(10, 100), "sum(x_total)", 1_000_000))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("too many samples")
        .extracting(e -> ((QueryException) e).kind().errorType())
        .isEqualTo("execution");
  }

  @Test
  void timeoutAndCancellationStopTheQuery() {
    MemoryStorage s = storage(50, 2000);
    Engine slow = new Engine(EngineOptions.defaults().withTimeout(Duration.ZERO));
    assertThatThrownBy(() -> slow.rangeQuery(s, "rate(x_total[5m])", 0, 30_000_000, 15_000))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).kind())
        .isEqualTo(QueryException.Kind.TIMEOUT);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () -> new Engine().rangeQuery(s, "rate(x_total[5m])", 0, 30_000_000, 15_000))
          .isInstanceOf(QueryException.class)
          .extracting(e -> ((QueryException) e).kind())
          .isEqualTo(QueryException.Kind.CANCELED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aQueryMayAskForLessTimeThanTheEngineAllowsButNotMore() {
    MemoryStorage s = storage(50, 2000);
    Engine engine = new Engine();
    assertThatCode(
            () ->
                engine.rangeQuery(
                    s, engine.parse("rate(x_total[5m])"), 0, 30_000_000, 15_000, Duration.ZERO))
        .as("zero means the engine's own timeout, which is long enough")
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                engine.rangeQuery(
                    s,
                    engine.parse("rate(x_total[5m])"),
                    0,
                    30_000_000,
                    15_000,
                    Duration.ofNanos(1)))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).kind())
        .isEqualTo(QueryException.Kind.TIMEOUT);
    Engine strict = new Engine(EngineOptions.defaults().withTimeout(Duration.ofNanos(1)));
    assertThatThrownBy(
            () ->
                strict.instantQuery(
                    s, strict.parse("sum(x_total)"), 1_000_000, Duration.ofHours(1)))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).kind())
        .isEqualTo(QueryException.Kind.TIMEOUT);
  }

  @Test
  void tooManySeriesInAResultIsAClearError() {
    Engine engine = new Engine(EngineOptions.defaults().withMaxSeries(9));
    MemoryStorage s = storage(10, 10);
    assertThatThrownBy(() -> engine.instantQuery(s, "x_total", 100_000))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("more than 9 series")
        .extracting(e -> ((QueryException) e).kind())
        .isEqualTo(QueryException.Kind.TOO_MANY_SERIES);
    assertThatThrownBy(() -> engine.rangeQuery(s, "x_total", 0, 100_000, 15_000))
        .hasMessageContaining("more than 9 series");
    assertThatThrownBy(() -> engine.instantQuery(s, "x_total[1m]", 100_000))
        .hasMessageContaining("more than 9 series");
    // Aggregating down to fewer series is fine whatever the selector touched.
    assertThat(
            ((Vector) engine.instantQuery(s, "sum by (job) (x_total)", 100_000).value()).samples())
        .hasSize(3);
  }

  @Test
  void deepNestingIsAParseErrorNotAStackOverflow() {
    Engine engine = new Engine();
    MemoryStorage s = storage(1, 10);
    String chain = "x_total" + " + x_total".repeat(100_000);
    String unary = "-".repeat(100_000) + "1";
    String parens = "(".repeat(100_000) + "1" + ")".repeat(100_000);
    String calls = "abs(".repeat(50_000) + "x_total" + ")".repeat(50_000);
    for (String q : List.of(chain, unary, parens, calls)) {
      assertThatThrownBy(() -> engine.instantQuery(s, q, 0))
          .isInstanceOf(ParseException.class)
          .hasMessageContaining("nesting too deep");
    }
    // Within the bound, long chains still evaluate.
    assertThat(engine.instantQuery(s, "1" + " + 1".repeat(200), 0).value())
        .isEqualTo(new Scalar(0, 201));
  }

  @Test
  void queriesBeyondTheConcurrencyLimitAreShed() throws Exception {
    MemoryStorage s = storage(1, 10);
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Queryable blocking =
        (mint, maxt) -> {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return s.querier(mint, maxt);
        };
    Engine engine =
        new Engine(
            EngineOptions.defaults()
                .withMaxConcurrentQueries(1)
                .withTimeout(Duration.ofMillis(100)));
    Thread first = new Thread(() -> engine.instantQuery(blocking, "x_total", 0));
    first.start();
    inside.await();
    assertThatThrownBy(() -> engine.instantQuery(s, "x_total", 0))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).kind().errorType())
        .isEqualTo("unavailable");
    release.countDown();
    first.join();
    assertThat(engine.instantQuery(s, "x_total", 0).stats().samplesLoaded()).isEqualTo(1);
  }

  @Test
  void badInputIsReported() {
    Engine engine = new Engine();
    MemoryStorage s = storage(1, 10);
    assertThatThrownBy(() -> engine.instantQuery(s, "sum(", 0)).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> engine.rangeQuery(s, "x_total[5m]", 0, 60_000, 15_000))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("invalid expression type \"range vector\" for range query");
    assertThatThrownBy(() -> engine.rangeQuery(s, "x_total", 0, 60_000, 0))
        .hasMessageContaining("zero or negative query resolution step");
  }

  @Test
  void oneQuerierCoversEveryOffsetAndRange() {
    long[] bounds = new long[2];
    MemoryStorage s = storage(1, 10);
    Queryable recording =
        (mint, maxt) -> {
          bounds[0] = mint;
          bounds[1] = maxt;
          Querier q = s.querier(mint, maxt);
          return q;
        };
    new Engine().instantQuery(recording, "rate(x_total[5m] offset 1h) + x_total", 10_000_000);
    assertThat(bounds[0]).isEqualTo(10_000_000 - 3_600_000 - 300_000);
    assertThat(bounds[1]).isEqualTo(10_000_000);
    assertThat(List.of(bounds[0], bounds[1])).hasSize(2);
  }
}
