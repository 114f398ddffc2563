package dev.vigil.collect.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.promtext.TextDecoder;
import dev.vigil.ingest.promtext.TextFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host collector against a real node_exporter (Debian's {@code prometheus-node-exporter})
 * configured with the same exclusions: node_exporter is scraped, Vigil collects, node_exporter is
 * scraped again. Then for every family Vigil covers: the same metric names, every node_exporter
 * series present in Vigil's output with the same labels, counters between the two node_exporter
 * readings, and gauges that do not move (sizes, totals, limits) equal.
 */
class NodeExporterCrossCheckIT {
  private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

  /** Families Vigil covers, by name prefix. */
  private static final List<String> COVERED =
      List.of(
          "node_cpu_seconds_total",
          "node_load",
          "node_memory_",
          "node_disk_",
          "node_filesystem_",
          "node_network_",
          "node_netstat_",
          "node_context_switches_total",
          "node_forks_total",
          "node_boot_time_seconds",
          "node_intr_total",
          "node_procs_",
          "node_filefd_",
          "node_tcp_connection_states");

  /**
   * node_exporter families under a covered prefix that come from elsewhere than the files Vigil
   * reads (udev, netlink-only and sysfs attributes).
   */
  private static final Set<String> NOT_COVERED =
      Set.of(
          "node_disk_info",
          "node_network_receive_nohandler_total",
          "node_network_address_assign_type",
          "node_network_carrier_changes_total",
          "node_network_carrier_down_changes_total",
          "node_network_carrier_up_changes_total",
          "node_network_device_id",
          "node_network_dormant",
          "node_network_flags",
          "node_network_iface_id",
          "node_network_iface_link",
          "node_network_iface_link_mode",
          "node_network_info",
          "node_network_name_assign_type",
          "node_network_net_dev_group",
          "node_network_protocol_type",
          "node_network_transmit_queue_length");

  /** Gauges that stay put between the readings and must be equal. */
  private static final List<String> STABLE =
      List.of(
          "node_memory_MemTotal_bytes",
          "node_memory_SwapTotal_bytes",
          "node_memory_HugePages_Total",
          "node_filesystem_size_bytes",
          "node_filesystem_files",
          "node_filesystem_readonly",
          "node_boot_time_seconds",
          "node_filefd_maximum");

  @Test
  void sameNamesLabelsAndValuesAsNodeExporter() throws Exception {
    assumeTrue(
        Files.isExecutable(NODE_EXPORTER),
        "prometheus-node-exporter is not installed (Debian package prometheus-node-exporter)");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HostConfig config =
        new HostConfig(
            true, null, null, null, null, null, null, "^lo$", null, new ProcessesConfig(0, null));
    Process exporter =
        new ProcessBuilder(
                NODE_EXPORTER.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults",
                "--collector.cpu",
                "--collector.loadavg",
                "--collector.meminfo",
                "--collector.diskstats",
                "--collector.filesystem",
                "--collector.netdev",
                "--collector.netclass",
                "--collector.netclass.ignored-devices="
                    + (config.netdevExclude().isEmpty() ? "^$" : config.netdevExclude()),
                "--collector.netstat",
                "--collector.stat",
                "--collector.filefd",
                "--collector.tcpstat",
                "--collector.filesystem.mount-points-exclude=" + config.mountPointsExclude(),
                "--collector.filesystem.fs-types-exclude=" + config.fsTypesExclude(),
                "--collector.netdev.device-exclude=" + config.netdevExclude(),
                "--collector.diskstats.device-exclude=" + config.diskstatsExclude())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
      HttpClient client = HttpClient.newHttpClient();
      awaitUp(client, uri);
      HostCollector vigil = new HostCollector(config);
      vigil.collect(new MetricWriter(new MemoryStorage().appender(), (f, t, h, u) -> {}, 0));

      Map<Labels, Double> before = scrape(client, uri);
      MemoryStorage store = new MemoryStorage();
      Appender app = store.appender();
      Map<String, MetricType> types = new HashMap<>();
      vigil.collect(new MetricWriter(app, (f, t, h, u) -> types.put(f, t), 1000));
      app.commit();
      Map<Labels, Double> ours = values(store);
      Map<Labels, Double> after = scrape(client, uri);

      Set<String> theirNames = names(after);
      Set<String> ourNames = names(ours);
      assertThat(ourNames).as("metric names").isEqualTo(theirNames);
      assertThat(ourNames).hasSizeGreaterThan(40);

      int compared = 0;
      for (Map.Entry<Labels, Double> e : after.entrySet()) {
        Labels l = e.getKey();
        if (!covered(l.metricName())) {
          continue;
        }
        assertThat(ours).as("Vigil has the series " + l).containsKey(l);
        double a = before.getOrDefault(l, e.getValue());
        double b = e.getValue();
        double v = ours.get(l);
        String name = l.metricName();
        if (STABLE.contains(name)) {
          assertThat(v).as(l.toString()).isEqualTo(b);
        } else if (types.get(name) == MetricType.COUNTER) {
          // read between the two node_exporter scrapes; node_exporter rounds to 1e-9 relative
          double slack = 1e-6 * Math.max(1, Math.abs(b));
          assertThat(v).as(l.toString()).isBetween(Math.min(a, b) - slack, Math.max(a, b) + slack);
        }
        compared++;
      }
      assertThat(compared).isGreaterThan(40);
    } finally {
      exporter.destroy();
      if (!exporter.waitFor(5, TimeUnit.SECONDS)) {
        exporter.destroyForcibly();
      }
    }
  }

  private static boolean covered(String name) {
    if (NOT_COVERED.contains(name)) {
      return false;
    }
    for (String p : COVERED) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> names(Map<Labels, Double> series) {
    Set<String> out = new TreeSet<>();
    for (Labels l : series.keySet()) {
      if (covered(l.metricName())) {
        out.add(l.metricName());
      }
    }
    return out;
  }

  private static void awaitUp(HttpClient client, URI uri) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (true) {
      try {
        if (client
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(50);
    }
  }

  private static Map<Labels, Double> scrape(HttpClient client, URI uri) throws Exception {
    HttpResponse<byte[]> r =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    MemoryStorage s = new MemoryStorage();
    Appender app = s.appender();
    new TextDecoder().decode(r.body(), TextFormat.PROMETHEUS, 1000, app);
    app.commit();
    return values(s);
  }

  private static Map<Labels, Double> values(MemoryStorage s) throws Exception {
    Map<Labels, Double> out = new HashMap<>();
    try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss =
          q.select(false, null, Matcher.of(Matcher.Type.REGEX, Labels.METRIC_NAME, ".+"));
      while (ss.next()) {
        SampleIterator it = ss.at().iterator(null);
        while (it.next() != ValueType.NONE) {
          out.put(ss.at().labels(), it.atF());
        }
      }
    }
    return out;
  }
}
