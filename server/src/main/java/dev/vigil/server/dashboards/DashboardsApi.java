package dev.vigil.server.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vigil/v1/dashboards}: list, get, create (a Vigil or a Grafana dashboard JSON),
 * replace, duplicate and delete dashboards, answered in the Prometheus-style envelope.
 */
public final class DashboardsApi {
  private final DashboardStore store;

  /** Serves the dashboards of {@code store}. */
  public DashboardsApi(DashboardStore store) {
    this.store = store;
  }

  /** {@code GET /api/vigil/v1/dashboards}. */
  public void list(Context ctx) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (DashboardStore.Stored s : store.list()) {
      out.add(summary(s));
    }
    Json.success(ctx, out);
  }

  /** {@code GET /api/vigil/v1/dashboards/{id}}. */
  public void get(Context ctx) throws SQLException, IOException {
    DashboardStore.Stored s = find(ctx.pathParam("id"));
    Map<String, Object> out = summary(s);
    out.put("dashboard", Json.MAPPER.readTree(s.body()));
    Json.success(ctx, out);
  }

  /** {@code POST /api/vigil/v1/dashboards}: a Vigil dashboard, or a Grafana one to convert. */
  public void create(Context ctx) throws SQLException, IOException {
    JsonNode doc = body(ctx);
    ObjectNode stored;
    if (GrafanaImport.isGrafana(doc)) {
      stored = GrafanaImport.convert(doc);
    } else if (doc.isObject()) {
      stored = (ObjectNode) doc;
    } else {
      throw ApiException.badData("dashboard: must be a JSON object");
    }
    String title = checked(stored);
    String id = store.create(title, Json.MAPPER.writeValueAsString(stored));
    ctx.status(201);
    Map<String, Object> out = summary(find(id));
    out.put("dashboard", stored);
    Json.success(ctx, out);
    ctx.status(201);
  }

  /** {@code PUT /api/vigil/v1/dashboards/{id}}: replaces the document. */
  public void replace(Context ctx) throws SQLException, IOException {
    JsonNode doc = body(ctx);
    String title = checked(doc);
    String id = ctx.pathParam("id");
    if (!store.update(id, title, Json.MAPPER.writeValueAsString(doc))) {
      throw notFound(id);
    }
    Json.success(ctx, summary(find(id)));
  }

  /** {@code POST /api/vigil/v1/dashboards/{id}/duplicate}: a copy titled "… (copy)". */
  public void duplicate(Context ctx) throws SQLException, IOException {
    DashboardStore.Stored s = find(ctx.pathParam("id"));
    ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(s.body());
    String title = s.title() + " (copy)";
    doc.put("title", title);
    String id = store.create(title, Json.MAPPER.writeValueAsString(doc));
    Json.success(ctx, summary(find(id)));
    ctx.status(201);
  }

  /** {@code DELETE /api/vigil/v1/dashboards/{id}}. */
  public void delete(Context ctx) throws SQLException {
    String id = ctx.pathParam("id");
    if (!store.delete(id)) {
      throw notFound(id);
    }
    Json.success(ctx, Map.of("id", id));
  }

  private static String checked(JsonNode doc) {
    try {
      return DashboardJson.check(doc);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid dashboard: " + e.getMessage());
    }
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode n = Json.MAPPER.readTree(ctx.bodyAsBytes());
      if (n == null || n.isMissingNode()) {
        throw ApiException.badData("the request body must be a dashboard JSON document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badData(
          "the request body is not JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw ApiException.badData("cannot read the request body: " + e.getMessage());
    }
  }

  private DashboardStore.Stored find(String id) throws SQLException {
    return store.get(id).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, ErrorType.NOT_FOUND, "no dashboard with id \"" + id + "\"");
  }

  private static Map<String, Object> summary(DashboardStore.Stored s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("title", s.title());
    m.put("version", s.version());
    m.put("updated", s.updatedAt());
    return m;
  }
}
