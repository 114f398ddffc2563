package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code pushgateway:} section: the Pushgateway-compatible push API at {@code
 * /metrics/job/...}.
 *
 * @param interval how often every kept group's series are written again, as Prometheus would scrape
 *     a Pushgateway (default 15s); must be shorter than {@code query.lookback_delta} for the series
 *     to stay visible between pushes
 * @param maxSeries the most pushed series kept in all groups together; a push beyond it is refused
 *     with 400 (default 100000)
 */
public record PushgatewayConfig(
    @JsonProperty("interval") Duration interval, @JsonProperty("max_series") Integer maxSeries) {

  /** Fills in defaults and checks the values. */
  public PushgatewayConfig {
    interval = interval == null ? Duration.ofSeconds(15) : interval;
    ConfigChecks.positive("pushgateway.interval", interval);
    maxSeries = maxSeries == null ? 100_000 : maxSeries;
    if (maxSeries < 1) {
      throw new IllegalArgumentException("pushgateway.max_series must be at least 1");
    }
  }

  static PushgatewayConfig defaults() {
    return new PushgatewayConfig(null, null);
  }
}
