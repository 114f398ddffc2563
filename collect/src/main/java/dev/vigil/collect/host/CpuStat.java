package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code /proc/stat}: CPU time by cpu and mode (node_exporter's {@code cpu} collector) and the
 * kernel counters of its {@code stat} collector (context switches, forks, boot time, interrupts,
 * runnable and blocked processes).
 */
final class CpuStat implements HostPart {
  private static final String[] MODES = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
  };
  private final Path file;
  private final double hz;
  private final boolean cpu;

  /**
   * @param hz clock ticks per second ({@code USER_HZ})
   * @param cpu whether this instance writes the per-CPU times ({@code cpu}) or the kernel counters
   *     ({@code stat})
   */
  CpuStat(Path proc, double hz, boolean cpu) {
    this.file = proc.resolve("stat");
    this.hz = hz;
    this.cpu = cpu;
  }

  @Override
  public String name() {
    return cpu ? "cpu" : "stat";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    if (cpu) {
      out.family(
          "node_cpu_seconds_total", MetricType.COUNTER, "Seconds the CPUs spent in each mode.");
    }
    for (String[] r : ProcFiles.rows(file)) {
      String key = r[0];
      if (cpu) {
        if (key.startsWith("cpu") && key.length() > 3) {
          String n = key.substring(3);
          for (int m = 0; m < MODES.length && m + 1 < r.length; m++) {
            out.sample(
                "node_cpu_seconds_total", ProcFiles.num(r[m + 1]) / hz, "cpu", n, "mode", MODES[m]);
          }
        }
        continue;
      }
      switch (key) {
        case "ctxt" ->
            out.single(
                "node_context_switches_total",
                MetricType.COUNTER,
                "Total number of context switches.",
                ProcFiles.num(r[1]));
        case "processes" ->
            out.single(
                "node_forks_total",
                MetricType.COUNTER,
                "Total number of forks.",
                ProcFiles.num(r[1]));
        case "btime" ->
            out.single(
                "node_boot_time_seconds",
                MetricType.GAUGE,
                "Node boot time, in unixtime.",
                ProcFiles.num(r[1]));
        case "intr" ->
            out.single(
                "node_intr_total",
                MetricType.COUNTER,
                "Total number of interrupts serviced.",
                ProcFiles.num(r[1]));
        case "procs_running" ->
            out.single(
                "node_procs_running",
                MetricType.GAUGE,
                "Number of processes in runnable state.",
                ProcFiles.num(r[1]));
        case "procs_blocked" ->
            out.single(
                "node_procs_blocked",
                MetricType.GAUGE,
                "Number of processes blocked waiting for I/O to complete.",
                ProcFiles.num(r[1]));
        default -> {}
      }
    }
  }
}
