package dev.vigil.collect.network;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Measures one host: {@code pings} echo requests per collection, {@value #GAP_MILLIS} ms apart,
 * each answered one's round trip added to a histogram kept across collections. ICMP echo where the
 * process may send it (root or {@code CAP_NET_RAW}), otherwise a TCP connection: to {@code
 * fallback_port}, or the JDK's fallback to port 7; a refused connection is an answer too.
 *
 * <p>Series, as smokeping_prober names them, labelled {@code host} and {@code ip}: {@code
 * smokeping_requests_total} (requests sent) and the histogram {@code
 * smokeping_response_duration_seconds} (answered requests' round trips; its {@code _count} is the
 * answers, so loss is {@code 1 - rate(..._count) / rate(smokeping_requests_total)}).
 */
final class LatencySource implements Source {
  /** The pause between two requests to one host. */
  static final long GAP_MILLIS = 100;

  /** smokeping_prober's default buckets: 50 µs doubling 20 times (to about 26 s). */
  static final double[] BUCKETS = new double[20];

  static {
    for (int i = 0; i < BUCKETS.length; i++) {
      BUCKETS[i] = 0.00005 * Math.pow(2, i);
    }
  }

  private final String host;
  private final LatencyConfig config;
  private final long[] buckets = new long[BUCKETS.length];
  private long answered;
  private double sum;
  private long requests;

  LatencySource(String host, LatencyConfig config) {
    this.host = host;
    this.config = config;
  }

  @Override
  public String collect(MetricWriter out) throws InterruptedException {
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve " + host + ": " + e.getMessage(), e);
    }
    int lost = 0;
    for (int i = 0; i < config.pings(); i++) {
      if (i > 0) {
        Thread.sleep(GAP_MILLIS);
      }
      requests++;
      double rtt = echo(addr);
      if (rtt < 0) {
        lost++;
        continue;
      }
      answered++;
      sum += rtt;
      for (int b = 0; b < BUCKETS.length; b++) {
        if (rtt <= BUCKETS[b]) {
          buckets[b]++;
        }
      }
    }
    write(out, addr.getHostAddress());
    return lost == config.pings()
        ? "no answer from " + addr.getHostAddress() + " to " + lost + " requests"
        : null;
  }

  /** One request's round trip in seconds, or -1 without an answer within the timeout. */
  private double echo(InetAddress addr) throws InterruptedException {
    int timeout = (int) config.timeout().millis();
    long t0 = System.nanoTime();
    boolean ok;
    try {
      if (config.fallbackPort() > 0) {
        ok = connects(addr, config.fallbackPort(), timeout);
      } else {
        ok = addr.isReachable(timeout);
      }
    } catch (IOException e) {
      ok = false;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return ok ? (System.nanoTime() - t0) / 1e9 : -1;
  }

  private static boolean connects(InetAddress addr, int port, int timeout) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(addr, port), timeout);
      return true;
    } catch (ConnectException e) {
      // "Connection refused" is the host answering; anything else (no route) is not.
      return e.getMessage() != null && e.getMessage().contains("refused");
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private void write(MetricWriter out, String ip) {
    out.family("smokeping_requests_total", MetricType.COUNTER, "Number of ping requests sent");
    out.sample("smokeping_requests_total", requests, "host", host, "ip", ip);
    String h = "smokeping_response_duration_seconds";
    out.family(h, MetricType.HISTOGRAM, "A histogram of latencies for ping responses.");
    for (int b = 0; b < BUCKETS.length; b++) {
      out.sample(
          h + "_bucket", buckets[b], "host", host, "ip", ip, "le", Double.toString(BUCKETS[b]));
    }
    out.sample(h + "_bucket", answered, "host", host, "ip", ip, "le", "+Inf");
    out.sample(h + "_sum", sum, "host", host, "ip", ip);
    out.sample(h + "_count", answered, "host", host, "ip", ip);
  }
}
