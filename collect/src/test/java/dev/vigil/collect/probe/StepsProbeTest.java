package dev.vigil.collect.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-step API checks against a small real API: log in, carry the token and an id into the next
 * requests, and fail at the step that breaks.
 */
@SuppressForbidden(reason = "the JDK's own HTTP server (jdk.httpserver) is the probed API")
class StepsProbeTest {
  private static HttpServer api;
  private static String base;
  private static String token;
  private static int orderId;

  @BeforeAll
  static void start() throws IOException {
    long seed = System.nanoTime();
    System.out.println("StepsProbeTest seed " + seed);
    Random rnd = new Random(seed);
    token = Long.toHexString(rnd.nextLong());
    orderId = 1 + rnd.nextInt(100_000);
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    api.createContext("/", StepsProbeTest::handle);
    api.start();
    base = "http://127.0.0.1:" + api.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    api.stop(0);
  }

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
    int status;
    String out;
    if (path.equals("/api/login") && ex.getRequestMethod().equals("POST")) {
      status = body.contains("\"user\": \"probe\"") ? 200 : 403;
      out = "{\"token\": \"" + token + "\", \"orders\": [{\"id\": " + orderId + "}]}";
    } else if (!auth.equals("Bearer " + token)) {
      status = 401;
      out = "no";
    } else if (path.equals("/api/orders/" + orderId)) {
      status = 200;
      out = "order " + orderId + " status=shipped";
    } else {
      status = 404;
      out = "none";
    }
    byte[] b = out.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  private static final String FLOW =
      """
      name: checkout
      prober: steps
      target: '%s'
      steps:
        - name: login
          url: /api/login
          http: {method: POST, body: '{"user": "%s"}', valid_status_codes: [200]}
          extract_json: {token: /token, order: /orders/0/id}
        - name: order
          url: /api/orders/{{order}}
          http:
            headers: {Authorization: 'Bearer {{token}}'}
            fail_if_body_not_matches_regexp: ['status=shipped']
          extract: {state: 'status=(\\w+)'}
        - name: again
          url: /api/orders/{{order}}?state={{state}}
          http: {headers: {Authorization: 'Bearer {{token}}'}}
      """;

  @Test
  void valuesCarryFromStepToStepAndEveryStepIsReported() throws Exception {
    ProbeTest.Result r = ProbeTest.run(String.format(Locale.ROOT, FLOW, base, "probe"));
    assertThat(r.failure()).isNull();
    assertThat(r.get("probe_success")).isEqualTo(1);
    assertThat(r.get("probe_slo_objective")).isEqualTo(0.999);
    for (String step : new String[] {"login", "order", "again"}) {
      assertThat(r.get("probe_step_success{step=\"" + step + "\"}")).isEqualTo(1);
      assertThat(r.get("probe_step_duration_seconds{step=\"" + step + "\"}")).isPositive();
      assertThat(r.get("probe_http_status_code{step=\"" + step + "\"}")).isEqualTo(200);
    }
  }

  @Test
  void theFirstFailingStepEndsTheCheckAndIsNamed() throws Exception {
    ProbeTest.Result r = ProbeTest.run(String.format(Locale.ROOT, FLOW, base, "intruder"));
    assertThat(r.failure()).isEqualTo("step login: invalid HTTP response status code 403");
    assertThat(r.get("probe_success")).isEqualTo(0);
    assertThat(r.get("probe_step_success{step=\"login\"}")).isEqualTo(0);
    assertThat(r.get("probe_step_success{step=\"order\"}")).isEqualTo(0);
    assertThat(r.values()).doesNotContainKey("probe_http_status_code{step=\"order\"}");

    String noToken = String.format(Locale.ROOT, FLOW, base, "probe").replace("token: /token, ", "");
    r = ProbeTest.run(noToken);
    assertThat(r.failure()).isEqualTo("step order: variable {{token}} has no value yet");

    String badPointer =
        String.format(Locale.ROOT, FLOW, base, "probe").replace("/orders/0/id", "/orders/7/id");
    r = ProbeTest.run(badPointer);
    assertThat(r.failure()).isEqualTo("step login: extract_json order: no value at /orders/7/id");
  }

  @Test
  void badStepDefinitionsAreRefused() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    String[][] rows = {
      {"{name: a, prober: steps, target: 'http://x'}", "needs at least one step"},
      {"{name: a, prober: steps, target: 'http://x', steps: [{name: s}]}", "needs a url"},
      {
        "{name: a, prober: steps, target: 'http://x', steps: [{name: s, url: /, extract: {t: '('}}]}",
        "is not a valid regular expression"
      },
      {
        "{name: a, prober: steps, target: 'http://x', steps: [{name: s, url: /, extract_json: {t:"
            + " token}}]}",
        "must be a JSON Pointer"
      },
      {
        "{name: a, prober: steps, target: 'http://x', steps: [{name: s, url: /}, {name: s, url:"
            + " /}]}",
        "two steps named \"s\""
      },
      {"{name: a, prober: http, target: 'http://x', steps: [{name: s, url: /}]}", "has steps"},
      {"{name: a, prober: http, target: 'http://x', slo_objective: 99.9}", "between 0 and 1"},
    };
    for (String[] row : rows) {
      assertThatThrownBy(() -> yaml.readValue(row[0], ProbeConfig.class))
          .as(row[0])
          .hasStackTraceContaining(row[1]);
    }
  }
}
