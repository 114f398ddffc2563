package dev.vigil.server.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Writes a Vigil dashboard document as a Grafana dashboard JSON in the form Grafana's "Export for
 * sharing externally" produces: the Prometheus data source is an input ({@code ${DS_PROMETHEUS}})
 * that Grafana asks for on import. {@link GrafanaImport#convert} reads the result back into the
 * same document.
 */
public final class GrafanaExport {
  private static final Map<String, String> TYPES =
      Map.of(
          "timeseries", "timeseries",
          "stat", "stat",
          "gauge", "gauge",
          "bar", "bargauge",
          "table", "table",
          "heatmap", "heatmap");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String DS = "${DS_PROMETHEUS}";

  private GrafanaExport() {}

  /** The Grafana dashboard for a document that {@link DashboardJson#check} accepts. */
  public static ObjectNode convert(JsonNode doc, String uid) {
    ObjectNode out = F.objectNode();
    ObjectNode input = out.putArray("__inputs").addObject();
    input.put("name", "DS_PROMETHEUS");
    input.put("label", "Prometheus");
    input.put("type", "datasource");
    input.put("pluginId", "prometheus");
    input.put("pluginName", "Prometheus");
    out.put("uid", uid);
    out.put("title", doc.path("title").asText());
    out.put("schemaVersion", 39);
    out.put("editable", true);
    out.putArray("tags").add("vigil");
    ObjectNode time = out.putObject("time");
    time.put("from", "now-" + doc.path("time").asText("1h"));
    time.put("to", "now");
    out.put("refresh", doc.path("refresh").asText(""));
    ArrayNode vars = out.putObject("templating").putArray("list");
    for (JsonNode v : doc.path("variables")) {
      ObjectNode gv = vars.addObject();
      gv.put("name", v.path("name").asText());
      gv.put("type", "query");
      gv.set("datasource", datasource());
      String query = v.path("query").asText();
      gv.put("definition", query);
      ObjectNode q = gv.putObject("query");
      q.put("query", query);
      q.put("refId", "PrometheusVariableQueryEditor-VariableQuery");
      gv.put("refresh", 1);
      gv.put("sort", 1);
      if (v.path("includeAll").asBoolean(false)) {
        // Without an allValue Grafana's "All" is every value as a regex alternation: the same set.
        gv.put("includeAll", true);
        if (v.hasNonNull("allValue")) {
          gv.put("allValue", v.path("allValue").asText());
        }
      }
    }
    ArrayNode panels = out.putArray("panels");
    int id = 1;
    for (JsonNode p : doc.path("panels")) {
      panels.add(panel(p, id++));
    }
    return out;
  }

  private static ObjectNode panel(JsonNode p, int id) {
    String type = p.path("type").asText();
    ObjectNode gp = F.objectNode();
    gp.put("id", id);
    gp.put("type", TYPES.getOrDefault(type, "timeseries"));
    gp.put("title", p.path("title").asText(""));
    gp.set("datasource", datasource());
    JsonNode grid = p.path("grid");
    if (grid.isObject()) {
      ObjectNode pos = gp.putObject("gridPos");
      for (String k : new String[] {"x", "y", "w", "h"}) {
        pos.put(k, grid.path(k).asInt(k.equals("w") ? 12 : k.equals("h") ? 8 : 0));
      }
    }
    ObjectNode fieldConfig = gp.putObject("fieldConfig");
    ObjectNode defaults = fieldConfig.putObject("defaults");
    fieldConfig.putArray("overrides");
    ObjectNode custom = defaults.putObject("custom");
    if (p.hasNonNull("unit")) {
      defaults.put("unit", p.path("unit").asText());
    }
    for (String k : new String[] {"min", "max"}) {
      if (p.path(k).isNumber()) {
        defaults.put(k, p.path(k).asDouble());
      }
    }
    if (p.path("stacked").asBoolean(false)) {
      custom.putObject("stacking").put("mode", "normal").put("group", "A");
      custom.put("fillOpacity", 35);
    }
    if (p.path("thresholds").isArray()) {
      ObjectNode th = defaults.putObject("thresholds");
      th.put("mode", "absolute");
      th.set("steps", p.path("thresholds").deepCopy());
      if (type.equals("timeseries")) {
        custom.putObject("thresholdsStyle").put("mode", "dashed");
      }
    }
    ArrayNode targets = gp.putArray("targets");
    boolean instant = !type.equals("timeseries") && !type.equals("heatmap");
    char ref = 'A';
    for (JsonNode t : p.path("targets")) {
      ObjectNode gt = targets.addObject();
      gt.put("refId", String.valueOf(ref++));
      gt.set("datasource", datasource());
      gt.put("expr", t.path("expr").asText());
      if (t.hasNonNull("legend")) {
        gt.put("legendFormat", t.path("legend").asText());
      }
      gt.put("range", !instant);
      gt.put("instant", instant);
      if (type.equals("heatmap")) {
        gt.put("format", "heatmap");
      } else if (type.equals("table")) {
        gt.put("format", "table");
      }
    }
    if (type.equals("heatmap")) {
      ObjectNode options = gp.putObject("options");
      options.putObject("calculate").put("enabled", false);
      options.putObject("yAxis").put("unit", p.path("unit").asText(""));
    }
    return gp;
  }

  private static ObjectNode datasource() {
    ObjectNode ds = F.objectNode();
    ds.put("type", "prometheus");
    ds.put("uid", DS);
    return ds;
  }
}
