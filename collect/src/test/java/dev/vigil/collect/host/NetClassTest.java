package dev.vigil.collect.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node_exporter's netclass series from a fixture {@code /sys/class/net}. */
class NetClassTest {
  @TempDir Path sys;

  private void device(String name, String speed, String mtu, String state, String carrier)
      throws Exception {
    Path d = Files.createDirectories(sys.resolve("class/net").resolve(name));
    if (speed != null) {
      Files.writeString(d.resolve("speed"), speed + "\n");
    }
    Files.writeString(d.resolve("mtu"), mtu + "\n");
    Files.writeString(d.resolve("operstate"), state + "\n");
    Files.writeString(d.resolve("carrier"), carrier + "\n");
  }

  @Test
  void speedMtuAndLinkStatePerDevice() throws Exception {
    device("eth0", "1000", "1500", "up", "1");
    device("wlan0", "-1", "1500", "down", "0"); // speed unknown
    device("lo", null, "65536", "unknown", "1"); // reading speed fails
    device("veth9", "10000", "1500", "up", "1"); // excluded
    Map<String, Double> got = new TreeMap<>();
    Appender app =
        new Appender() {
          @Override
          public long append(long ref, Labels labels, long t, double v) {
            got.put(labels.toString(), v);
            return 1;
          }

          @Override
          public void commit() {}

          @Override
          public void rollback() {}
        };
    new NetClass(sys, Pattern.compile("^veth.*"))
        .write(new MetricWriter(app, (f, t, h, u) -> {}, 0));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("node_network_speed_bytes{device=\"eth0\"}", 125_000_000.0),
                Map.entry("node_network_speed_bytes{device=\"wlan0\"}", -125_000.0),
                Map.entry("node_network_mtu_bytes{device=\"eth0\"}", 1500.0),
                Map.entry("node_network_mtu_bytes{device=\"wlan0\"}", 1500.0),
                Map.entry("node_network_mtu_bytes{device=\"lo\"}", 65536.0),
                Map.entry("node_network_up{device=\"eth0\"}", 1.0),
                Map.entry("node_network_up{device=\"wlan0\"}", 0.0),
                Map.entry("node_network_up{device=\"lo\"}", 0.0),
                Map.entry("node_network_carrier{device=\"eth0\"}", 1.0),
                Map.entry("node_network_carrier{device=\"wlan0\"}", 0.0),
                Map.entry("node_network_carrier{device=\"lo\"}", 1.0)));
  }
}
