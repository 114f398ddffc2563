package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP(S)/1.1 probe over its own socket, so that each phase can be timed as blackbox_exporter
 * times it ({@code probe_http_duration_seconds{phase=resolve|connect|tls|processing|transfer}},
 * summed over redirects). One request per connection ({@code Connection: close}); bodies are read
 * up to 10 MB.
 */
final class HttpProber implements Prober {
  private static final int MAX_REDIRECTS = 10;
  private static final int MAX_BODY = 10 << 20;
  private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

  private final URI target;
  private final HttpProbeConfig config;
  private final Connector connector;
  private final Pattern[] mustNot;
  private final Pattern[] must;
  private byte[] lastBody = new byte[0];

  HttpProber(String target, HttpProbeConfig config) {
    this.target = URI.create(target);
    this.config = config;
    this.connector = new Connector(config.tlsConfig());
    this.mustNot = compile(config.failIfBodyMatchesRegexp());
    this.must = compile(config.failIfBodyNotMatchesRegexp());
  }

  private static Pattern[] compile(java.util.List<String> res) {
    Pattern[] out = new Pattern[res.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Pattern.compile(res.get(i), Pattern.MULTILINE);
    }
    return out;
  }

  /** One response. */
  @SuppressWarnings("ArrayRecordComponent") // internal hand-off, never compared
  private record Response(int status, long contentLength, String location, byte[] body) {}

  @Override
  public String probe(MetricWriter out, Deadline d) throws Exception {
    Connector.Timings t = new Connector.Timings();
    double processing = 0;
    double transfer = 0;
    int redirects = 0;
    URI uri = target;
    String method = config.method();
    String body = config.body();
    Response r = null;
    String failure = null;
    boolean ssl = false;
    try {
      while (true) {
        ssl = uri.getScheme().equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        try (Socket s = connector.open(uri.getHost(), port, ssl, d, t)) {
          s.setSoTimeout(d.remainingMillis());
          long w = System.nanoTime();
          write(s.getOutputStream(), uri, port, method, body);
          InputStream in = new BufferedInputStream(s.getInputStream());
          int first = in.read(); // the server's first byte ends "processing"
          if (first < 0) {
            throw new EOFException("the server closed the connection without a response");
          }
          long f = System.nanoTime();
          processing += (f - w) / 1e9;
          s.setSoTimeout(d.remainingMillis());
          r = read(first, in, method.equals("HEAD"));
          transfer += (System.nanoTime() - f) / 1e9;
        }
        if (r.status() >= 300
            && r.status() < 400
            && r.location() != null
            && !config.noFollowRedirects()) {
          if (++redirects > MAX_REDIRECTS) {
            failure = "more than " + MAX_REDIRECTS + " redirects";
            break;
          }
          uri = uri.resolve(r.location().strip());
          if (r.status() == 303 || (r.status() <= 302 && method.equals("POST"))) {
            method = "GET";
            body = "";
          }
          continue;
        }
        break;
      }
    } finally {
      writePhases(out, t, processing, transfer);
    }
    lastBody = r.body();
    out.single("probe_http_status_code", MetricType.GAUGE, "Response HTTP status code", r.status());
    out.single(
        "probe_http_content_length",
        MetricType.GAUGE,
        "Length of http content response",
        r.contentLength());
    out.single(
        "probe_http_uncompressed_body_length", MetricType.GAUGE,
        "Length of uncompressed response body", r.body().length);
    out.single("probe_http_redirects", MetricType.GAUGE, "The number of redirects", redirects);
    out.single(
        "probe_http_ssl",
        MetricType.GAUGE,
        "Indicates if SSL was used for the final redirect",
        ssl ? 1 : 0);
    out.single(
        "probe_http_version",
        MetricType.GAUGE,
        "Returns the version of HTTP of the probe response",
        1.1);
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
    if (failure != null) {
      return failure;
    }
    boolean statusOk =
        config.validStatusCodes().isEmpty()
            ? r.status() >= 200 && r.status() < 300
            : config.validStatusCodes().contains(r.status());
    String text = new String(r.body(), StandardCharsets.UTF_8);
    String regexFailure = null;
    for (Pattern p : mustNot) {
      if (p.matcher(text).find()) {
        regexFailure = "body matched regular expression \"" + p.pattern() + "\"";
      }
    }
    for (Pattern p : must) {
      if (!p.matcher(text).find()) {
        regexFailure = "body did not match regular expression \"" + p.pattern() + "\"";
      }
    }
    out.single(
        "probe_failed_due_to_regex",
        MetricType.GAUGE,
        "Indicates if probe failed due to regex",
        regexFailure != null ? 1 : 0);
    if (!statusOk) {
      return "invalid HTTP response status code " + r.status();
    }
    if (config.failIfSsl() && ssl) {
      return "final request was over TLS (fail_if_ssl)";
    }
    if (config.failIfNotSsl() && !ssl) {
      return "final request was not over TLS (fail_if_not_ssl)";
    }
    return regexFailure;
  }

  /** The body of the last response the probe read (empty before one). */
  byte[] lastBody() {
    return lastBody;
  }

  private static void writePhases(
      MetricWriter out, Connector.Timings t, double processing, double transfer) {
    double[] v = {t.resolve, t.connect, t.tls, processing, transfer};
    out.single(
        "probe_dns_lookup_time_seconds", MetricType.GAUGE,
        "Returns the time taken for probe dns lookup in seconds", t.resolve);
    out.family(
        "probe_http_duration_seconds",
        MetricType.GAUGE,
        "Duration of http request by phase, summed over all redirects");
    for (int i = 0; i < PHASES.length; i++) {
      out.sample("probe_http_duration_seconds", v[i], "phase", PHASES[i]);
    }
  }

  private void write(OutputStream os, URI uri, int port, String method, String body)
      throws IOException {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (uri.getScheme().equals("https") ? 443 : 80);
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    StringBuilder h = new StringBuilder();
    h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    h.append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
    boolean hasAgent = false;
    for (Map.Entry<String, String> e : config.headers().entrySet()) {
      h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
      hasAgent |= e.getKey().equalsIgnoreCase("User-Agent");
    }
    if (!hasAgent) {
      h.append("User-Agent: Vigil probe\r\n");
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0 || method.equals("POST") || method.equals("PUT")) {
      h.append("Content-Length: ").append(b.length).append("\r\n");
    }
    h.append("Connection: close\r\n\r\n");
    os.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    os.write(b);
    os.flush();
  }

  private static Response read(int first, InputStream in, boolean head) throws IOException {
    String status = (char) first + line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP response: " + abbreviate(status));
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + abbreviate(status), e);
    }
    long length = -1;
    boolean chunked = false;
    String location = null;
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "location" -> location = value;
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean noBody = head || code == 204 || code == 304 || (code >= 100 && code < 200);
    if (noBody) {
      return new Response(code, length, location, new byte[0]);
    }
    if (chunked) {
      while (true) {
        String size = line(in);
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        if (n == 0) {
          break;
        }
        copy(in, body, n);
        line(in);
      }
    } else if (length >= 0) {
      copy(in, body, length);
    } else {
      copy(in, body, Long.MAX_VALUE);
    }
    return new Response(code, length, location, body.toByteArray());
  }

  private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new EOFException("the response body ended early");
      }
      if (out.size() + r > MAX_BODY) {
        throw new IOException("response body larger than " + MAX_BODY + " bytes");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the response ended in its headers");
      }
      if (c != '\r') {
        b.append((char) c);
      }
      if (b.length() > 65536) {
        throw new IOException("response header line longer than 64 KB");
      }
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
