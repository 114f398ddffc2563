package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.net.URLEncoder;
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

  private static Process startAgent(Path dir, int port) throws Exception {
    List<String> cmd = new ArrayList<>(VigilProcess.javaCommand());
    cmd.addAll(
        List.of(
            "agent",
            "--config=" + dir.resolve("agent.yml"),
            "--remote-write=http://127.0.0.1:" + port + "/api/v1/write",
            "--queue.path=" + dir.resolve("queue"),
            "--remote-write.max-backoff=300"));
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
      try (VigilProcess server = VigilProcess.builder().start()) {
        port = server.port();
        Files.writeString(
            dir.resolve("agent.yml"),
            "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
                + "collectors: {host: {enabled: false}}\n"
                + "probes:\n"
                + "  - {name: loop, prober: tcp, target: '127.0.0.1:"
                + port
                + "', interval: 1s, timeout: 1s}\n");
        agent = startAgent(dir, port);
        awaitSamplesAfter(server, System.currentTimeMillis() + 2000, Duration.ofSeconds(60));
        serverStopped = System.currentTimeMillis();
        assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
        Files.move(server.dir().resolve("data"), keep.resolve("data"));
      }
      Thread.sleep(3000);
      agentKilled = System.currentTimeMillis();
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
      agent = startAgent(dir, port);
      awaitLog(dir.resolve("agent.log"), 2, agent);
      agentStarted = System.currentTimeMillis();
      Thread.sleep(2500);
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
