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

/**
 * Rule files from {@code rule_files} evaluated by the running server: recording rules write series,
 * alerting rules show in {@code /api/v1/alerts} and {@code /api/v1/rules} and write {@code ALERTS};
 * a reload with an invalid rule file is refused with file and line and the old rules keep running
 * with their state.
 */
class RulesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RULES =
      """
      groups:
        - name: rec
          rules:
            - record: vigil:up:count
              expr: count(up)
        - name: alerts
          rules:
            - alert: AlwaysOn
              expr: vector(1)
              labels:
                severity: '{{ if eq $value 1.0 }}page{{ else }}none{{ end }}'
              annotations:
                summary: 'value is {{ $value | humanize }}'
            - alert: Waiting
              expr: vector(2)
              for: 1h
      """;

  private static JsonNode get(VigilProcess v, String path) throws Exception {
    return JSON.readTree(v.get(path).body());
  }

  private static JsonNode await(VigilProcess v, String query) throws Exception {
    String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    JsonNode r = get(v, path).path("data").path("result");
    for (int i = 0; i < 100 && r.isEmpty(); i++) {
      Thread.sleep(100);
      r = get(v, path).path("data").path("result");
    }
    return r;
  }

  /** The alerts of this test's rules (the built-in ones may fire too, e.g. TargetDown). */
  private static JsonNode mine(JsonNode alerts) {
    com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
    for (JsonNode a : alerts) {
      String name = a.path("labels").path("alertname").asText();
      if (name.equals("AlwaysOn") || name.equals("Waiting")) {
        out.add(a);
      }
    }
    return out;
  }

  /** The rule groups of {@code response} read from {@code file} (not the built-in ones). */
  private static JsonNode mineGroups(JsonNode response, String file) {
    com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
    for (JsonNode g : response.path("data").path("groups")) {
      if (g.path("file").asText().equals(file)) {
        out.add(g);
      }
    }
    return out;
  }

  @Test
  void rulesRunAndReloadKeepsStateAndRefusesBadFiles() throws Exception {
    Path dir = Files.createTempDirectory("vigil-rules-it-");
    Path rules = dir.resolve("main.rules.yml");
    Files.writeString(rules, RULES);
    try (VigilProcess vigil =
        VigilProcess.builder()
            .config(
                """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - @DIR@/*.rules.yml
                """
                    .replace("@DIR@", dir.toString()))
            .start()) {
      assertThat(await(vigil, "ALERTS{alertname=\"AlwaysOn\",alertstate=\"firing\"}")).hasSize(1);
      assertThat(await(vigil, "vigil:up:count")).hasSize(1);

      JsonNode alerts = mine(get(vigil, "/api/v1/alerts").path("data").path("alerts"));
      assertThat(alerts).hasSize(2);
      JsonNode on = alerts.get(0);
      assertThat(on.path("labels").path("alertname").asText()).isEqualTo("AlwaysOn");
      assertThat(on.path("labels").path("severity").asText()).isEqualTo("page");
      assertThat(on.path("annotations").path("summary").asText()).isEqualTo("value is 1");
      assertThat(on.path("state").asText()).isEqualTo("firing");
      assertThat(on.path("value").asText()).isEqualTo("1e+00");
      assertThat(on.path("activeAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
      JsonNode waiting = alerts.get(1);
      assertThat(waiting.path("state").asText()).isEqualTo("pending");
      String waitingSince = waiting.path("activeAt").asText();

      JsonNode groups = get(vigil, "/api/v1/rules").path("data").path("groups");
      assertThat(groups.findValuesAsText("name")).contains("rec", "alerts", "vigil-host");
      JsonNode rec = mineGroups(get(vigil, "/api/v1/rules?type=record"), rules.toString());
      assertThat(rec).hasSize(1);
      JsonNode recRule = rec.get(0).path("rules").get(0);
      assertThat(recRule.path("type").asText()).isEqualTo("recording");
      assertThat(recRule.path("health").asText()).isEqualTo("ok");
      assertThat(rec.get(0).path("file").asText()).isEqualTo(rules.toString());
      assertThat(rec.get(0).path("interval").asDouble()).isEqualTo(1.0);
      JsonNode one =
          get(vigil, "/api/v1/rules?type=alert&rule_name[]=Waiting").path("data").path("groups");
      assertThat(one.get(0).path("rules")).hasSize(1);
      assertThat(one.get(0).path("rules").get(0).path("duration").asDouble()).isEqualTo(3600.0);
      assertThat(get(vigil, "/api/v1/rules?type=bogus").path("errorType").asText())
          .isEqualTo("bad_data");
      assertThat(vigil.get("/metrics").body())
          .contains("vigil_rule_evaluations_total{rule_group=\"" + rules + ";alerts\"}");

      // An invalid rule file is refused with its line; the old rules keep running.
      Files.writeString(rules, RULES.replace("expr: count(up)", "expr: count(up"));
      HttpResponse<String> bad = vigil.post("/-/reload", "text/plain", new byte[0]);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains(rules + ": 5:15: group \\\"rec\\\"", "unclosed left parenthesis");
      assertThat(mine(get(vigil, "/api/v1/alerts").path("data").path("alerts"))).hasSize(2);

      // A valid change to one group keeps the state of the others.
      Files.writeString(rules, RULES.replace("count(up)", "count(up) * 2"));
      assertThat(vigil.post("/-/reload", "text/plain", new byte[0]).statusCode()).isEqualTo(200);
      JsonNode after = mine(get(vigil, "/api/v1/alerts").path("data").path("alerts"));
      assertThat(after.get(1).path("activeAt").asText()).isEqualTo(waitingSince);
    }
  }
}
