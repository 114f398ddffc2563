package dev.vigil.server.api.actions;

import dev.vigil.alerting.actions.ActionAudit;
import dev.vigil.alerting.actions.ActionRun;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/vigil/v1/actions/runs}: the audit of automated action runs, newest first. */
public final class ActionsApi {
  private static final int MAX_LIMIT = 10_000;
  private final ActionAudit audit;

  /** Serves the runs recorded in {@code audit}. */
  public ActionsApi(ActionAudit audit) {
    this.audit = audit;
  }

  /** {@code GET /api/vigil/v1/actions/runs?action=&result=&limit=}. */
  public void runs(Context ctx) throws SQLException {
    int limit = 100;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw ApiException.badData("limit: \"" + l + "\" is not an integer");
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.badData("limit: must be between 1 and " + MAX_LIMIT);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ActionRun r : audit.list(ctx.queryParam("action"), ctx.queryParam("result"), limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("action", r.action());
      m.put("kind", r.kind());
      m.put("receiver", r.receiver());
      m.put("groupKey", r.groupKey());
      m.put("status", r.status());
      m.put("result", r.result());
      m.put("startedAt", r.startedAt().toString());
      m.put("durationMs", r.durationMillis());
      if (r.exitCode() >= 0) {
        m.put("exitCode", r.exitCode());
      }
      if (r.httpStatus() > 0) {
        m.put("httpStatus", r.httpStatus());
      }
      m.put("alerts", r.alerts());
      m.put("output", r.output());
      m.put("detail", r.detail());
      out.add(m);
    }
    Json.success(ctx, out);
  }
}
