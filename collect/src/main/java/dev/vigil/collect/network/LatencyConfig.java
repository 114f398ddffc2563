package dev.vigil.collect.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code collectors.network_latency:} section: round-trip latency and packet loss to the
 * configured hosts, measured every {@code interval} with {@code pings} echo requests each, written
 * under smokeping_prober's names so its dashboards and alerts work unchanged.
 *
 * @param hosts the hosts to measure (names or addresses); none: the collector is off
 * @param interval how often each host is measured (default 15s)
 * @param pings echo requests per host per interval (default 5)
 * @param timeout how long one request may wait for its answer (default 1s)
 * @param fallbackPort when ICMP echo is not permitted, connect to this TCP port instead (default 0:
 *     the JDK's fallback, TCP port 7, where a refused connection also counts as an answer)
 * @param job the {@code job} label (default {@code network_latency})
 */
public record LatencyConfig(
    @JsonProperty("hosts") List<String> hosts,
    @JsonProperty("interval") PromDuration interval,
    @JsonProperty("pings") Integer pings,
    @JsonProperty("timeout") PromDuration timeout,
    @JsonProperty("fallback_port") Integer fallbackPort,
    @JsonProperty("job") String job) {

  /** Fills in defaults and checks that one interval has room for every request. */
  public LatencyConfig {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    Set<String> seen = new HashSet<>();
    for (String h : hosts) {
      if (h == null || h.isBlank() || h.contains("/") || h.contains(" ")) {
        throw new IllegalArgumentException("hosts: \"" + h + "\" is not a host name or address");
      }
      if (!seen.add(h)) {
        throw new IllegalArgumentException("hosts: \"" + h + "\" is listed twice");
      }
    }
    interval = interval == null ? PromDuration.ofMillis(15_000) : interval;
    pings = pings == null ? 5 : pings;
    timeout = timeout == null ? PromDuration.ofMillis(1_000) : timeout;
    fallbackPort = fallbackPort == null ? 0 : fallbackPort;
    job = job == null || job.isEmpty() ? "network_latency" : job;
    if (pings < 1 || pings > 100) {
      throw new IllegalArgumentException("pings must be 1..100, got " + pings);
    }
    if (timeout.millis() <= 0) {
      throw new IllegalArgumentException("timeout must be greater than zero");
    }
    if (fallbackPort < 0 || fallbackPort > 65535) {
      throw new IllegalArgumentException("fallback_port must be 0..65535, got " + fallbackPort);
    }
    if (pings * (timeout.millis() + LatencySource.GAP_MILLIS) >= interval.millis()) {
      throw new IllegalArgumentException(
          "pings × (timeout + "
              + LatencySource.GAP_MILLIS
              + "ms) must fit in the interval: "
              + pings
              + " × "
              + timeout
              + " does not fit in "
              + interval);
    }
  }

  /** The collector off. */
  public static LatencyConfig defaults() {
    return new LatencyConfig(null, null, null, null, null, null);
  }

  /** One target per host, {@code instance} the host as configured. */
  public List<LocalTarget> targets() {
    List<LocalTarget> out = new ArrayList<>();
    for (String host : hosts) {
      out.add(
          new LocalTarget(
              job,
              Labels.of("instance", host),
              URI.create("icmp://" + host),
              interval.millis(),
              interval.millis(),
              this,
              () -> new LatencySource(host, this)));
    }
    return out;
  }
}
