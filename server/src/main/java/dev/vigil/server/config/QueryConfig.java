package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code query:} section: PromQL engine settings and limits (Prometheus's {@code --query.*}
 * flags).
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (default 5m)
 * @param timeout how long one query may run (default 2m)
 * @param maxSamples how many samples one query may hold in memory at once (default 50000000)
 * @param maxConcurrency queries evaluated at the same time; more wait, up to their timeout, then
 *     get 503 (default 20)
 * @param slowQueryThreshold queries slower than this are logged (default 10s; 0 turns it off)
 * @param maxSeries how many series one query result may hold (default 1000000; 0: no limit)
 */
public record QueryConfig(
    @JsonProperty("lookback_delta") Duration lookbackDelta,
    @JsonProperty("timeout") Duration timeout,
    @JsonProperty("max_samples") Long maxSamples,
    @JsonProperty("max_concurrency") Integer maxConcurrency,
    @JsonProperty("slow_query_threshold") Duration slowQueryThreshold,
    @JsonProperty("max_series") Long maxSeries) {

  /** Fills in defaults and checks the values. */
  public QueryConfig {
    lookbackDelta = lookbackDelta == null ? Duration.ofMinutes(5) : lookbackDelta;
    timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
    maxSamples = maxSamples == null ? 50_000_000L : maxSamples;
    maxConcurrency = maxConcurrency == null ? 20 : maxConcurrency;
    slowQueryThreshold = slowQueryThreshold == null ? Duration.ofSeconds(10) : slowQueryThreshold;
    maxSeries = maxSeries == null ? 1_000_000L : maxSeries;
    if (maxSeries < 0) {
      throw new IllegalArgumentException("query.max_series must not be negative (0: no limit)");
    }
    ConfigChecks.positive("query.lookback_delta", lookbackDelta);
    ConfigChecks.positive("query.timeout", timeout);
    if (maxSamples <= 0) {
      throw new IllegalArgumentException("query.max_samples must be greater than zero");
    }
    if (maxConcurrency <= 0) {
      throw new IllegalArgumentException("query.max_concurrency must be greater than zero");
    }
    if (slowQueryThreshold.isNegative()) {
      throw new IllegalArgumentException("query.slow_query_threshold must not be negative");
    }
  }

  static QueryConfig defaults() {
    return new QueryConfig(null, null, null, null, null, null);
  }
}
