package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;

/** One kind of probe (HTTP, TCP, DNS, ICMP): checks its target once within a deadline. */
interface Prober {
  /**
   * Probes once, writing the kind's own {@code probe_*} series.
   *
   * @return null when the probe succeeded, otherwise why it failed
   * @throws Exception for failures the caller turns into a reason (timeouts, refused connections,
   *     TLS errors, unknown hosts)
   */
  String probe(MetricWriter out, Deadline deadline) throws Exception;
}
