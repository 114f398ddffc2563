package dev.vigil.server.api.prom;

import dev.vigil.alerting.rules.ActiveAlert;
import dev.vigil.alerting.rules.AlertState;
import dev.vigil.alerting.rules.AlertingRule;
import dev.vigil.alerting.rules.Rule;
import dev.vigil.alerting.rules.RuleGroup;
import dev.vigil.alerting.rules.RuleManager;
import dev.vigil.alerting.template.GoFormat;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus's shapes. */
public final class RulesApi {
  private final Supplier<RuleManager> rules;

  /** Serves the groups of the manager {@code rules} returns (null while it is not running). */
  public RulesApi(Supplier<RuleManager> rules) {
    this.rules = rules;
  }

  private List<RuleGroup> groups() {
    RuleManager m = rules.get();
    return m == null ? List.of() : m.groups();
  }

  /** {@code GET /api/v1/rules?type=alert|record&rule_name[]=&rule_group[]=&file[]=}. */
  public void rules(Context ctx) {
    String type = Params.first(ctx, "type");
    type = type == null ? "" : type;
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.badData(
          "invalid parameter \"type\": not supported value \"" + type + "\"");
    }
    List<String> names = Params.all(ctx, "rule_name[]");
    List<String> groupNames = Params.all(ctx, "rule_group[]");
    List<String> files = Params.all(ctx, "file[]");
    boolean filtered = !type.isEmpty() || !names.isEmpty();
    List<Object> out = new ArrayList<>();
    for (RuleGroup g : groups()) {
      if ((!groupNames.isEmpty() && !groupNames.contains(g.name()))
          || (!files.isEmpty() && !files.contains(g.file()))) {
        continue;
      }
      List<Object> rs = new ArrayList<>();
      for (Rule r : g.rules()) {
        boolean alert = r instanceof AlertingRule;
        if ((type.equals("alert") && !alert) || (type.equals("record") && alert)) {
          continue;
        }
        if (!names.isEmpty() && !names.contains(r.name())) {
          continue;
        }
        rs.add(rule(r));
      }
      if (filtered && rs.isEmpty()) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", g.name());
      m.put("file", g.file());
      m.put("rules", rs);
      m.put("interval", g.intervalMillis() / 1000.0);
      m.put("limit", g.spec().limit());
      m.put("evaluationTime", g.lastDurationSeconds());
      m.put("lastEvaluation", time(g.lastEvaluation()));
      out.add(m);
    }
    Json.success(ctx, Map.of("groups", out));
  }

  /** {@code GET /api/v1/alerts}: every pending and firing alert. */
  public void alerts(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (RuleGroup g : groups()) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule a) {
          out.addAll(alerts(a));
        }
      }
    }
    Json.success(ctx, Map.of("alerts", out));
  }

  private static Map<String, Object> rule(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r instanceof AlertingRule a) {
      m.put("state", a.state().apiName());
      m.put("name", r.name());
      m.put("query", r.spec().expr());
      m.put("duration", r.spec().forMillis() / 1000.0);
      m.put("keepFiringFor", r.spec().keepFiringForMillis() / 1000.0);
      m.put("labels", new java.util.TreeMap<>(r.spec().labels()));
      m.put("annotations", new java.util.TreeMap<>(r.spec().annotations()));
      m.put("alerts", alerts(a));
    } else {
      m.put("name", r.name());
      m.put("query", r.spec().expr());
      if (!r.spec().labels().isEmpty()) {
        m.put("labels", new java.util.TreeMap<>(r.spec().labels()));
      }
    }
    m.put("health", r.health());
    if (!r.lastError().isEmpty()) {
      m.put("lastError", r.lastError());
    }
    m.put("evaluationTime", r.evaluationSeconds());
    m.put("lastEvaluation", time(r.lastEvaluation()));
    m.put("type", r instanceof AlertingRule ? "alerting" : "recording");
    return m;
  }

  private static List<Object> alerts(AlertingRule rule) {
    List<Object> out = new ArrayList<>();
    for (ActiveAlert a : rule.alerts()) {
      if (a.state() == AlertState.INACTIVE) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labels", a.labels().toMap());
      m.put("annotations", a.annotations().toMap());
      m.put("state", a.state().apiName());
      m.put("activeAt", time(a.activeAt()));
      if (a.keepFiringSince() != 0) {
        m.put("keepFiringSince", time(a.keepFiringSince()));
      }
      m.put("value", GoFormat.shortestE(a.value()));
      out.add(m);
    }
    return out;
  }

  /** Go's JSON form of a {@code time.Time}: RFC 3339 with trailing zeros of the fraction cut. */
  static String time(long millis) {
    if (millis == 0) {
      return "0001-01-01T00:00:00Z";
    }
    String s = Instant.ofEpochMilli(millis).toString();
    return s.contains(".") ? s.replaceAll("0+Z$", "Z").replace(".Z", "Z") : s;
  }
}
