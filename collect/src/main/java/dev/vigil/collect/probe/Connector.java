package dev.vigil.collect.probe;

import dev.vigil.collect.config.TlsConfig;
import dev.vigil.collect.scrape.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a probe's connection in timed phases: resolve, connect, TLS handshake. Each phase is
 * bounded by the probe's deadline.
 */
final class Connector {
  /** Phase durations in seconds, and what TLS gave. */
  static final class Timings {
    double resolve;
    double connect;
    double tls;
    int ipProtocol;
    double earliestCertExpiry = Double.NaN;
  }

  private final SSLContext ssl;
  private final TlsConfig tls;

  Connector(TlsConfig tls) {
    this.tls = tls;
    try {
      this.ssl = TlsContexts.sslContext(tls);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tls_config: " + e.getMessage(), e);
    }
  }

  /**
   * Resolves, connects and (with {@code useTls}) shakes hands, adding the phase times to {@code t}.
   */
  Socket open(String host, int port, boolean useTls, Deadline d, Timings t)
      throws IOException, InterruptedException {
    long s0 = System.nanoTime();
    InetAddress addr = Resolver.resolve(host, d)[0];
    long s1 = System.nanoTime();
    t.resolve += (s1 - s0) / 1e9;
    t.ipProtocol = addr.getAddress().length == 4 ? 4 : 6;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(addr, port), d.remainingMillis());
      long s2 = System.nanoTime();
      t.connect += (s2 - s1) / 1e9;
      socket.setSoTimeout(d.remainingMillis());
      if (!useTls) {
        return socket;
      }
      SSLSocket ss = (SSLSocket) ssl.getSocketFactory().createSocket(socket, host, port, true);
      SSLParameters p = ss.getSSLParameters();
      if (!tls.insecureSkipVerify()) {
        p.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (tls.serverName() != null && !tls.serverName().isEmpty()) {
        p.setServerNames(List.of(new SNIHostName(tls.serverName())));
      }
      ss.setSSLParameters(p);
      ss.setSoTimeout(d.remainingMillis());
      ss.startHandshake();
      t.tls += (System.nanoTime() - s2) / 1e9;
      for (Certificate c : ss.getSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          double notAfter = x.getNotAfter().toInstant().toEpochMilli() / 1000.0;
          if (Double.isNaN(t.earliestCertExpiry) || notAfter < t.earliestCertExpiry) {
            t.earliestCertExpiry = notAfter;
          }
        }
      }
      return ss;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }
}
