package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.SuppressForbidden;
import dev.vigil.server.testing.Peers;
import dev.vigil.server.testing.VigilProcess;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The notifier end to end: alerts posted as Prometheus posts them reach a real webhook receiver
 * after {@code group_wait}; amtool reads alerts, routes and route tests from Vigil; restarting
 * Vigil in the middle of {@code group_wait} loses nothing, and restarting it in the middle of
 * {@code repeat_interval} repeats nothing (the notification log is in the metadata store);
 * inhibition rules keep target alerts out of notifications.
 */
@SuppressForbidden(reason = "the JDK's own HTTP server (jdk.httpserver) is the webhook receiver")
class NotifierIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void notifiesAcrossRestartsWithoutLossOrRepeat() throws Exception {
    Path amtool = Peers.require("amtool", "prometheus-alertmanager");
    BlockingQueue<JsonNode> pager = new LinkedBlockingQueue<>();
    HttpServer hook = webhookReceiver("/pager", pager);
    String config =
        """
        rules: {builtin: false}
        alertmanager:
          route:
            receiver: team
            group_by: [alertname]
            group_wait: 3s
            group_interval: 1s
            repeat_interval: 1h
            routes:
              - matchers: ['severity="page"']
                receiver: pager
          receivers:
            - name: team
            - name: pager
              webhook_configs:
                - url: http://127.0.0.1:PORT/pager
                  send_resolved: false
        """
            .replace("PORT", Integer.toString(hook.getAddress().getPort()));
    String alert;
    try {
      Path data;
      try (VigilProcess vigil = VigilProcess.builder().config(config).start()) {
        data = vigil.dir().resolve("data");
        // Started now, not before the server came up: an alert older than group_wait is
        // notified at once (as after a restart), which a slow start would otherwise cause.
        Instant start = Instant.now();
        alert =
            "[{\"labels\":{\"alertname\":\"DiskFull\",\"severity\":\"page\",\"instance\":\"db-1\"},"
                + "\"startsAt\":\""
                + start
                + "\",\"endsAt\":\""
                + start.plusSeconds(600)
                + "\"}]";
        post(vigil, alert);
        Thread.sleep(500);
        vigil.terminate(Duration.ofSeconds(20)); // in the middle of group_wait
      }
      assertThat(pager).isEmpty();

      try (VigilProcess vigil = VigilProcess.builder().config(config).data(data).start()) {
        post(vigil, alert); // the sender re-sends, as Prometheus does every minute
        JsonNode n = pager.poll(15, TimeUnit.SECONDS);
        assertThat(n).as(vigil.output()).isNotNull();
        assertThat(n.path("receiver").asText()).isEqualTo("pager");
        assertThat(n.path("groupKey").asText())
            .isEqualTo("{}/{severity=\"page\"}:{alertname=\"DiskFull\"}");
        assertThat(n.path("alerts").get(0).path("labels").path("instance").asText())
            .isEqualTo("db-1");

        assertThat(amtool(amtool, vigil, "alert", "query")).contains("DiskFull");
        assertThat(amtool(amtool, vigil, "config", "routes")).contains("pager", "team");
        assertThat(amtool(amtool, vigil, "config", "routes", "test", "severity=page"))
            .contains("pager");
        assertThat(amtool(amtool, vigil, "config", "routes", "test", "severity=info"))
            .contains("team");
        JsonNode groups = JSON.readTree(vigil.get("/api/v2/alerts/groups").body());
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("receiver").path("name").asText()).isEqualTo("pager");
        assertThat(vigil.get("/api/v2/receivers").body())
            .isEqualTo("[{\"name\":\"team\"},{\"name\":\"pager\"}]");
        assertThat(
                JSON.readTree(vigil.get("/api/v2/status").body())
                    .path("config")
                    .path("original")
                    .asText())
            .contains("/pager")
            .contains("severity=\"page\"");
        // Every attempt is counted once; one that failed (a slow receiver on a loaded machine
        // misses the group_interval deadline) is retried and counted as failed too.
        String metrics = vigil.get("/metrics").body();
        assertThat(counter(metrics, "alertmanager_notifications_total{integration=\"webhook\"}"))
            .isEqualTo(
                1
                    + counter(
                        metrics,
                        "alertmanager_notifications_failed_total{integration=\"webhook\"}"));
        vigil.terminate(Duration.ofSeconds(20)); // in the middle of repeat_interval
      }

