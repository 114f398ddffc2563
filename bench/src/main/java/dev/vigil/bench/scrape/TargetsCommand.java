package dev.vigil.bench.scrape;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil bench targets}: serves a fleet of node_exporter-like scrape targets. */
@Command(
    name = "targets",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves COUNT scrape targets from one process, on consecutive loopback ports starting at"
          + " PORT, each with SERIES node_exporter-like series on GET /metrics (Prometheus text"
          + " format 0.0.4, new values at every fetch). GET /fleet/fetches on any port lists every"
          + " target's fetch count. Runs until killed.",
    },
    footer = {
      "",
      "Example (the fleet of bench/scrape-targets.sh):",
      "  vigil bench targets --count 1000 --series 1000 --port 18000"
    })
public final class TargetsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--count",
      defaultValue = "1000",
      description = "targets (ports); default ${DEFAULT-VALUE}")
  int count;

  @Option(
      names = "--series",
      defaultValue = "1000",
      description = "series per target; default ${DEFAULT-VALUE}")
  int series;

  @Option(
      names = "--port",
      defaultValue = "18000",
      description = "the first target's port; default ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "the address to listen on; default ${DEFAULT-VALUE}")
  String host;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (count <= 0 || port <= 0 || port + count - 1 > 65535) {
      spec.commandLine()
          .getErr()
          .printf(Locale.ROOT, "--count %d from --port %d does not fit in 1..65535%n", count, port);
      return 2;
    }
    FleetExposition exposition = new FleetExposition(series);
    try (ExporterFleet fleet =
        new ExporterFleet(InetAddress.getByName(host), port, count, exposition)) {
      out.printf(
          Locale.ROOT,
          "serving %d targets x %d series on %s:%d-%d%n",
          count,
          series,
          host,
          port,
          port + count - 1);
      out.flush();
      fleet.run();
    }
    return 0;
  }
}
