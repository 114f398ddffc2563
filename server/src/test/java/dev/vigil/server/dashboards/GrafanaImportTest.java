package dev.vigil.server.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

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
  void aVigilDashboardIsNotMistakenForGrafana() throws Exception {
    assertThat(
            GrafanaImport.isGrafana(
                M.readTree("{\"title\":\"x\",\"panels\":[{\"type\":\"stat\",\"targets\":[]}]}")))
        .isFalse();
  }
}
