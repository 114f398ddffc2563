package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.util.regex.Pattern;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * The host families on systems without {@code /proc} (macOS, Windows, the BSDs), read through OSHI:
 * CPU time by mode, load, memory and swap, network interfaces, file systems and boot time, under
 * the same node_exporter names as on Linux. Memory is reported as {@code MemTotal}, {@code
 * MemAvailable}, {@code SwapTotal} and {@code SwapFree} only.
 */
final class OshiHost implements HostPart {
  private static final String[] MODES = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
  };
  private static final CentralProcessor.TickType[] TICKS = {
    CentralProcessor.TickType.USER,
    CentralProcessor.TickType.NICE,
    CentralProcessor.TickType.SYSTEM,
    CentralProcessor.TickType.IDLE,
    CentralProcessor.TickType.IOWAIT,
    CentralProcessor.TickType.IRQ,
    CentralProcessor.TickType.SOFTIRQ,
    CentralProcessor.TickType.STEAL
  };
  private final HardwareAbstractionLayer hal;
  private final OperatingSystem os;
  private final Pattern netdevExclude;
  private final Pattern mountPointsExclude;
  private final Pattern fsTypesExclude;

  OshiHost(SystemInfo si, Pattern netdevExclude, Pattern mountPointsExclude, Pattern fsTypes) {
    this.hal = si.getHardware();
    this.os = si.getOperatingSystem();
    this.netdevExclude = netdevExclude;
    this.mountPointsExclude = mountPointsExclude;
    this.fsTypesExclude = fsTypes;
  }

  @Override
  public String name() {
    return "oshi";
  }

  @Override
  public void write(MetricWriter out) {
    CentralProcessor cpu = hal.getProcessor();
    long[][] ticks = cpu.getProcessorCpuLoadTicks(); // milliseconds
    out.family(
        "node_cpu_seconds_total", MetricType.COUNTER, "Seconds the CPUs spent in each mode.");
    for (int c = 0; c < ticks.length; c++) {
      for (int m = 0; m < MODES.length; m++) {
        out.sample(
            "node_cpu_seconds_total",
            ticks[c][TICKS[m].getIndex()] / 1000.0,
            "cpu",
            Integer.toString(c),
            "mode",
            MODES[m]);
      }
    }
    double[] load = cpu.getSystemLoadAverage(3);
    String[] names = {"node_load1", "node_load5", "node_load15"};
    for (int i = 0; i < 3; i++) {
      if (load[i] >= 0) {
        out.single(names[i], MetricType.GAUGE, "Load average.", load[i]);
      }
    }
    GlobalMemory mem = hal.getMemory();
    out.single("node_memory_MemTotal_bytes", MetricType.GAUGE, "Total memory.", mem.getTotal());
    out.single(
        "node_memory_MemAvailable_bytes",
        MetricType.GAUGE,
        "Available memory.",
        mem.getAvailable());
    long swap = mem.getVirtualMemory().getSwapTotal();
    out.single("node_memory_SwapTotal_bytes", MetricType.GAUGE, "Total swap.", swap);
    out.single(
        "node_memory_SwapFree_bytes",
        MetricType.GAUGE,
        "Free swap.",
        swap - mem.getVirtualMemory().getSwapUsed());
    out.single(
        "node_boot_time_seconds",
        MetricType.GAUGE,
        "Node boot time, in unixtime.",
        os.getSystemBootTime());
    network(out);
    fileSystems(out);
  }

  private void network(MetricWriter out) {
    String[] stats = {
      "receive_bytes",
      "transmit_bytes",
      "receive_packets",
      "transmit_packets",
      "receive_errs",
      "transmit_errs",
      "receive_drop"
    };
    var ifs = hal.getNetworkIFs(true);
    for (int s = 0; s < stats.length; s++) {
      String name = "node_network_" + stats[s] + "_total";
      out.family(name, MetricType.COUNTER, "Network device statistic " + stats[s] + ".");
      for (NetworkIF n : ifs) {
        if (netdevExclude.matcher(n.getName()).matches()) {
          continue;
        }
        long v =
            switch (s) {
              case 0 -> n.getBytesRecv();
              case 1 -> n.getBytesSent();
              case 2 -> n.getPacketsRecv();
              case 3 -> n.getPacketsSent();
              case 4 -> n.getInErrors();
              case 5 -> n.getOutErrors();
              default -> n.getInDrops();
            };
        out.sample(name, v, "device", n.getName());
      }
    }
  }

  private void fileSystems(MetricWriter out) {
    String[] names = {
      "node_filesystem_size_bytes",
      "node_filesystem_free_bytes",
      "node_filesystem_avail_bytes",
      "node_filesystem_files",
      "node_filesystem_files_free"
    };
    var stores = os.getFileSystem().getFileStores(true);
    for (int k = 0; k < names.length; k++) {
      out.family(names[k], MetricType.GAUGE, "Filesystem statistic.");
      for (OSFileStore f : stores) {
        if (mountPointsExclude.matcher(f.getMount()).find()
            || fsTypesExclude.matcher(f.getType()).find()) {
          continue;
        }
        long v =
            switch (k) {
              case 0 -> f.getTotalSpace();
              case 1 -> f.getFreeSpace();
              case 2 -> f.getUsableSpace();
              case 3 -> f.getTotalInodes();
              default -> f.getFreeInodes();
            };
        out.sample(
            names[k],
            v,
            "device",
            f.getVolume(),
            "fstype",
            f.getType(),
            "mountpoint",
            f.getMount());
      }
    }
  }
}
