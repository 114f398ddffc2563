package dev.vigil.collect.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.SuppressForbidden;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes against real local servers: HTTP and HTTPS (a self-signed certificate keytool makes for
 * the test, real TLS), a closed port, a target slower than the timeout, a line-based TCP service.
 */
@SuppressForbidden(reason = "the JDK's own HTTP server (jdk.httpserver) is the probed target")
class ProbeTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir static Path dir;
  private static HttpServer http;
  private static HttpsServer https;
  private static String plain;
  private static String secure;
  private static Path caFile;
  private static final Map<String, String> lastRequest =
      new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path ks = dir.resolve("server.p12");
    caFile = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "s",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "s",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ctx));
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (HttpServer s : List.of(http, https)) {
      s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      s.createContext("/", ProbeTest::handle);
      s.start();
    }
    plain = "http://127.0.0.1:" + http.getAddress().getPort();
    secure = "https://localhost:" + https.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
    https.stop(0);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.add("-J-XX:TieredStopAtLevel=1");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
  }

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    byte[] reqBody = ex.getRequestBody().readAllBytes();
    lastRequest.put("method", ex.getRequestMethod());
    lastRequest.put("body", new String(reqBody, StandardCharsets.UTF_8));
    lastRequest.put("x-token", String.valueOf(ex.getRequestHeaders().getFirst("X-Token")));
    switch (path) {
      case "/redirect" -> {
        ex.getResponseHeaders().set("Location", "/ok");
        ex.sendResponseHeaders(302, -1);
        ex.close();
        return;
      }
      case "/slow" -> {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      case "/created" -> {
        byte[] b = "made".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(201, b.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(b);
        }
        return;
      }
      case "/chunked" -> {
        ex.sendResponseHeaders(200, 0); // 0 = chunked
        try (OutputStream o = ex.getResponseBody()) {
          o.write("status: healthy\n".getBytes(StandardCharsets.UTF_8));
          o.flush();
          o.write("db: ok\n".getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      default -> {}
    }
    byte[] b = "status: healthy\nversion: 1.2\n".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(path.equals("/missing") ? 404 : 200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  /** Runs a probe defined in YAML once; the result holds its series and failure. */
  record Result(Map<String, Double> values, String failure) {
    double get(String series) {
      Double v = values.get(series);
      assertThat(v).as(series + " in " + values.keySet()).isNotNull();
      return v;
    }
  }

  static Result run(String yaml) throws Exception {
    ProbeConfig c = YAML.readValue(yaml, ProbeConfig.class);
    Map<String, Double> values = new LinkedHashMap<>();
    Appender app =
        new Appender() {
          @Override
          public long append(long ref, Labels labels, long t, double v) {
            values.put(labels.toString(), v);
            return 1;
          }

          @Override
          public void commit() {}

          @Override
          public void rollback() {}
        };
    String failure =
        c.localTarget().source().get().collect(new MetricWriter(app, (f, t, h, u) -> {}, 0));
    return new Result(values, failure);
  }

  @Test
  void httpsWithTheCaFileSucceedsAndReportsPhasesAndCertificateExpiry() throws Exception {
    Result r =
        run(
            f(
                """
            {name: api, prober: http, target: '%s/ok', http: {tls_config: {ca_file: '%s'}}}
            """,
                secure, caFile));
    assertThat(r.failure()).isNull();
    assertThat(r.get("probe_success")).isEqualTo(1);
    assertThat(r.get("probe_http_status_code")).isEqualTo(200);
    assertThat(r.get("probe_http_ssl")).isEqualTo(1);
    assertThat(r.get("probe_http_content_length")).isEqualTo(29);
    assertThat(r.get("probe_http_duration_seconds{phase=\"tls\"}")).isPositive();
    assertThat(r.get("probe_http_duration_seconds{phase=\"connect\"}")).isPositive();
    assertThat(r.get("probe_http_duration_seconds{phase=\"processing\"}")).isPositive();
    double now = System.currentTimeMillis() / 1000.0;
    // keytool -validity 2: the certificate expires about two days from now
    assertThat(r.get("probe_ssl_earliest_cert_expiry")).isBetween(now + 86400, now + 3 * 86400);
  }

  @Test
  void anUntrustedCertificateFailsUnlessVerificationIsOff() throws Exception {
    Result r = run(f("{name: api, prober: http, target: '%s/ok'}", secure));
    assertThat(r.get("probe_success")).isZero();
    assertThat(r.failure()).startsWith("TLS: ");
    Result insecure =
        run(
            f(
                "{name: api, prober: http, target: '%s/ok', http: {tls_config: {insecure_skip_verify: true}}}",
                secure));
    assertThat(insecure.failure()).isNull();
    assertThat(insecure.get("probe_success")).isEqualTo(1);
  }

  @Test
  void redirectsAreFollowedOrNot() throws Exception {
    Result followed = run(f("{name: r, prober: http, target: '%s/redirect'}", plain));
    assertThat(followed.failure()).isNull();
    assertThat(followed.get("probe_http_redirects")).isEqualTo(1);
    assertThat(followed.get("probe_http_status_code")).isEqualTo(200);
    assertThat(followed.get("probe_http_ssl")).isZero();
    Result notFollowed =
        run(
            f(
                "{name: r, prober: http, target: '%s/redirect', http: {no_follow_redirects: true}}",
                plain));
    assertThat(notFollowed.get("probe_http_status_code")).isEqualTo(302);
    assertThat(notFollowed.failure()).isEqualTo("invalid HTTP response status code 302");
  }

  @Test
  void methodHeadersBodyAndValidStatusCodes() throws Exception {
    Result r =
        run(
            f(
                """
            name: post
            prober: http
            target: '%s/created'
            http:
              method: POST
              headers: {X-Token: abc}
              body: '{"a":1}'
              valid_status_codes: [201]
            """,
                plain));
    assertThat(r.failure()).isNull();
    assertThat(lastRequest)
        .containsEntry("method", "POST")
        .containsEntry("body", "{\"a\":1}")
        .containsEntry("x-token", "abc");
    Result missing = run(f("{name: m, prober: http, target: '%s/missing'}", plain));
    assertThat(missing.failure()).isEqualTo("invalid HTTP response status code 404");
    assertThat(missing.get("probe_http_status_code")).isEqualTo(404);
  }

  @Test
  void bodyRegularExpressions() throws Exception {
    Result ok =
        run(
            f(
                """
            {name: b, prober: http, target: '%s/chunked',
             http: {fail_if_body_not_matches_regexp: ['^db: ok$'], fail_if_body_matches_regexp: ['error']}}
            """,
                plain));
    assertThat(ok.failure()).isNull();
    assertThat(ok.get("probe_failed_due_to_regex")).isZero();
    assertThat(ok.get("probe_http_content_length")).isEqualTo(-1); // chunked
    Result bad =
        run(
            f(
                "{name: b, prober: http, target: '%s/ok', http: {fail_if_body_matches_regexp: ['version: 1\\.']}}",
                plain));
    assertThat(bad.get("probe_failed_due_to_regex")).isEqualTo(1);
    assertThat(bad.get("probe_success")).isZero();
    assertThat(bad.failure()).contains("body matched");
  }

  @Test
  void aClosedPortFailsFast() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Result r = run(f("{name: c, prober: http, target: 'http://127.0.0.1:%d/'}", port));
    assertThat(r.get("probe_success")).isZero();
    assertThat(r.failure()).startsWith("connection failed");
    Result tcp = run(f("{name: c, prober: tcp, target: '127.0.0.1:%d'}", port));
    assertThat(tcp.get("probe_success")).isZero();
  }

  @Test
  void aSlowTargetIsCutAtItsTimeout() throws Exception {
    Result r = run(f("{name: s, prober: http, target: '%s/slow', timeout: 500ms}", plain));
    assertThat(r.get("probe_success")).isZero();
    assertThat(r.failure()).startsWith("timeout");
    assertThat(r.get("probe_duration_seconds")).isBetween(0.4, 2.0);
  }

  @Test
  void tcpSendAndExpect() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (Socket s = server.accept();
                      BufferedReader in =
                          new BufferedReader(
                              new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                      OutputStream o = s.getOutputStream()) {
                    o.write("+OK ready\n".getBytes(StandardCharsets.UTF_8));
                    String line = in.readLine();
                    o.write(("PONG " + line + "\n").getBytes(StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      String target = "127.0.0.1:" + server.getLocalPort();
      Result ok =
          run(
              f(
                  """
              {name: t, prober: tcp, target: '%s',
               tcp: {query_response: [{expect: '^\\+OK'}, {send: PING}, {expect: '^PONG PING$'}]}}
              """,
                  target));
      assertThat(ok.failure()).isNull();
      assertThat(ok.get("probe_success")).isEqualTo(1);
      Result bad =
          run(
              f(
                  """
              {name: t, prober: tcp, target: '%s', timeout: 1s,
               tcp: {query_response: [{expect: '^\\+OK'}, {send: PING}, {expect: '^NEVER'}]}}
              """,
                  target));
      assertThat(bad.get("probe_success")).isZero();
      assertThat(bad.failure()).contains("step 3");
    }
  }

  @Test
  void dnsAndIcmpOfLocalhost() throws Exception {
    Result dns = run("{name: d, prober: dns, target: localhost}");
    assertThat(dns.failure()).isNull();
    assertThat(dns.get("probe_dns_answer_rrs")).isPositive();
    Result none = run("{name: d, prober: dns, target: no-such-host.invalid}");
    assertThat(none.get("probe_success")).isZero();
    Result icmp = run("{name: i, prober: icmp, target: 127.0.0.1}");
    assertThat(icmp.failure()).isNull();
    assertThat(icmp.get("probe_icmp_duration_seconds{phase=\"rtt\"}")).isNotNegative();
  }

  @Test
  void badDefinitionsAreRejectedWithTheKey() {
    assertThatThrownBy(() -> run("{name: x, prober: ftp, target: a}"))
        .hasMessageContaining("must be http, tcp, dns, icmp or steps");
    assertThatThrownBy(() -> run("{name: x, prober: tcp, target: 'nohost'}"))
        .hasMessageContaining("must be host:port");
    assertThatThrownBy(() -> run("{name: x, prober: http, target: 'ftp://a/'}"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(
            () ->
                run(
                    "{name: x, prober: http, target: 'http://a/', http: {fail_if_body_matches_regexp: ['(']}}"))
        .hasMessageContaining("fail_if_body_matches_regexp")
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> run("{name: x, prober: http, target: 'http://a/', timeout: 1m}"))
        .hasMessageContaining("longer than its interval");
    assertThatThrownBy(() -> run("{name: x, prober: http, target: 'http://a/', tcp: {}}"))
        .hasMessageContaining("has a tcp section");
  }

  private static String f(String template, Object... args) {
    return String.format(java.util.Locale.ROOT, template, args);
  }
}
