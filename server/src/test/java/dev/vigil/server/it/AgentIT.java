package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil agent} and {@code vigil server} as two processes: the agent probes every second and
 * remote-writes to the server; the server is stopped, the agent keeps collecting into its disk
 * queue, is killed with SIGKILL and started again, and the server comes back on the same port and
 * data. Every second of the outage must arrive, except the seconds the agent itself was down.
 */
class AgentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Starts an agent with {@code args} after {@code agent --config=DIR/agent.yml}. */
  private static Process startAgent(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(VigilProcess.javaCommand());
    cmd.addAll(List.of("agent", "--config=" + dir.resolve("agent.yml")));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()))
        .start();
  }

  /** Timestamps (ms) of the samples of {@code probe_success{job="loop"}} stored by {@code v}. */
  private static List<Long> stored(VigilProcess v) throws Exception {
    HttpResponse<String> r =
        v.get(
            "/api/v1/query?query="
                + URLEncoder.encode("probe_success{job=\"loop\"}[10m]", StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Long> ts = new ArrayList<>();
    for (JsonNode series : JSON.readTree(r.body()).path("data").path("result")) {
      for (JsonNode p : series.path("values")) {
        ts.add(Math.round(p.get(0).asDouble() * 1000));
      }
    }
    return ts;
  }

  /** Waits until the agent log says "agent forwarding" {@code times} times (one per start). */
  private static void awaitLog(Path log, int times, Process agent) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && agent.isAlive()) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.split("agent forwarding to", -1).length - 1 >= times) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the agent did not start:\n" + Files.readString(log));
  }

  /** A value from the agent's own {@code /metrics} page. */
  private static double agentMetric(int port, String name) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    for (String line : r.body().lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError(name + " not on the agent's /metrics:\n" + r.body());
  }

  private static void awaitSamplesAfter(VigilProcess v, long t, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> ts = stored(v);
      if (!ts.isEmpty() && ts.get(ts.size() - 1) > t) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no sample after " + t + " within " + within);
  }

  @Test
  void anOutageOfTheServerAndAKilledAgentLoseNothingTheAgentCollected() throws Exception {
    Path dir = Files.createTempDirectory("vigil-agent-it-");
    Path keep = Files.createTempDirectory("vigil-agent-it-data-");
    Process agent = null;
    try {
      int port;
      long serverStopped;
      long agentKilled;
      long agentStarted;
      long serverStarted;
      // the agent starts first and queues while the server's JVM starts (and saves its wait)
      port = VigilProcess.freePort();
      Files.writeString(
          dir.resolve("agent.yml"),
          "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
              + "collectors: {host: {enabled: false}}\n"
              + "probes:\n"
              + "  - {name: loop, prober: tcp, target: '127.0.0.1:"
              + port
              + "', interval: 1s, timeout: 1s}\n");
      // the first run takes the receiver from flags ...
      agent =
          startAgent(
              dir,
              "--remote-write=http://127.0.0.1:" + port + "/api/v1/write",
              "--queue.path=" + dir.resolve("queue"),
              "--remote-write.max-backoff=300");
      try (VigilProcess server = VigilProcess.builder().port(port).start()) {
        awaitSamplesAfter(server, System.currentTimeMillis() + 1000, Duration.ofSeconds(60));
        serverStopped = System.currentTimeMillis();
        assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
        Files.move(server.dir().resolve("data"), keep.resolve("data"));
      }
      Thread.sleep(2000);
      agentKilled = System.currentTimeMillis();
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
      // ... the second from the configuration's remote_write entry, with its metrics port
      Files.writeString(
          dir.resolve("agent.yml"),
          Files.readString(dir.resolve("agent.yml"))
              + "remote_write:\n"
              + "  - url: http://127.0.0.1:"
              + port
              + "/api/v1/write\n"
              + "    basic_auth: {username: agent, password: secret}\n"
              + "    queue_config: {max_backoff: 300ms, path: queue}\n");
      int metricsPort = VigilProcess.freePort();
      agent = startAgent(dir, "--listen=127.0.0.1:" + metricsPort);
      awaitLog(dir.resolve("agent.log"), 2, agent);
      agentStarted = System.currentTimeMillis();
      Thread.sleep(1500);
      assertThat(agentMetric(metricsPort, "vigil_agent_queue_pending_bytes")).isPositive();
      assertThat(agentMetric(metricsPort, "vigil_agent_requests_failed_total")).isPositive();
      serverStarted = System.currentTimeMillis();
      try (VigilProcess server =
          VigilProcess.builder().port(port).data(keep.resolve("data")).start()) {
        awaitSamplesAfter(server, System.currentTimeMillis() + 1000, Duration.ofSeconds(60));
        List<Long> ts = stored(server);
        assertThat(ts).isSorted();
        // collected while the server was down, before and after the agent's restart
        assertThat(ts).anyMatch(t -> t > serverStopped + 500 && t < agentKilled - 500);
        assertThat(ts).anyMatch(t -> t > agentStarted && t < serverStarted);
        // one sample a second throughout, except the gap while the agent itself was down
        for (int i = 1; i < ts.size(); i++) {
          long gap = ts.get(i) - ts.get(i - 1);
          boolean agentDown = ts.get(i - 1) <= agentKilled && ts.get(i) > agentKilled;
          if (!agentDown) {
            assertThat(gap)
                .as(
                    "gap before %d (server stopped %d, started %d)",
                    ts.get(i), serverStopped, serverStarted)
                .isLessThanOrEqualTo(2500);
          }
        }
        // the backlog is gone and counted as sent on the agent's own metrics page
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (agentMetric(metricsPort, "vigil_agent_queue_pending_bytes") > 4096
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(agentMetric(metricsPort, "vigil_agent_samples_sent_total")).isPositive();
        HttpResponse<String> dropped =
            server.get("/api/v1/query?query=vigil_agent_queue_dropped_samples_total");
        assertThat(dropped.body()).contains("vigil_agent_queue_dropped_samples_total");
      }
    } finally {
      if (agent != null) {
        agent.destroy();
        agent.waitFor(10, TimeUnit.SECONDS);
      }
      for (Path root : List.of(dir, keep)) {
        try (var files = Files.walk(root)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
