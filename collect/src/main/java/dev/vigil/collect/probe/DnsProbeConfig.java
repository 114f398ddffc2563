package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The {@code dns:} settings of a probe.
 *
 * @param queryType {@code A} (default) or {@code AAAA}: the probe succeeds when the system's
 *     resolver returns at least one address of that family
 */
public record DnsProbeConfig(@JsonProperty("query_type") String queryType) {
  /** Fills in the default and checks the type. */
  public DnsProbeConfig {
    queryType = queryType == null ? "A" : queryType.toUpperCase(Locale.ROOT);
    if (!queryType.equals("A") && !queryType.equals("AAAA")) {
      throw new IllegalArgumentException(
          "query_type must be A or AAAA (the JDK resolver answers only addresses), got \""
              + queryType
              + "\"");
    }
  }

  static DnsProbeConfig defaults() {
    return new DnsProbeConfig(null);
  }
}
