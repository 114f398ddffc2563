package dev.vigil.server.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a dashboard document before it is stored, naming the first bad field:
 *
 * <pre>{@code
 * {"title": "Hosts", "time": "6h", "refresh": "30s",
 *  "variables": [{"name": "instance", "query": "label_values(node_uname_info, instance)",
 *                 "includeAll": false, "allValue": ".*"}],
 *  "panels": [{"title": "CPU", "type": "timeseries", "unit": "percent", "stacked": false,
 *              "grid": {"x": 0, "y": 0, "w": 12, "h": 8}, "min": 0, "max": 1,
 *              "thresholds": [{"value": null, "color": "green"}, {"value": 0.9, "color": "red"}],
 *              "targets": [{"expr": "rate(node_cpu_seconds_total[5m])", "legend": "{{cpu}}"}]}]}
 * }</pre>
 *
 * Panel types: timeseries, stat, gauge, bar, table, heatmap. Every other field is optional.
 * Thresholds are Grafana's steps: the first one's value is null (the base), the others ascend.
 */
public final class DashboardJson {
  /** The panel types the UI draws. */
  public static final Set<String> PANEL_TYPES =
      Set.of("timeseries", "stat", "gauge", "bar", "table", "heatmap");

  private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((?:(.+),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\)\\s*");

  private DashboardJson() {}

  /**
   * Returns the title of a valid dashboard.
   *
   * @throws IllegalArgumentException naming the field, e.g. {@code panels[2].targets[0].expr: must
   *     be a non-empty string}
   */
  public static String check(JsonNode d) {
    if (d == null || !d.isObject()) {
      throw bad("(document)", "must be a JSON object");
    }
    String title = text(d, "title", "title", true);
    text(d, "time", "time", false);
    text(d, "refresh", "refresh", false);
    JsonNode vars = d.path("variables");
    if (!vars.isMissingNode() && !vars.isArray()) {
      throw bad("variables", "must be an array");
    }
    for (int i = 0; i < vars.size(); i++) {
      String at = "variables[" + i + "]";
      String name = text(vars.get(i), "name", at + ".name", true);
      if (!VARIABLE_NAME.matcher(name).matches()) {
        throw bad(at + ".name", "must match [a-zA-Z_][a-zA-Z0-9_]*, got \"" + name + "\"");
      }
      String query = text(vars.get(i), "query", at + ".query", true);
      if (!LABEL_VALUES.matcher(query).matches()) {
        throw bad(
            at + ".query",
            "must be label_values(label) or label_values(selector, label), got \"" + query + "\"");
      }
      JsonNode all = vars.get(i).path("includeAll");
      if (!all.isMissingNode() && !all.isBoolean()) {
        throw bad(at + ".includeAll", "must be true or false");
      }
      text(vars.get(i), "allValue", at + ".allValue", false);
    }
    JsonNode panels = d.path("panels");
    if (!panels.isArray()) {
      throw bad("panels", "must be an array");
    }
    for (int i = 0; i < panels.size(); i++) {
      JsonNode p = panels.get(i);
      String at = "panels[" + i + "]";
      if (!p.isObject()) {
        throw bad(at, "must be an object");
      }
      text(p, "title", at + ".title", false);
      String type = text(p, "type", at + ".type", true);
      if (!PANEL_TYPES.contains(type)) {
        throw bad(
            at + ".type",
            "must be one of timeseries, stat, gauge, bar, table, heatmap; got \"" + type + "\"");
      }
      number(p, "min", at);
      number(p, "max", at);
      thresholds(p.path("thresholds"), at + ".thresholds");
      JsonNode targets = p.path("targets");
      if (!targets.isArray()) {
        throw bad(at + ".targets", "must be an array");
      }
      for (int j = 0; j < targets.size(); j++) {
        text(targets.get(j), "expr", at + ".targets[" + j + "].expr", true);
        text(targets.get(j), "legend", at + ".targets[" + j + "].legend", false);
      }
      JsonNode grid = p.path("grid");
      if (!grid.isMissingNode()) {
        for (String k : new String[] {"x", "y", "w", "h"}) {
          JsonNode n = grid.path(k);
          if (!n.isMissingNode() && (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 200)) {
            throw bad(at + ".grid." + k, "must be a whole number from 0 to 200");
          }
        }
      }
    }
    return title;
  }

  private static void number(JsonNode p, String field, String at) {
    JsonNode n = p.path(field);
    if (!n.isMissingNode() && !n.isNull() && !n.isNumber()) {
      throw bad(at + "." + field, "must be a number");
    }
  }

  private static void thresholds(JsonNode steps, String at) {
    if (steps.isMissingNode() || steps.isNull()) {
      return;
    }
    if (!steps.isArray()) {
      throw bad(at, "must be an array of {value, color}");
    }
    double last = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String here = at + "[" + i + "]";
      if (!step.isObject()) {
        throw bad(here, "must be an object {value, color}");
      }
      text(step, "color", here + ".color", true);
      JsonNode v = step.path("value");
      if (v.isMissingNode() || v.isNull()) {
        if (i > 0) {
          throw bad(here + ".value", "only the first step (the base) may have no value");
        }
        continue;
      }
      if (!v.isNumber()) {
        throw bad(here + ".value", "must be a number");
      }
      if (v.asDouble() < last) {
        throw bad(here + ".value", "must not be below the step before (" + last + ")");
      }
      last = v.asDouble();
    }
  }

  private static String text(JsonNode obj, String field, String at, boolean required) {
    JsonNode n = obj == null ? null : obj.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw bad(at, "is required");
      }
      return "";
    }
    if (!n.isTextual() || (required && n.asText().isBlank())) {
      throw bad(at, required ? "must be a non-empty string" : "must be a string");
    }
    return n.asText();
  }

  static IllegalArgumentException bad(String field, String what) {
    return new IllegalArgumentException(field + ": " + what);
  }
}
