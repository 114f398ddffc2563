package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.software.common.os.linux.LinuxOperatingSystem;
import oshi.software.os.OperatingSystem;

/**
 * Collects this host's metrics under node_exporter's names. On Linux it reads {@code /proc}
 * directly, as node_exporter does (cheaper than going through OSHI and with every counter
 * node_exporter has), using OSHI for the clock tick and page size; elsewhere it reads what OSHI
 * offers. Each part's cost and success are reported as node_exporter reports its collectors':
 * {@code node_scrape_collector_duration_seconds{collector}} and {@code
 * node_scrape_collector_success{collector}}.
 */
public final class HostCollector implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(HostCollector.class);

  private final List<HostPart> parts = new ArrayList<>();
  private final boolean[] failedBefore;

  /** A collector for the settings of {@code config}. */
  public HostCollector(HostConfig config) {
    Path proc = Path.of(config.procPath());
    Pattern mounts = Pattern.compile(config.mountPointsExclude());
    Pattern fsTypes = Pattern.compile(config.fsTypesExclude());
    Pattern netdev =
        Pattern.compile(config.netdevExclude().isEmpty() ? "(?!)" : config.netdevExclude());
    SystemInfo si = new SystemInfo();
    if (Files.isReadable(proc.resolve("stat"))) {
      OperatingSystem os = si.getOperatingSystem();
      double hz = 100;
      long page = 4096;
      if (os instanceof LinuxOperatingSystem l) {
        hz = l.getHz();
        page = l.getPageSize();
      }
      parts.add(new CpuStat(proc, hz, true));
      parts.add(new CpuStat(proc, hz, false));
      parts.add(new LoadAvg(proc));
      parts.add(new MemInfo(proc));
      parts.add(new DiskStats(proc, Pattern.compile(config.diskstatsExclude())));
      parts.add(new FileSystems(proc, mounts, fsTypes));
      parts.add(new NetDev(proc, netdev));
      Path sys = proc.toAbsolutePath().resolveSibling("sys");
      if (Files.isDirectory(sys.resolve("class/net"))) {
        parts.add(new NetClass(sys, netdev));
      }
      parts.add(new NetStat(proc));
      parts.add(new TcpStates(proc));
      parts.add(new FileFd(proc));
      ProcessesConfig pc = config.processes();
      if (pc.top() > 0 || !pc.names().isEmpty()) {
        parts.add(new Processes(proc, hz, page, pc.top(), pc.names()));
      }
    } else {
      parts.add(new OshiHost(si, netdev, mounts, fsTypes));
    }
    failedBefore = new boolean[parts.size()];
  }

  @Override
  public String collect(MetricWriter out) {
    double[] seconds = new double[parts.size()];
    boolean[] ok = new boolean[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      HostPart p = parts.get(i);
      long start = System.nanoTime();
      try {
        p.write(out);
        ok[i] = true;
        failedBefore[i] = false;
      } catch (IOException | RuntimeException e) {
        if (!failedBefore[i]) { // log a failing part once, not every 15 s
          LOG.warn("host collector {}: {}", p.name(), e.toString());
        }
        failedBefore[i] = true;
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    out.family(
        "node_scrape_collector_duration_seconds",
        MetricType.GAUGE,
        "node_exporter: Duration of a collector scrape.");
    for (int i = 0; i < parts.size(); i++) {
      out.sample(
          "node_scrape_collector_duration_seconds", seconds[i], "collector", parts.get(i).name());
    }
    out.family(
        "node_scrape_collector_success",
        MetricType.GAUGE,
        "node_exporter: Whether a collector succeeded.");
    for (int i = 0; i < parts.size(); i++) {
      out.sample("node_scrape_collector_success", ok[i] ? 1 : 0, "collector", parts.get(i).name());
    }
    return null;
  }

  /** The host's name: the kernel's, else the resolver's, else {@code localhost}. */
  static String hostName(String procPath) {
    try {
      String n = ProcFiles.read(Path.of(procPath, "sys/kernel/hostname")).strip();
      if (!n.isEmpty()) {
        return n;
      }
    } catch (IOException e) {
      // not Linux
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
