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
import org.junit.jupiter.api.Test;

/** Scraping as configured in vigil.yml, including Vigil's default scrape of itself. */
class ScrapeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode query(VigilProcess v, String q) throws Exception {
    return JSON.readTree(
        v.get("/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body());
  }

  private static JsonNode awaitResult(VigilProcess v, String q) throws Exception {
    JsonNode r = query(v, q);
    for (int i = 0; i < 100 && r.path("data").path("result").isEmpty(); i++) {
      Thread.sleep(100);
      r = query(v, q);
    }
    return r.path("data").path("result");
  }

  @Test
  void vigilScrapesItselfAndConfiguredJobsAndReloadsThem() throws Exception {
    try (VigilProcess vigil =
        VigilProcess.builder()
            .config(
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 500ms
                scrape_configs:
                  - job_name: unreachable
                    static_configs:
                      - targets: ['127.0.0.1:1']
                """)
            .start()) {
      // "== 1": on a loaded machine the first self-scrape may miss its 500 ms timeout
      JsonNode self = awaitResult(vigil, "up{job=\"vigil\"} == 1");
      assertThat(self).hasSize(1);
      assertThat(self.get(0).path("value").get(1).asText()).isEqualTo("1");
      assertThat(awaitResult(vigil, "process_cpu_seconds_total{job=\"vigil\"}")).hasSize(1);

      JsonNode down = awaitResult(vigil, "up{job=\"unreachable\"}");
      assertThat(down.get(0).path("value").get(1).asText()).isEqualTo("0");

      // The host collector is on by default: job "node", listed as a target, node_exporter names.
      assertThat(awaitResult(vigil, "node_cpu_seconds_total{job=\"node\",mode=\"idle\"}"))
          .isNotEmpty();
      assertThat(awaitResult(vigil, "up{job=\"node\"} == 1")).hasSize(1);

      JsonNode targets = JSON.readTree(vigil.get("/api/v1/targets").body()).path("data");
      assertThat(targets.path("activeTargets")).hasSize(3);
      assertThat(targets.path("activeTargets").findValuesAsText("scrapePool"))
          .containsExactly("vigil", "unreachable", "node");
      JsonNode unreachable = null;
      for (JsonNode t : targets.path("activeTargets")) {
        if (t.path("scrapePool").asText().equals("unreachable")) {
          unreachable = t;
        }
      }
      assertThat(unreachable).isNotNull();
      for (int i = 0; i < 50 && !unreachable.path("health").asText().equals("down"); i++) {
        Thread.sleep(100);
        for (JsonNode t :
            JSON.readTree(vigil.get("/api/v1/targets?scrapePool=unreachable").body())
                .path("data")
                .path("activeTargets")) {
          unreachable = t;
        }
      }
      assertThat(unreachable.path("health").asText()).isEqualTo("down");
      assertThat(unreachable.path("lastError").asText()).isNotEmpty();

      // A reload with a broken job is refused and the running jobs stay.
      Path cfg = vigil.dir().resolve("vigil.yml");
      Files.writeString(
          cfg,
          """
          scrape_configs:
            - job_name: broken
              scrape_interval: 1s
              scrape_timeout: 5s
              static_configs:
                - targets: ['127.0.0.1:1']
          """);
      HttpResponse<String> bad = vigil.post("/-/reload", "text/plain", new byte[0]);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("broken").contains("scrape_timeout");
      assertThat(
              JSON.readTree(vigil.get("/api/v1/targets").body()).path("data").path("activeTargets"))
          .hasSize(3);

      // A valid reload drops the unreachable job; Vigil keeps scraping itself.
      Files.writeString(cfg, "global:\n  scrape_interval: 1s\n");
      assertThat(vigil.post("/-/reload", "text/plain", new byte[0]).statusCode()).isEqualTo(200);
      JsonNode after =
          JSON.readTree(vigil.get("/api/v1/targets").body()).path("data").path("activeTargets");
      assertThat(after.findValuesAsText("scrapePool")).containsExactly("vigil", "node");
    }
  }
}
