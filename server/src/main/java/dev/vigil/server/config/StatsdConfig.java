package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * The {@code statsd:} section: a StatsD (and DogStatsD) listener over UDP, off unless {@code
 * listen} is set.
 *
 * @param listen UDP address, {@code host:port} or {@code :port} (e.g. {@code :8125}); empty or
 *     {@code off} (the default) turns it off
 * @param flushInterval how often the aggregated values are written (default 10s)
 * @param histogramBuckets upper bounds of the classic histogram buckets timers ({@code ms}, in
 *     seconds) and histograms ({@code h}, {@code d}) fill (default Prometheus's default buckets)
 * @param maxSeries the most series the listener keeps; lines for new series beyond it are refused
 *     (default 100000)
 */
public record StatsdConfig(
    @JsonProperty("listen") String listen,
    @JsonProperty("flush_interval") Duration flushInterval,
    @JsonProperty("histogram_buckets") List<Double> histogramBuckets,
    @JsonProperty("max_series") Integer maxSeries) {

  /** Prometheus client libraries' default histogram buckets, in seconds. */
  public static final List<Double> DEFAULT_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** Fills in defaults and checks the values. */
  public StatsdConfig {
    listen = listen == null ? "" : listen.strip();
    flushInterval = flushInterval == null ? Duration.ofSeconds(10) : flushInterval;
    ConfigChecks.positive("statsd.flush_interval", flushInterval);
    histogramBuckets = histogramBuckets == null ? DEFAULT_BUCKETS : List.copyOf(histogramBuckets);
    for (int i = 0; i < histogramBuckets.size(); i++) {
      double b = histogramBuckets.get(i);
      if (!Double.isFinite(b) || (i > 0 && !(b > histogramBuckets.get(i - 1)))) {
        throw new IllegalArgumentException(
            "statsd.histogram_buckets must be finite and strictly ascending, got "
                + histogramBuckets);
      }
    }
    maxSeries = maxSeries == null ? 100_000 : maxSeries;
    if (maxSeries < 1) {
      throw new IllegalArgumentException("statsd.max_series must be at least 1");
    }
    address(listen);
  }

  static StatsdConfig defaults() {
    return new StatsdConfig(null, null, null, null);
  }

  /** The UDP address, or null when StatsD is off. */
  public ListenAddress address() {
    return address(listen);
  }

  private static ListenAddress address(String listen) {
    if (listen.isEmpty() || listen.equals("off")) {
      return null;
    }
    try {
      return ListenAddress.parse(listen);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("statsd.listen: " + e.getMessage() + ", or \"off\"", e);
    }
  }

  /** The bucket bounds as an array. */
  public double[] buckets() {
    double[] out = new double[histogramBuckets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = histogramBuckets.get(i);
    }
    return out;
  }
}
