package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /proc/net/dev} per interface: node_exporter's {@code netdev} collector ({@code
 * node_network_receive_bytes_total{device}}, ...).
 */
final class NetDev implements HostPart {
  private static final String[] RECEIVE = {
    "bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"
  };
  private static final String[] TRANSMIT = {
    "bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"
  };
  private final Path file;
  private final Pattern exclude;

  NetDev(Path proc, Pattern exclude) {
    this.file = proc.resolve("net/dev");
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "netdev";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    List<String> devices = new ArrayList<>();
    List<String[]> values = new ArrayList<>();
    for (String line : ProcFiles.lines(ProcFiles.read(file))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue; // the two header lines
      }
      String dev = line.substring(0, colon).strip();
      if (!exclude.matcher(dev).matches()) {
        devices.add(dev);
        values.add(ProcFiles.fields(line.substring(colon + 1)));
      }
    }
    write(out, "receive", RECEIVE, 0, devices, values);
    write(out, "transmit", TRANSMIT, RECEIVE.length, devices, values);
  }

  private static void write(
      MetricWriter out,
      String direction,
      String[] stats,
      int offset,
      List<String> devices,
      List<String[]> values) {
    for (int s = 0; s < stats.length; s++) {
      String name = "node_network_" + direction + "_" + stats[s] + "_total";
      out.family(
          name, MetricType.COUNTER, "Network device statistic " + direction + "_" + stats[s] + ".");
      for (int d = 0; d < devices.size(); d++) {
        String[] v = values.get(d);
        if (offset + s < v.length) {
          out.sample(name, ProcFiles.num(v[offset + s]), "device", devices.get(d));
        }
      }
    }
  }
}
