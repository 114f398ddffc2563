package dev.vigil.server.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GrafanaImportTest {
  private static final ObjectMapper M = new ObjectMapper();

  /** The shape Grafana 10 exports: rows holding panels, a query variable and a custom one. */
  private static final String GRAFANA =
      """
      {"dashboard": {"title": "Node", "schemaVersion": 38, "refresh": "1m",
       "time": {"from": "now-24h", "to": "now"},
       "templating": {"list": [
         {"name": "instance", "type": "query", "query": {"query": "label_values(node_uname_info, instance)", "refId": "A"}},
         {"name": "interval", "type": "custom", "query": "1m,5m"}]},
       "panels": [
         {"type": "row", "title": "Basics", "collapsed": true, "panels": [
           {"type": "timeseries", "title": "CPU", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
            "fieldConfig": {"defaults": {"unit": "percentunit", "custom": {"stacking": {"mode": "normal"}}}},
            "targets": [{"expr": "rate(node_cpu_seconds_total{instance=\\"$instance\\"}[5m])", "legendFormat": "{{mode}}"},
                        {"expr": "up", "hide": true}]}]},
         {"type": "stat", "title": "Uptime", "gridPos": {"x": 12, "y": 1, "w": 6, "h": 4},
          "targets": [{"expr": "time() - node_boot_time_seconds", "legendFormat": "__auto"}]},
         {"type": "gauge", "title": "Disk", "targets": [{"expr": "1 - node_filesystem_avail_bytes / node_filesystem_size_bytes"}]},
         {"type": "table", "title": "Versions", "targets": [{"expr": "node_uname_info"}]},
         {"type": "text", "title": "Notes"}]}}
      """;

  @Test
  void convertsPanelsVariablesTimeAndRefresh() throws Exception {
    JsonNode in = M.readTree(GRAFANA);
    assertThat(GrafanaImport.isGrafana(in)).isTrue();
    ObjectNode out = GrafanaImport.convert(in);
    assertThat(DashboardJson.check(out)).isEqualTo("Node");
    assertThat(out.path("time").asText()).isEqualTo("24h");
    assertThat(out.path("refresh").asText()).isEqualTo("1m");
    assertThat(out.path("variables")).hasSize(1);
    assertThat(out.path("variables").get(0).path("query").asText())
        .isEqualTo("label_values(node_uname_info, instance)");
    JsonNode panels = out.path("panels");
    assertThat(panels)
        .extracting(p -> p.path("type").asText())
        .containsExactly("timeseries", "stat", "gauge", "table");
    JsonNode cpu = panels.get(0);
    assertThat(cpu.path("targets")).hasSize(1);
    assertThat(cpu.path("targets").get(0).path("legend").asText()).isEqualTo("{{mode}}");
    assertThat(cpu.path("stacked").asBoolean()).isTrue();
    assertThat(cpu.path("unit").asText()).isEqualTo("percentunit");
    assertThat(cpu.path("grid").path("w").asInt()).isEqualTo(12);
    assertThat(panels.get(1).path("targets").get(0).has("legend")).isFalse();
    assertThat(out.path("importNotes").toString()).contains("interval").contains("Notes");
  }

  @Test
  void barHeatmapAndThresholdsComeAlong() throws Exception {
    String grafana =
        """
        {"title": "Latency", "schemaVersion": 39, "panels": [
          {"type": "bargauge", "title": "Disks", "targets": [{"expr": "d"}],
           "fieldConfig": {"defaults": {"unit": "percentunit", "min": 0, "max": 1,
             "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
                                                          {"color": "red", "value": 0.9}]}}}},
          {"type": "heatmap", "title": "Latency", "targets": [{"expr": "sum by (le) (rate(h_bucket[5m]))", "format": "heatmap"}]},
          {"type": "timeseries", "title": "Default thresholds stay hidden", "targets": [{"expr": "x"}],
           "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
                                                                                     {"color": "red", "value": 80}]}}}},
          {"type": "singlestat", "title": "Old", "thresholds": "70,90",
           "colors": ["green", "orange", "red"], "targets": [{"expr": "y"}]}]}
        """;
    ObjectNode out = GrafanaImport.convert(M.readTree(grafana));
    DashboardJson.check(out);
    JsonNode panels = out.path("panels");
    assertThat(panels)
        .extracting(p -> p.path("type").asText())
        .containsExactly("bar", "heatmap", "timeseries", "stat");
    assertThat(panels.get(0).path("thresholds").toString())
        .isEqualTo("[{\"value\":null,\"color\":\"green\"},{\"value\":0.9,\"color\":\"red\"}]");
    assertThat(panels.get(0).path("max").asDouble()).isEqualTo(1.0);
    assertThat(panels.get(2).has("thresholds")).isFalse();
    assertThat(panels.get(3).path("thresholds").toString())
        .isEqualTo(
            "[{\"value\":null,\"color\":\"green\"},{\"value\":70.0,\"color\":\"orange\"},"
                + "{\"value\":90.0,\"color\":\"red\"}]");
  }

  @Test
  void anAllOptionAndItsValueComeAlong() throws Exception {
    String grafana =
        """
        {"title": "Probes", "schemaVersion": 39, "panels": [], "templating": {"list": [
          {"name": "job", "type": "query", "query": {"query": "label_values(up, job)"},
           "includeAll": true, "allValue": ".+"},
          {"name": "instance", "type": "query", "query": "label_values(up, instance)",
           "includeAll": true, "allValue": null},
          {"name": "dc", "type": "query", "query": "label_values(up, dc)", "includeAll": false}]}}
        """;
    ObjectNode out = GrafanaImport.convert(M.readTree(grafana));
    DashboardJson.check(out);
    JsonNode vars = out.path("variables");
    assertThat(vars.get(0).path("includeAll").asBoolean()).isTrue();
    assertThat(vars.get(0).path("allValue").asText()).isEqualTo(".+");
    assertThat(vars.get(1).path("includeAll").asBoolean()).isTrue();
    assertThat(vars.get(1).has("allValue")).isFalse();
    assertThat(vars.get(2).has("includeAll")).isFalse();
    assertThatThrownBy(
            () ->
                DashboardJson.check(
                    M.readTree(
                        "{\"title\": \"x\", \"panels\": [], \"variables\": [{\"name\": \"a\","
                            + " \"query\": \"label_values(a)\", \"includeAll\": \"yes\"}]}")))
        .hasMessageContaining("variables[0].includeAll");
  }

  @Test
  void exportThenImportGivesTheSameDocument() throws Exception {
    for (String id : ShippedDashboards.IDS) {
      ObjectNode doc = ShippedDashboards.load().get(id).orElseThrow();
      ObjectNode grafana = GrafanaExport.convert(doc, id);
      assertThat(grafana.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
      assertThat(GrafanaImport.isGrafana(grafana)).isTrue();
      ObjectNode back = GrafanaImport.convert(M.readTree(M.writeValueAsString(grafana)));
      doc.remove("refresh"); // compared below: Grafana keeps it as is
      assertThat(back.path("refresh").asText()).isEqualTo(grafana.path("refresh").asText());
      back.remove("refresh");
      assertThat(back).as(id).isEqualTo(normalized(doc));
    }
  }

  /** Numbers as Grafana's round trip gives them back (doubles), and no empty optional arrays. */
  private static JsonNode normalized(ObjectNode doc) throws Exception {
    String text = M.writeValueAsString(doc);
    ObjectNode n = (ObjectNode) M.readTree(text);
    for (JsonNode p : n.path("panels")) {
      ObjectNode panel = (ObjectNode) p;
      for (String k : new String[] {"min", "max"}) {
        if (panel.has(k)) {
          panel.put(k, panel.path(k).asDouble());
        }
      }
      if (panel.has("thresholds")) {
        for (JsonNode t : panel.path("thresholds")) {
          if (t.path("value").isNumber()) {
            ((ObjectNode) t).put("value", t.path("value").asDouble());
          }
        }
      }
    }
    return n;
  }

  @Test
  void aVigilDashboardIsNotMistakenForGrafana() throws Exception {
    assertThat(
            GrafanaImport.isGrafana(
                M.readTree("{\"title\":\"x\",\"panels\":[{\"type\":\"stat\",\"targets\":[]}]}")))
        .isFalse();
  }
}
