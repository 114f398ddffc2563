package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code rules:} section: how Vigil evaluates the rule files of {@code rule_files}
 * (Prometheus's {@code --rules.*} flags) and whether its built-in rules run.
 *
 * @param builtin whether Vigil's built-in alerting rules run (default true)
 * @param resendDelay how often a still-firing alert is sent again (default 1m)
 * @param forGracePeriod the least time an alert restored after a restart waits before firing
 *     (default 10m)
 * @param outageTolerance how far back alert state is restored from after a restart (default 1h)
 * @param externalUrl the URL alerts link back to; default {@code http://<host>:<port>}
 */
public record RulesConfig(
    @JsonProperty("builtin") Boolean builtin,
    @JsonProperty("resend_delay") Duration resendDelay,
    @JsonProperty("for_grace_period") Duration forGracePeriod,
    @JsonProperty("outage_tolerance") Duration outageTolerance,
    @JsonProperty("external_url") String externalUrl) {

  /** Fills in defaults and checks the values. */
  public RulesConfig {
    builtin = builtin == null || builtin;
    resendDelay = resendDelay == null ? Duration.ofMinutes(1) : resendDelay;
    forGracePeriod = forGracePeriod == null ? Duration.ofMinutes(10) : forGracePeriod;
    outageTolerance = outageTolerance == null ? Duration.ofHours(1) : outageTolerance;
    externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
    ConfigChecks.positive("rules.resend_delay", resendDelay);
    ConfigChecks.positive("rules.for_grace_period", forGracePeriod);
    ConfigChecks.positive("rules.outage_tolerance", outageTolerance);
  }

  static RulesConfig defaults() {
    return new RulesConfig(null, null, null, null, null);
  }
}
