package dev.vigil.server.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Converts a Grafana dashboard JSON (as exported by Grafana, or the {@code dashboard} inside an API
 * answer) into Vigil's dashboard document: time series ({@code timeseries}, old {@code graph}),
 * stat ({@code singlestat} too), gauge, bar gauge and bar chart, table and heatmap panels with
 * Prometheus targets, units, min and max, absolute thresholds, panels inside rows (collapsed or
 * not), {@code label_values} query variables, the time range and the refresh. Other panel types are
 * skipped and listed in the result's {@code importNotes}.
 */
public final class GrafanaImport {
  private static final Map<String, String> TYPES =
      Map.of(
          "timeseries", "timeseries",
          "graph", "timeseries",
          "stat", "stat",
          "singlestat", "stat",
          "gauge", "gauge",
          "bargauge", "bar",
          "barchart", "bar",
          "table", "table",
          "heatmap", "heatmap");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private GrafanaImport() {}

  /** True when {@code doc} looks like a Grafana dashboard rather than a Vigil one. */
  public static boolean isGrafana(JsonNode doc) {
    JsonNode d = doc.has("dashboard") ? doc.get("dashboard") : doc;
    return d.has("schemaVersion")
        || d.has("templating")
        || d.path("panels").findValue("gridPos") != null;
  }

