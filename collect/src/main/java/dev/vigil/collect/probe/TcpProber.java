package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A TCP probe: connect (optionally with TLS), then the configured send/expect steps. Succeeds when
 * every step does.
 */
final class TcpProber implements Prober {
  private final HostPort target;
  private final TcpProbeConfig config;
  private final Connector connector;

  TcpProber(HostPort target, TcpProbeConfig config) {
    this.target = target;
    this.config = config;
    this.connector = new Connector(config.tlsConfig());
  }

  @Override
  public String probe(MetricWriter out, Deadline d) throws Exception {
    Connector.Timings t = new Connector.Timings();
    try (Socket s = connector.open(target.host(), target.port(), config.tls(), d, t)) {
      out.single(
          "probe_dns_lookup_time_seconds", MetricType.GAUGE,
          "Returns the time taken for probe dns lookup in seconds", t.resolve);
      out.single(
          "probe_ip_protocol",
          MetricType.GAUGE,
          "Specifies whether probe ip protocol is IP4 or IP6",
          t.ipProtocol);
      if (!Double.isNaN(t.earliestCertExpiry)) {
        out.single(
            "probe_ssl_earliest_cert_expiry", MetricType.GAUGE,
            "Returns earliest SSL cert expiry in unixtime", t.earliestCertExpiry);
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream os = s.getOutputStream();
      int step = 0;
      for (TcpProbeConfig.Step st : config.queryResponse()) {
        step++;
        s.setSoTimeout(d.remainingMillis());
        if (st.expect() != null) {
          Pattern p = Pattern.compile(st.expect());
          String line;
          do {
            line = in.readLine();
            if (line == null) {
              return "step "
                  + step
                  + ": connection closed before a line matched \""
                  + st.expect()
                  + "\"";
            }
          } while (!p.matcher(line).find());
        }
        if (st.send() != null) {
          os.write((st.send() + "\n").getBytes(StandardCharsets.UTF_8));
          os.flush();
        }
      }
      return null;
    }
  }
}
