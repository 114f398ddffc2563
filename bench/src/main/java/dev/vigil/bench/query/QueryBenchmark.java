package dev.vigil.bench.query;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PromQL engine over Vigil's metrics store in one process, without HTTP: the query-latency
 * script's data set (10 000 counters and 1 200 buckets × 4 h at 15 s) and its three range queries,
 * and an instant query over {@code instantSeries} series. Run with {@code -prof gc} for allocation
 * per operation; divide by the samples a query reads (printed at setup) for allocation per sample.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar QueryBenchmark -prof gc}
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.vigil.bench.query.QueryBenchmark [seconds]}
 * loops the range queries for profiling (e.g. under JFR) and prints their latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueryBenchmark {
  /** The last whole hour, an hour ago: the store accepts samples near the present only. */
  static final long END = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;

  static final long START = END - 4 * 3_600_000L;
  static final String SUM_RATE = "sum by (job) (rate(x[5m]))";
  static final String TOPK = "topk(5, sum by (instance) (rate(x[5m])))";
  static final String QUANTILE = "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))";

  /** Series of the instant-query benchmark ({@code y}, 100 k by default). */
  @Param("100000")
  public int instantSeries;

  /** Whether to load the range queries' data set too ({@code -p rangeData=false} skips it). */
  @Param("true")
  public boolean rangeData;

  private Path dir;
  private Tsdb tsdb;
  private final Engine engine = new Engine();

  @Setup(Level.Trial)
  public void load() throws IOException {
    dir = Files.createTempDirectory("vigil-query-bench-");
    tsdb = Tsdb.open(dir, TsdbOptions.defaults());
    int points = rangeData ? (int) ((END - START) / QueryDataset.STEP_MS) + 1 : 0;
    double[][] counters = rangeData ? QueryDataset.counters(points) : new double[0][];
    double[][] buckets = rangeData ? QueryDataset.buckets(points) : new double[0][];
    long[] refs = new long[counters.length + buckets.length];
    Labels[] labels = new Labels[refs.length];
    for (int s = 0; s < counters.length; s++) {
      labels[s] = Labels.of(QueryDataset.counterLabels(s));
    }
    for (int s = 0; s < buckets.length; s++) {
      labels[counters.length + s] = Labels.of(QueryDataset.bucketLabels(s));
    }
    // Time-major, as a scrape-fed store receives it.
    for (int k = 0; k < points; k++) {
      Appender app = tsdb.appender();
      long t = START + QueryDataset.OFFSET_MS + k * QueryDataset.STEP_MS;
      for (int s = 0; s < refs.length; s++) {
        double v = s < counters.length ? counters[s][k] : buckets[s - counters.length][k];
        refs[s] = app.append(refs[s], labels[s], t, v);
      }
      app.commit();
    }
    // Instant-query series: one sample each, a minute before the query time.
    Appender app = tsdb.appender();
    for (int s = 0; s < instantSeries; s++) {
      app.append(
          0,
          Labels.of("__name__", "y", "job", "j" + (s % 50), "instance", "i" + s),
          END - 60_000,
          s);
    }
    app.commit();
    tsdb.compact();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    tsdb.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(QueryBenchmark::delete);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private QueryResult range(String q) {
    return engine.rangeQuery(tsdb, q, START, END, 60_000);
  }

  @Benchmark
  public QueryResult sumRate() {
    return range(SUM_RATE);
  }

  @Benchmark
  public QueryResult topk() {
    return range(TOPK);
  }

  @Benchmark
  public QueryResult histogramQuantile() {
    return range(QUANTILE);
  }

  /** {@code sum by (job) (y)} at one time over {@link #instantSeries} series. */
  @Benchmark
  public QueryResult instantSum() {
    return engine.instantQuery(tsdb, "sum by (job) (y)", END);
  }

  /** Loops the range queries for a profiler and prints each one's median latency. */
  public static void main(String[] args) throws IOException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    QueryBenchmark b = new QueryBenchmark();
    b.instantSeries = 1000;
    b.rangeData = true;
    long t0 = System.nanoTime();
    b.load();
    System.out.printf(Locale.ROOT, "loaded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    try {
      long until = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < until) {
        for (String q : new String[] {SUM_RATE, TOPK, QUANTILE}) {
          long s = System.nanoTime();
          QueryResult r = b.range(q);
          System.out.printf(
              Locale.ROOT,
              "%-62s %6d ms, %d samples%n",
              q,
              (System.nanoTime() - s) / 1_000_000,
              r.stats().samplesLoaded());
        }
      }
    } finally {
      b.close();
    }
  }
}