  /**
   * Converts; the result still goes through {@link DashboardJson#check}.
   *
   * @throws IllegalArgumentException naming the Grafana field that is unusable
   */
  public static ObjectNode convert(JsonNode doc) {
    JsonNode d = doc.has("dashboard") ? doc.get("dashboard") : doc;
    if (!d.isObject()) {
      throw DashboardJson.bad("dashboard", "must be a JSON object");
    }
    ObjectNode out = F.objectNode();
    String title = d.path("title").asText("");
    out.put("title", title.isBlank() ? "Imported dashboard" : title);
    String from = d.path("time").path("from").asText("");
    if (from.startsWith("now-")) {
      out.put("time", from.substring(4));
    }
    if (d.path("refresh").isTextual() && !d.path("refresh").asText().isEmpty()) {
      out.put("refresh", d.path("refresh").asText());
    }
    ArrayNode notes = F.arrayNode();
    ArrayNode vars = out.putArray("variables");
    JsonNode list = d.path("templating").path("list");
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      JsonNode q = v.path("query");
      String query = q.isObject() ? q.path("query").asText("") : q.asText("");
      if (!"query".equals(v.path("type").asText()) || !query.trim().startsWith("label_values(")) {
        notes.add(
            "variable "
                + v.path("name").asText("#" + i)
                + " skipped: only label_values() queries are imported");
        continue;
      }
      ObjectNode nv = vars.addObject();
      nv.put("name", v.path("name").asText());
      nv.put("query", query.trim());
      if (v.path("includeAll").asBoolean(false)) {
        nv.put("includeAll", true);
        if (v.hasNonNull("allValue") && !v.path("allValue").asText().isEmpty()) {
          nv.put("allValue", v.path("allValue").asText());
        }
      }
    }
    ArrayNode panels = out.putArray("panels");
    addPanels(d.path("panels"), "panels", panels, notes);
    JsonNode rows = d.path("rows"); // schema versions before 16
    for (int i = 0; i < rows.size(); i++) {
      addPanels(rows.get(i).path("panels"), "rows[" + i + "].panels", panels, notes);
    }
    if (!notes.isEmpty()) {
      out.set("importNotes", notes);
    }
    return out;
  }

  private static void addPanels(JsonNode in, String at, ArrayNode out, ArrayNode notes) {
    if (!in.isMissingNode() && !in.isArray()) {
      throw DashboardJson.bad(at, "must be an array");
    }
    for (int i = 0; i < in.size(); i++) {
      JsonNode p = in.get(i);
      String type = p.path("type").asText("");
      if (type.equals("row")) {
        addPanels(p.path("panels"), at + "[" + i + "].panels", out, notes);
        continue;
      }
      String vigilType = TYPES.get(type);
      if (vigilType == null) {
        notes.add(
            "panel \""
                + p.path("title").asText()
                + "\" skipped: type "
                + type
                + " is not imported");
        continue;
      }
      ObjectNode np = out.addObject();
      np.put("title", p.path("title").asText(""));
      np.put("type", vigilType);
      String unit = p.path("fieldConfig").path("defaults").path("unit").asText("");
      if (!unit.isEmpty()) {
        np.put("unit", unit);
      }
      String stacking =
          p.path("fieldConfig")
              .path("defaults")
              .path("custom")
              .path("stacking")
              .path("mode")
              .asText("");
      if (p.path("stack").asBoolean(false) || stacking.equals("normal")) {
        np.put("stacked", true);
      }
      JsonNode defaults = p.path("fieldConfig").path("defaults");
      for (String k : new String[] {"min", "max"}) {
        if (defaults.path(k).isNumber()) {
          np.put(k, defaults.path(k).asDouble());
        }
      }
      ArrayNode steps = thresholds(p, defaults, vigilType);
      if (steps != null) {
        np.set("thresholds", steps);
      } else if (defaults.path("thresholds").path("mode").asText("").equals("percentage")) {
        notes.add(
            "panel \"" + p.path("title").asText() + "\": percentage thresholds are not imported");
      }
      JsonNode g = p.path("gridPos");
      if (g.isObject()) {
        ObjectNode ng = np.putObject("grid");
        for (String k : new String[] {"x", "y", "w", "h"}) {
          ng.put(k, Math.max(0, Math.min(200, g.path(k).asInt(0))));
        }
      }
      ArrayNode targets = np.putArray("targets");
      JsonNode ts = p.path("targets");
      for (int j = 0; j < ts.size(); j++) {
        JsonNode t = ts.get(j);
        if (t.path("hide").asBoolean(false) || !t.path("expr").isTextual()) {
          continue;
        }
        ObjectNode nt = targets.addObject();
        nt.put("expr", t.path("expr").asText());
        String legend = t.path("legendFormat").asText("");
        if (!legend.isEmpty() && !legend.equals("__auto")) {
          nt.put("legend", legend);
        }
      }
    }
  }

  /**
   * Absolute thresholds as Vigil's steps, or null. Time series keep them only when Grafana draws
   * them ({@code custom.thresholdsStyle.mode} other than off): every new Grafana panel carries a
   * default red step at 80 that it does not show. Old singlestat panels give "70,90" and three
   * colours.
   */
  private static ArrayNode thresholds(JsonNode p, JsonNode defaults, String vigilType) {
    JsonNode t = defaults.path("thresholds");
    if (t.path("steps").isArray() && !t.path("mode").asText("absolute").equals("percentage")) {
      String style = defaults.path("custom").path("thresholdsStyle").path("mode").asText("off");
      if (vigilType.equals("timeseries") && style.equals("off")) {
        return null;
      }
      ArrayNode out = F.arrayNode();
      for (JsonNode step : t.path("steps")) {
        ObjectNode o = out.addObject();
        if (out.size() > 1 && step.path("value").isNumber()) {
          o.put("value", step.path("value").asDouble());
        } else {
          o.putNull("value");
        }
        o.put("color", step.path("color").asText("green"));
      }
      return out.isEmpty() ? null : out;
    }
    if (p.path("thresholds").isTextual() && p.path("colors").isArray()) {
      String[] values = p.path("thresholds").asText().split(",", -1);
      JsonNode colors = p.path("colors");
      ArrayNode out = F.arrayNode();
      out.addObject().putNull("value").put("color", colors.path(0).asText("green"));
      for (int i = 0; i < values.length && i + 1 < colors.size(); i++) {
        try {
          double v = Double.parseDouble(values[i].trim());
          out.addObject().put("value", v).put("color", colors.path(i + 1).asText());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return out.size() > 1 ? out : null;
    }
    return null;
  }
}
