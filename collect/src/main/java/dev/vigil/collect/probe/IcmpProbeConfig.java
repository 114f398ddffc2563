package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code icmp:} settings of a probe.
 *
 * @param fallbackPort when ICMP echo is not permitted (Vigil is not root and lacks {@code
 *     CAP_NET_RAW}), connect to this TCP port instead (default 0: the JDK's own fallback, the echo
 *     port 7, where a refused connection also proves the host is up)
 */
public record IcmpProbeConfig(@JsonProperty("fallback_port") int fallbackPort) {
  /** Checks the port. */
  public IcmpProbeConfig {
    if (fallbackPort < 0 || fallbackPort > 65535) {
      throw new IllegalArgumentException("fallback_port must be 0..65535, got " + fallbackPort);
    }
  }

  static IcmpProbeConfig defaults() {
    return new IcmpProbeConfig(0);
  }
}
