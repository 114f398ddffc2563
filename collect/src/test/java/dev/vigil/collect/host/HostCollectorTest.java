package dev.vigil.collect.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc readers against a fixture procfs whose expected values are worked out by hand. */
class HostCollectorTest {
  @TempDir Path proc;

  /** Collects into a map of series (as text) to value. */
  static final class Captured implements Appender {
    final Map<String, Double> values = new LinkedHashMap<>();
    final Map<String, MetricType> types = new HashMap<>();

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      values.put(labels.toString(), v);
      return 1;
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}

    MetricWriter writer() {
      return new MetricWriter(this, (family, type, help, unit) -> types.put(family, type), 1000);
    }
  }

  private void file(String path, String text) throws IOException {
    Path p = proc.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Captured collect(HostPart part) throws IOException {
    Captured c = new Captured();
    part.write(c.writer());
    return c;
  }

  @Test
  void statGivesCpuSecondsByModeAndKernelCounters() throws IOException {
    file(
        "stat",
        """
        cpu  300 10 200 5000 40 0 7 0 0 0
        cpu0 150 5 100 2500 20 0 3 1 0 0
        intr 12345 1 2 3
        ctxt 987654
        btime 1700000000
        processes 4321
        procs_running 3
        procs_blocked 1
        """);
    Captured cpu = collect(new CpuStat(proc, 100, true));
    assertThat(cpu.values)
        .containsEntry("node_cpu_seconds_total{cpu=\"0\", mode=\"user\"}", 1.5)
        .containsEntry("node_cpu_seconds_total{cpu=\"0\", mode=\"idle\"}", 25.0)
        .containsEntry("node_cpu_seconds_total{cpu=\"0\", mode=\"steal\"}", 0.01)
        .hasSize(8); // the aggregate "cpu" line is not a CPU
    assertThat(cpu.types).containsEntry("node_cpu_seconds_total", MetricType.COUNTER);
    Captured stat = collect(new CpuStat(proc, 100, false));
    assertThat(stat.values)
        .containsEntry("node_context_switches_total", 987654.0)
        .containsEntry("node_forks_total", 4321.0)
        .containsEntry("node_boot_time_seconds", 1.7e9)
        .containsEntry("node_intr_total", 12345.0)
        .containsEntry("node_procs_running", 3.0)
        .containsEntry("node_procs_blocked", 1.0);
  }

  @Test
  void meminfoFieldsBecomeBytesWhereTheKernelGivesKilobytes() throws IOException {
    file(
        "meminfo",
        "MemTotal:        2048 kB\nActive(anon):       4 kB\nHugePages_Total:       7\n");
    assertThat(collect(new MemInfo(proc)).values)
        .containsExactly(
            Map.entry("node_memory_MemTotal_bytes", 2048.0 * 1024),
            Map.entry("node_memory_Active_anon_bytes", 4096.0),
            Map.entry("node_memory_HugePages_Total", 7.0));
  }

  @Test
  void loadFileFdAndTabs() throws IOException {
    file("loadavg", "0.50 0.25 0.125 2/300 4000\n");
    file("sys/fs/file-nr", "2182\t0\t2466170\n");
    assertThat(collect(new LoadAvg(proc)).values)
        .containsExactly(
            Map.entry("node_load1", 0.5),
            Map.entry("node_load5", 0.25),
            Map.entry("node_load15", 0.125));
    assertThat(collect(new FileFd(proc)).values)
        .containsExactly(
            Map.entry("node_filefd_allocated", 2182.0),
            Map.entry("node_filefd_maximum", 2466170.0));
  }

  @Test
  void diskstatsConvertSectorsAndMillisecondsAndSkipPartitions() throws IOException {
    file(
        "diskstats",
        """
           7       0 loop0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
         254       0 vda 10 2 100 1500 20 3 200 2500 1 4000 6000 0 0 0 0 5 60
         254       1 vda1 10 2 100 1500 20 3 200 2500 1 4000 6000 0 0 0 0 5 60
        """);
    Captured c =
        collect(
            new DiskStats(
                proc, java.util.regex.Pattern.compile(HostConfig.DEFAULT_DISKSTATS_EXCLUDE)));
    assertThat(c.values)
        .containsEntry("node_disk_reads_completed_total{device=\"vda\"}", 10.0)
        .containsEntry("node_disk_read_bytes_total{device=\"vda\"}", 51200.0)
        .containsEntry("node_disk_read_time_seconds_total{device=\"vda\"}", 1.5)
        .containsEntry("node_disk_written_bytes_total{device=\"vda\"}", 102400.0)
        .containsEntry("node_disk_io_now{device=\"vda\"}", 1.0)
        .containsEntry("node_disk_io_time_seconds_total{device=\"vda\"}", 4.0)
        .containsEntry("node_disk_flush_requests_total{device=\"vda\"}", 5.0);
    assertThat(c.values.keySet()).noneMatch(k -> k.contains("vda1") || k.contains("loop0"));
    assertThat(c.types).containsEntry("node_disk_io_now", MetricType.GAUGE);
  }

  @Test
  void netdevAndTcpStates() throws IOException {
    file(
        "net/dev",
        """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:  100  2    0    0    0     0          0         0  100  2    0    0    0     0       0          0
          eth0: 5000 40    1    2    0     0          0         3  700 30    4    5    0     0       0          0
        """);
    Captured c = collect(new NetDev(proc, java.util.regex.Pattern.compile("^lo$")));
    assertThat(c.values)
        .containsEntry("node_network_receive_bytes_total{device=\"eth0\"}", 5000.0)
        .containsEntry("node_network_receive_errs_total{device=\"eth0\"}", 1.0)
        .containsEntry("node_network_receive_drop_total{device=\"eth0\"}", 2.0)
        .containsEntry("node_network_receive_multicast_total{device=\"eth0\"}", 3.0)
        .containsEntry("node_network_transmit_packets_total{device=\"eth0\"}", 30.0)
        .containsEntry("node_network_transmit_drop_total{device=\"eth0\"}", 5.0);
    assertThat(c.values.keySet()).noneMatch(k -> k.contains("\"lo\""));
    file(
        "net/tcp",
        """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1
           1: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 2
           2: 0100007F:1F90 0100007F:D2A6 06 00000000:00000000 00:00000000 00000000     0        0 3
        """);
    file(
        "net/tcp6",
        """
          sl  local_address                         remote_address                        st
           0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 01 0
        """);
    Captured t = collect(new TcpStates(proc));
    assertThat(t.values)
        .containsEntry("node_tcp_connection_states{state=\"listen\"}", 1.0)
        .containsEntry("node_tcp_connection_states{state=\"established\"}", 2.0)
        .containsEntry("node_tcp_connection_states{state=\"time_wait\"}", 1.0)
        .containsEntry("node_tcp_connection_states{state=\"close_wait\"}", 0.0);
  }

  @Test
  void netstatKeepsNodeExporterDefaultFields() throws IOException {
    file(
        "net/snmp",
        "Tcp: RtoAlgorithm CurrEstab InErrs\nTcp: 1 7 2\nUdp: InDatagrams Ignored\nUdp: 9 4\n");
    file("net/netstat", "TcpExt: ListenDrops Other\nTcpExt: 3 8\n");
    file("net/snmp6", "Ip6InOctets  100\nIcmp6InMsgs 5\nUdpLite6InErrors 0\nIp6Ignored 1\n");
    assertThat(collect(new NetStat(proc)).values)
        .containsOnlyKeys(
            "node_netstat_Tcp_CurrEstab",
            "node_netstat_Tcp_InErrs",
            "node_netstat_Udp_InDatagrams",
            "node_netstat_TcpExt_ListenDrops",
            "node_netstat_Ip6_InOctets",
            "node_netstat_Icmp6_InMsgs",
            "node_netstat_UdpLite6_InErrors")
        .containsEntry("node_netstat_Tcp_CurrEstab", 7.0);
  }

  @Test
  void processesAreGroupedByNameAndConfiguredMatches() throws IOException {
    // pid (comm) state ppid ... utime(14) stime(15) ... num_threads(20) ... vsize(23) rss(24)
    String stat = "%d (%s) S 1 1 1 0 -1 0 0 0 0 0 %d %d 0 0 20 0 %d 0 100 %d %d 0\n";
    file(
        "10/stat",
        String.format(java.util.Locale.ROOT, stat, 10, "post gres", 100, 50, 4, 1000, 10));
    file(
        "11/stat",
        String.format(java.util.Locale.ROOT, stat, 11, "post gres", 300, 50, 2, 1000, 20));
    file("12/stat", String.format(java.util.Locale.ROOT, stat, 12, "java", 900, 100, 30, 5000, 30));
    file("12/cmdline", "java\0-jar\0vigil.jar\0");
    Files.createDirectories(proc.resolve("12/fd"));
    Files.writeString(proc.resolve("12/fd/0"), "");
    Files.writeString(proc.resolve("12/fd/1"), "");
    Captured c =
        collect(
            new Processes(
                proc,
                100,
                4096,
                1,
                java.util.List.of(new ProcessMatch("vigil", null, "vigil\\.jar"))));
    assertThat(c.values)
        .containsEntry("namedprocess_namegroup_num_procs{groupname=\"vigil\"}", 1.0)
        .containsEntry(
            "namedprocess_namegroup_cpu_seconds_total{groupname=\"vigil\", mode=\"user\"}", 9.0)
        .containsEntry("namedprocess_namegroup_open_filedesc{groupname=\"vigil\"}", 2.0)
        .containsEntry(
            "namedprocess_namegroup_memory_bytes{groupname=\"vigil\", memtype=\"resident\"}",
            30.0 * 4096)
        // top 1 by CPU: java (10 s) beats "post gres" (5 s); both are listed by comm
        .containsEntry("namedprocess_namegroup_num_threads{groupname=\"java\"}", 30.0);
    assertThat(c.values.keySet()).noneMatch(k -> k.contains("post gres"));
  }
}
