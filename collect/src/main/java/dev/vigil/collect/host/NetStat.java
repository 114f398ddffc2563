package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /proc/net/snmp}, {@code /proc/net/netstat} and {@code /proc/net/snmp6}: node_exporter's
 * {@code netstat} collector with its default field selection ({@code node_netstat_Tcp_CurrEstab},
 * ...). Values are untyped, as node_exporter exposes them.
 */
final class NetStat implements HostPart {
  /** node_exporter's {@code --collector.netstat.fields} default. */
  static final Pattern FIELDS =
      Pattern.compile(
          "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
              + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)"
              + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
              + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$");

  private final Path proc;

  NetStat(Path proc) {
    this.proc = proc;
  }

  @Override
  public String name() {
    return "netstat";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    pairs(out, ProcFiles.rows(proc.resolve("net/snmp")));
    pairs(out, ProcFiles.rows(proc.resolve("net/netstat")));
    Path snmp6 = proc.resolve("net/snmp6");
    if (Files.exists(snmp6)) {
      for (String[] r : ProcFiles.rows(snmp6)) {
        // "Ip6InOctets 123": the protocol is the prefix before the first lower-case letter run
        int split = r[0].startsWith("Icmp6") ? 5 : r[0].startsWith("Udp6") ? 4 : 3;
        if (r[0].startsWith("UdpLite6")) {
          split = 8;
        }
        emit(out, r[0].substring(0, split) + "_" + r[0].substring(split), r[1]);
      }
    }
  }

  /** Files of header/value line pairs: {@code Tcp: RtoAlgorithm ...} then {@code Tcp: 1 ...}. */
  private static void pairs(MetricWriter out, List<String[]> rows) {
    for (int i = 0; i + 1 < rows.size(); i += 2) {
      String[] h = rows.get(i);
      String[] v = rows.get(i + 1);
      String proto = h[0].substring(0, h[0].length() - 1);
      for (int k = 1; k < h.length && k < v.length; k++) {
        emit(out, proto + "_" + h[k], v[k]);
      }
    }
  }

  private static void emit(MetricWriter out, String field, String value) {
    if (FIELDS.matcher(field).matches()) {
      out.single(
          "node_netstat_" + field,
          MetricType.UNKNOWN,
          "Statistic " + field.replace("_", "") + ".",
          Double.parseDouble(value));
    }
  }
}