      try (VigilProcess vigil = VigilProcess.builder().config(config).data(data).start()) {
        post(vigil, alert);
        assertThat(pager.poll(5, TimeUnit.SECONDS)).as("repeated after restart").isNull();
        assertThat(JSON.readTree(vigil.get("/api/v2/alerts/groups").body())).hasSize(1);
      }
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void inhibitedAlertsAreNotNotifiedAndShowWhatInhibitsThem() throws Exception {
    BlockingQueue<JsonNode> hooked = new LinkedBlockingQueue<>();
    HttpServer hook = webhookReceiver("/hook", hooked);
    String config =
        """
        rules: {builtin: false}
        alertmanager:
          route:
            receiver: hook
            group_by: [alertname]
            group_wait: 1s
            group_interval: 1s
          receivers:
            - name: hook
              webhook_configs: [{url: 'http://127.0.0.1:PORT/hook'}]
          inhibit_rules:
            - source_matchers: [severity="critical"]
              target_matchers: [severity="warning"]
              equal: [cluster]
        """
            .replace("PORT", Integer.toString(hook.getAddress().getPort()));
    String now = Instant.now().toString();
    String later = Instant.now().plusSeconds(600).toString();
    String alerts =
        "[{\"labels\":{\"alertname\":\"ClusterDown\",\"severity\":\"critical\","
            + "\"cluster\":\"a\"},\"startsAt\":\"NOW\",\"endsAt\":\"LATER\"},"
            + "{\"labels\":{\"alertname\":\"SlowRequests\",\"severity\":\"warning\","
            + "\"cluster\":\"a\"},\"startsAt\":\"NOW\",\"endsAt\":\"LATER\"},"
            + "{\"labels\":{\"alertname\":\"SlowRequests\",\"severity\":\"warning\","
            + "\"cluster\":\"b\"},\"startsAt\":\"NOW\",\"endsAt\":\"LATER\"}]";
    try (VigilProcess vigil = VigilProcess.builder().config(config).start()) {
      post(vigil, alerts.replace("NOW", now).replace("LATER", later));
      List<JsonNode> got = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        JsonNode n = hooked.poll(30, TimeUnit.SECONDS);
        assertThat(n).as(vigil.output()).isNotNull();
        got.add(n);
      }
      JsonNode slow =
          got.stream()
              .filter(n -> n.path("groupLabels").path("alertname").asText().equals("SlowRequests"))
              .findFirst()
              .orElseThrow();
      assertThat(slow.path("alerts")).hasSize(1);
      assertThat(slow.path("alerts").get(0).path("labels").path("cluster").asText()).isEqualTo("b");

      String criticalFp = null;
      JsonNode inhibited = null;
      for (JsonNode a : JSON.readTree(vigil.get("/api/v2/alerts").body())) {
        JsonNode l = a.path("labels");
        if (l.path("severity").asText().equals("critical")) {
          criticalFp = a.path("fingerprint").asText();
        } else if (l.path("cluster").asText().equals("a")) {
          inhibited = a;
        }
      }
      assertThat(inhibited).isNotNull();
      assertThat(inhibited.path("status").path("state").asText()).isEqualTo("suppressed");
      assertThat(inhibited.path("status").path("inhibitedBy").get(0).asText())
          .isEqualTo(criticalFp);
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void actionsFromVigilYmlRunForFiringAlertsWithAlertDataOutsideTheCommandLine() throws Exception {
    BlockingQueue<JsonNode> called = new LinkedBlockingQueue<>();
    HttpServer hook = webhookReceiver("/scale", called);
    Path dir = java.nio.file.Files.createTempDirectory("vigil-actions");
    Path out = dir.resolve("stdin.json");
    Path pwned = dir.resolve("pwned");
    // The command is fixed; the alert's labels reach it only on stdin and in the environment.
    String config =
        """
        rules: {builtin: false}
        actions:
          restart-web:
            type: exec
            command: [/bin/sh, -c, 'cat > "$0"; printf %s "$VIGIL_LABEL_INSTANCE" > "$0.instance"', OUT]
            timeout: 10s
          scale:
            type: http
            url: http://127.0.0.1:PORT/scale
            headers: {Authorization: Bearer s3cret}
        alertmanager:
          route:
            receiver: fix
            group_by: [alertname]
            group_wait: 1s
            group_interval: 1s
          receivers:
            - name: fix
              action_configs: [{action: restart-web}, {action: scale}]
        """
            .replace("PORT", Integer.toString(hook.getAddress().getPort()))
            .replace("OUT", out.toString());
    String instance = "web-1; touch " + pwned + " $(touch " + pwned + ")";
    String alert =
        "[{\"labels\":{\"alertname\":\"WebDown\",\"instance\":"
            + JSON.writeValueAsString(instance)
            + "},\"startsAt\":\""
            + Instant.now()
            + "\"}]";
    try (VigilProcess vigil = VigilProcess.builder().config(config).start()) {
      assertThat(vigil.get("/api/v1/status/config").body())
          .doesNotContain("s3cret")
          .contains("restart-web");
      post(vigil, alert);
      JsonNode scaled = called.poll(30, TimeUnit.SECONDS);
      assertThat(scaled).as(vigil.output()).isNotNull();
      assertThat(scaled.path("receiver").asText()).isEqualTo("fix");
      assertThat(scaled.path("commonLabels").path("alertname").asText()).isEqualTo("WebDown");

      JsonNode runs = JSON.createArrayNode();
      for (int i = 0; i < 100 && runs.size() < 2; i++) {
        runs = JSON.readTree(vigil.get("/api/vigil/v1/actions/runs").body()).path("data");
        Thread.sleep(100);
      }
      assertThat(runs).as(vigil.output()).hasSize(2);
      for (JsonNode r : runs) {
        assertThat(r.path("result").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.path("receiver").asText()).isEqualTo("fix");
        assertThat(r.path("alerts").asInt()).isEqualTo(1);
      }
      JsonNode stdin = JSON.readTree(java.nio.file.Files.readString(out));
      assertThat(stdin.path("commonLabels").path("instance").asText()).isEqualTo(instance);
      assertThat(java.nio.file.Files.readString(dir.resolve("stdin.json.instance")))
          .isEqualTo(instance);
      assertThat(pwned).doesNotExist();

      // A reload that names an undefined action is refused; the running actions stay.
      java.nio.file.Files.writeString(
          vigil.dir().resolve("vigil.yml"), config.replace("{action: scale}", "{action: reboot}"));
      assertThat(vigil.post("/-/reload", "text/plain", new byte[0]).statusCode()).isNotEqualTo(200);
      assertThat(vigil.get("/metrics").body()).contains("vigil_config_last_reload_successful 0");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void acknowledgedGroupsAreNotRepeatedUntilResolvedAndFiringAgainIsNotified() throws Exception {
    BlockingQueue<JsonNode> hooked = new LinkedBlockingQueue<>();
    HttpServer hook = webhookReceiver("/hook", hooked);
    String config =
        """
        rules: {builtin: false}
        alertmanager:
          route:
            receiver: hook
            group_by: [alertname]
            group_wait: 1s
            group_interval: 500ms
            repeat_interval: 2s
          receivers:
            - name: hook
              webhook_configs: [{url: 'http://127.0.0.1:PORT/hook'}]
        """
            .replace("PORT", Integer.toString(hook.getAddress().getPort()));
    Instant start = Instant.now();
    String disk =
        "{\"labels\":{\"alertname\":\"Disk\",\"instance\":\"db-1\"},\"startsAt\":\"START\","
            + "\"endsAt\":\"END\"}";
    String load =
        "{\"labels\":{\"alertname\":\"Load\",\"instance\":\"db-1\"},\"startsAt\":\""
            + start
            + "\",\"endsAt\":\""
            + start.plusSeconds(600)
            + "\"}";
    try (VigilProcess vigil = VigilProcess.builder().config(config).start()) {
      post(
          vigil,
          "["
              + disk.replace("START", start.toString())
                  .replace("END", start.plusSeconds(600).toString())
              + ","
              + load
              + "]");
      assertThat(next(hooked, "Disk", 15).path("status").asText()).isEqualTo("firing");
      String fp = null;
      for (JsonNode a : JSON.readTree(vigil.get("/api/v2/alerts").body())) {
        if (a.path("labels").path("alertname").asText().equals("Disk")) {
          fp = a.path("fingerprint").asText();
        }
      }
      var ack =
          vigil.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(vigil.url() + "/api/vigil/v1/alerts/" + fp + "/ack"))
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"by\":\"alice\",\"duration\":\"1h\"}")));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      hooked.clear();
      // Two repeat intervals: the unacknowledged group is repeated, the acknowledged one is not.
      List<String> seen = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4500);
      for (JsonNode n;
          (n = hooked.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
        seen.add(n.path("groupLabels").path("alertname").asText());
      }
      assertThat(seen).as(vigil.output()).contains("Load").doesNotContain("Disk");

      // Resolved: the receiver hears it; firing again later is a new notification.
      post(
          vigil,
          "["
              + disk.replace("START", start.toString()).replace("END", Instant.now().toString())
              + "]");
      assertThat(next(hooked, "Disk", 10).path("status").asText()).isEqualTo("resolved");
      Instant again = Instant.now();
      post(
          vigil,
          "["
              + disk.replace("START", again.toString())
                  .replace("END", again.plusSeconds(600).toString())
              + "]");
      assertThat(next(hooked, "Disk", 10).path("status").asText()).isEqualTo("firing");
      // The resolution ended the acknowledgement: repeats come again.
      assertThat(next(hooked, "Disk", 6).path("status").asText()).isEqualTo("firing");
    } finally {
      hook.stop(0);
    }
  }

  /**
   * The next notification of the group {@code alertname} within {@code seconds}, others skipped.
   */
  private static JsonNode next(BlockingQueue<JsonNode> from, String alertname, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (JsonNode n; (n = from.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (n.path("groupLabels").path("alertname").asText().equals(alertname)) {
        return n;
      }
    }
    throw new AssertionError("no notification for " + alertname + " within " + seconds + " s");
  }

  /**
   * A started webhook receiver on a free loopback port; each payload it gets goes to {@code into}.
   */
  private static HttpServer webhookReceiver(String path, BlockingQueue<JsonNode> into)
      throws java.io.IOException {
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    hook.createContext(
        path,
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            into.add(JSON.readTree(in));
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    hook.start();
    return hook;
  }

  /** The value of one series in a /metrics text; 0 when absent. */
  private static double counter(String metrics, String series) {
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  private static void post(VigilProcess vigil, String body) {
    assertThat(
            vigil
                .post("/api/v2/alerts", "application/json", body.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(200);
  }

  private static String amtool(Path amtool, VigilProcess vigil, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(amtool.toString()));
    cmd.addAll(List.of(args));
    cmd.add("--alertmanager.url=" + vigil.url());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
