package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.Peers;
import dev.vigil.server.testing.PrometheusProcess;
import dev.vigil.server.testing.VigilProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus 2.42 delivers its alerts to Vigil's Alertmanager v2 API and {@code amtool}
 * lists them. Prometheus and Vigil evaluate the same rule file, so the same templates are expanded
 * by both: their annotations must be identical.
 */
class AlertmanagerApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RULES =
      """
      groups:
        - name: templates
          rules:
            - alert: Templated
              expr: label_replace(vector(1234567.891), "instance", "web-1:9100", "", "")
              labels:
                severity: '{{ if gt $value 1000.0 }}page{{ else }}ticket{{ end }}'
              annotations:
                numbers: '{{ $value }} {{ $value | humanize }} {{ humanize1024 $value }} {{ humanizeDuration $value }} {{ humanizePercentage 0.01234 }} {{ humanizeDuration 0.0123 }}'
                strings: '{{ $labels.instance | reReplaceAll ":[0-9]+" "" | toUpper }} {{ title "foo bar-baz" }} {{ toLower "ABC" }} {{ printf "%.3f|%5.1f|%d|%q|%v" $value 2.25 7 "x" 0.5 }}'
                control: '{{ if gt $value 1000.0 }}big{{ else }}small{{ end }} {{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} {{ with $labels.none }}x{{ else }}none{{ end }}'
                misc: '{{ humanizeTimestamp 1435065584.128 }} {{ match "^web" $labels.instance }} {{ len $labels }} {{ index $labels "instance" }} {{ stripPort $labels.instance }}'
                query: '{{ with query "vector(42)" }}{{ . | first | value }}{{ end }}'
                trim: ' {{- "a" -}}   {{ "b" }} '
      """;

  @Test
  void prometheusDeliversAlertsAndAmtoolListsThem() throws Exception {
    Path amtool = Peers.require("amtool", "prometheus-alertmanager");
    Path dir = Files.createTempDirectory("vigil-am-it-");
    Path rules = dir.resolve("templates.yml");
    Files.writeString(rules, RULES);
    try (VigilProcess vigil =
            VigilProcess.builder()
                .config(
                    """
                    global:
                      evaluation_interval: 1s
                    rule_files: [@RULES@]
                    rules:
                      builtin: false
                    """
                        .replace("@RULES@", rules.toString()))
                .start();
        PrometheusProcess prom =
            PrometheusProcess.start(
                """
                global:
                  evaluation_interval: 1s
                  external_labels:
                    source: prometheus
                rule_files: [@RULES@]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:@PORT@']
                """
                    .replace("@RULES@", rules.toString())
                    .replace("@PORT@", Integer.toString(vigil.port())),
                // The first send may come before Prometheus has set up its Alertmanager list.
                "--rules.alert.resend-delay=1s")) {
      JsonNode fromProm = null;
      JsonNode fromVigil = null;
      for (int i = 0; i < 300 && (fromProm == null || fromVigil == null); i++) {
        Thread.sleep(100);
        for (JsonNode a : JSON.readTree(vigil.get("/api/v2/alerts").body())) {
          if (a.path("labels").path("source").asText().equals("prometheus")) {
            fromProm = a;
          } else {
            fromVigil = a;
          }
        }
      }
      assertThat(fromProm).as("alert from Prometheus; its log:\n" + prom.log()).isNotNull();
      assertThat(fromVigil).as("alert from Vigil's own rules").isNotNull();
      assertThat(fromProm.path("labels").path("severity").asText()).isEqualTo("page");
      assertThat(fromProm.path("status").path("state").asText()).isEqualTo("active");
      assertThat(fromProm.path("fingerprint").asText()).hasSize(16);
      // Same rule file, same data: every annotation expands to the same text in both.
      assertThat(fromVigil.path("annotations")).isEqualTo(fromProm.path("annotations"));
      assertThat(fromVigil.path("labels").path("severity"))
          .isEqualTo(fromProm.path("labels").path("severity"));

      Process p =
          new ProcessBuilder(
                  amtool.toString(),
                  "alert",
                  "query",
                  "--alertmanager.url=" + vigil.url(),
                  "-o",
                  "extended",
                  "source=prometheus")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("Templated", "source=\"prometheus\"", "severity=\"page\"");

      assertThat(
              JSON.readTree(vigil.get("/api/v2/status").body())
                  .path("cluster")
                  .path("status")
                  .asText())
          .isEqualTo("disabled");
      assertThat(
              vigil
                  .post(
                      "/api/v2/alerts",
                      "application/json",
                      "[{\"labels\":{}}]".getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(400);
    }
  }
}
