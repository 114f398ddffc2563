package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A reachability probe: ICMP echo where the process may send it, otherwise a TCP connection (the
 * JDK's {@link InetAddress#isReachable} fallback to the echo port, or the configured {@code
 * fallback_port}); a refused connection also proves the host answers. {@code
 * probe_icmp_duration_seconds{phase="rtt"}} is the round trip.
 */
final class IcmpProber implements Prober {
  private final String host;
  private final IcmpProbeConfig config;

  IcmpProber(String host, IcmpProbeConfig config) {
    this.host = host;
    this.config = config;
  }

  @Override
  public String probe(MetricWriter out, Deadline d) throws Exception {
    long s0 = System.nanoTime();
    InetAddress addr = Resolver.resolve(host, d)[0];
    long s1 = System.nanoTime();
    out.single(
        "probe_dns_lookup_time_seconds",
        MetricType.GAUGE,
        "Returns the time taken for probe dns lookup in seconds",
        (s1 - s0) / 1e9);
    boolean ok;
    if (config.fallbackPort() > 0) {
      ok = connects(addr, config.fallbackPort(), d);
    } else {
      ok = addr.isReachable(d.remainingMillis());
    }
    out.family(
        "probe_icmp_duration_seconds", MetricType.GAUGE, "Duration of icmp request by phase");
    out.sample("probe_icmp_duration_seconds", (System.nanoTime() - s1) / 1e9, "phase", "rtt");
    return ok ? null : "no answer from " + addr.getHostAddress();
  }

  private static boolean connects(InetAddress addr, int port, Deadline d) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(addr, port), d.remainingMillis());
      return true;
    } catch (ConnectException e) {
      return e.getMessage() != null && e.getMessage().contains("refused");
    }
  }
}
