package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TCP connections by state from {@code /proc/net/tcp} and {@code /proc/net/tcp6}: {@code
 * node_tcp_connection_states{state}} as node_exporter's (opt-in) {@code tcpstat} collector names
 * it.
 */
final class TcpStates implements HostPart {
  /** Kernel state numbers 1..11 (include/net/tcp_states.h) and node_exporter's names. */
  private static final String[] STATES = {
    "",
    "established",
    "syn_sent",
    "syn_recv",
    "fin_wait1",
    "fin_wait2",
    "time_wait",
    "close",
    "close_wait",
    "last_ack",
    "listen",
    "closing"
  };

  private final Path proc;

  TcpStates(Path proc) {
    this.proc = proc;
  }

  @Override
  public String name() {
    return "tcpstat";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    long[] counts = new long[STATES.length + 2]; // + tx and rx queued bytes
    count(proc.resolve("net/tcp"), counts);
    count(proc.resolve("net/tcp6"), counts);
    out.family("node_tcp_connection_states", MetricType.GAUGE, "Number of connection states.");
    for (int s = 1; s < STATES.length; s++) {
      out.sample("node_tcp_connection_states", counts[s], "state", STATES[s]);
    }
    // node_exporter reports the bytes in all send and receive queues as two more "states"
    out.sample("node_tcp_connection_states", counts[STATES.length], "state", "tx_queued_bytes");
    out.sample("node_tcp_connection_states", counts[STATES.length + 1], "state", "rx_queued_bytes");
  }

  private static void count(Path file, long[] counts) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String text = ProcFiles.read(file);
    int line = text.indexOf('\n') + 1; // skip the header
    while (line > 0 && line < text.length()) {
      int end = text.indexOf('\n', line);
      if (end < 0) {
        end = text.length();
      }
      // "  0: 0100007F:1F90 00000000:0000 0A ...": the state is the 4th field, two hex digits
      int f = 0;
      int i = line;
      while (i < end && f < 3) {
        while (i < end && text.charAt(i) == ' ') {
          i++;
        }
        while (i < end && text.charAt(i) != ' ') {
          i++;
        }
        f++;
      }
      while (i < end && text.charAt(i) == ' ') {
        i++;
      }
      if (i + 2 <= end) {
        int st = Character.digit(text.charAt(i), 16) * 16 + Character.digit(text.charAt(i + 1), 16);
        if (st > 0 && st < STATES.length) {
          counts[st]++;
        }
        // then "tx_queue:rx_queue" in hex
        int q = i + 2;
        while (q < end && text.charAt(q) == ' ') {
          q++;
        }
        int colon = text.indexOf(':', q);
        if (colon > q && colon < end) {
          int qe = colon + 1;
          while (qe < end && text.charAt(qe) != ' ') {
            qe++;
          }
          counts[STATES.length] += Long.parseLong(text, q, colon, 16);
          counts[STATES.length + 1] += Long.parseLong(text, colon + 1, qe, 16);
        }
      }
      line = end + 1;
    }
  }
}
