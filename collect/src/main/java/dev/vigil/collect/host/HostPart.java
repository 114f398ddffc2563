package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import java.io.IOException;

/**
 * One group of host metric families, named like the node_exporter collector it mirrors ({@code
 * cpu}, {@code meminfo}, ...). A failing part does not stop the others: the host collector reports
 * each part's success in {@code node_scrape_collector_success{collector}}.
 */
interface HostPart {
  /** The node_exporter collector name. */
  String name();

  /** Writes this part's families. */
  void write(MetricWriter out) throws IOException;
}
