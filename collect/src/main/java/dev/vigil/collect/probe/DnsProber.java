package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A DNS probe through the system's resolver: succeeds when the name has at least one address of the
 * configured family ({@code A} or {@code AAAA}).
 */
final class DnsProber implements Prober {
  private final String name;
  private final DnsProbeConfig config;

  DnsProber(String name, DnsProbeConfig config) {
    this.name = name;
    this.config = config;
  }

  @Override
  public String probe(MetricWriter out, Deadline d) throws Exception {
    long start = System.nanoTime();
    InetAddress[] all;
    try {
      all = Resolver.resolve(name, d);
    } catch (UnknownHostException e) {
      all = new InetAddress[0];
    }
    out.single(
        "probe_dns_lookup_time_seconds",
        MetricType.GAUGE,
        "Returns the time taken for probe dns lookup in seconds",
        (System.nanoTime() - start) / 1e9);
    int n = 0;
    for (InetAddress a : all) {
      if (config.queryType().equals("A") ? a instanceof Inet4Address : a instanceof Inet6Address) {
        n++;
      }
    }
    out.single(
        "probe_dns_answer_rrs",
        MetricType.GAUGE,
        "Returns number of entries in the answer resource record list",
        n);
    return n > 0 ? null : "no " + config.queryType() + " record for " + name;
  }
}
