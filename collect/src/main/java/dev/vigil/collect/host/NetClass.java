package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code /sys/class/net/<device>/}: node_exporter's {@code netclass} collector, for bandwidth
 * utilisation ({@code rate(node_network_receive_bytes_total[5m]) / node_network_speed_bytes}) and
 * link state: {@code node_network_speed_bytes}, {@code node_network_mtu_bytes}, {@code
 * node_network_up}, {@code node_network_carrier}. A value the kernel refuses to give (the speed of
 * a virtual interface, the carrier of a link that is down) is left out; an unknown speed of -1 is
 * written as -125000, as node_exporter 1.5 writes it.
 */
final class NetClass implements HostPart {
  private final Path dir;
  private final Pattern exclude;

  /** Reads {@code <sys>/class/net}, {@code sys} being the sysfs mount beside {@code proc}. */
  NetClass(Path sys, Pattern exclude) {
    this.dir = sys.resolve("class/net");
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "netclass";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    List<Path> devices;
    try (Stream<Path> s = Files.list(dir)) {
      devices = new ArrayList<>(s.sorted().toList());
    }
    out.family(
        "node_network_speed_bytes", MetricType.GAUGE, "Network device property: speed_bytes");
    out.family("node_network_mtu_bytes", MetricType.GAUGE, "Network device property: mtu_bytes");
    out.family(
        "node_network_up", MetricType.GAUGE, "Value is 1 if operstate is 'up', 0 otherwise.");
    out.family("node_network_carrier", MetricType.GAUGE, "Network device property: carrier");
    for (Path d : devices) {
      String dev = d.getFileName().toString();
      if (exclude.matcher(dev).matches()) {
        continue;
      }
      Long speed = number(d.resolve("speed"));
      if (speed != null) {
        out.sample("node_network_speed_bytes", speed * 1_000_000.0 / 8, "device", dev);
      }
      Long mtu = number(d.resolve("mtu"));
      if (mtu != null) {
        out.sample("node_network_mtu_bytes", mtu, "device", dev);
      }
      String state = text(d.resolve("operstate"));
      if (state != null) {
        out.sample("node_network_up", state.equals("up") ? 1 : 0, "device", dev);
      }
      Long carrier = number(d.resolve("carrier"));
      if (carrier != null) {
        out.sample("node_network_carrier", carrier, "device", dev);
      }
    }
  }

  /** The file's text, or null when it cannot be read (e.g. EINVAL on a link that is down). */
  private static String text(Path f) {
    try {
      return Files.readString(f).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static Long number(Path f) {
    String t = text(f);
    if (t == null) {
      return null;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
