package dev.vigil.promql.engine;

import dev.vigil.promql.parser.ParserOptions;
import java.time.Duration;

/**
 * Engine settings, with Prometheus's defaults.
 *
 * @param lookbackDeltaMillis how far back an instant selector looks for a sample (default 5m)
 * @param maxSamples how many samples one query may load before failing (default 50 million)
 * @param timeout how long one query may run, waiting for a slot included (default 2 minutes); a
 *     query may ask for less, never for more
 * @param defaultSubqueryStepMillis the step of a subquery written without one (default 1m)
 * @param delayedNameRemoval whether functions mark {@code __name__} for removal at the end of
 *     evaluation instead of removing it at once (Prometheus's {@code promql-delayed-name-removal};
 *     on by default here, as Prometheus's test scripts assume)
 * @param parser which experimental syntax the parser accepts
 * @param maxConcurrentQueries how many queries may evaluate at once; more wait up to their timeout
 *     and then fail with {@link QueryException.Kind#UNAVAILABLE} (default 20, as Prometheus)
 * @param maxSeries how many series one result may hold; more fails with {@link
 *     QueryException.Kind#TOO_MANY_SERIES} ({@code 0}: no limit; default 1 million)
 */
public record EngineOptions(
    long lookbackDeltaMillis,
    long maxSamples,
    Duration timeout,
    long defaultSubqueryStepMillis,
    boolean delayedNameRemoval,
    ParserOptions parser,
    int maxConcurrentQueries,
    long maxSeries) {

  /** Prometheus's defaults, and one million series per result. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        5 * 60_000L,
        50_000_000L,
        Duration.ofMinutes(2),
        60_000L,
        true,
        ParserOptions.DEFAULT,
        20,
        1_000_000L);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(
        lookbackDeltaMillis,
        n,
        timeout,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        parser,
        maxConcurrentQueries,
        maxSeries);
  }

  public EngineOptions withLookbackDelta(long millis) {
    return new EngineOptions(
        millis,
        maxSamples,
        timeout,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        parser,
        maxConcurrentQueries,
        maxSeries);
  }

  public EngineOptions withTimeout(Duration d) {
    return new EngineOptions(
        lookbackDeltaMillis,
        maxSamples,
        d,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        parser,
        maxConcurrentQueries,
        maxSeries);
  }

  public EngineOptions withMaxConcurrentQueries(int n) {
    return new EngineOptions(
        lookbackDeltaMillis,
        maxSamples,
        timeout,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        parser,
        n,
        maxSeries);
  }

  public EngineOptions withParser(ParserOptions p) {
    return new EngineOptions(
        lookbackDeltaMillis,
        maxSamples,
        timeout,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        p,
        maxConcurrentQueries,
        maxSeries);
  }

  public EngineOptions withMaxSeries(long n) {
    return new EngineOptions(
        lookbackDeltaMillis,
        maxSamples,
        timeout,
        defaultSubqueryStepMillis,
        delayedNameRemoval,
        parser,
        maxConcurrentQueries,
        n);
  }
}
