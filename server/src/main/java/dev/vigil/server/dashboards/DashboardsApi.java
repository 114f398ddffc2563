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
import java.util.Optional;

/**
 * {@code /api/vigil/v1/dashboards}: list, get, create (a Vigil or a Grafana dashboard JSON),
 * replace, duplicate, delete and export dashboards, answered in the Prometheus-style envelope
 * (export answers the bare JSON file). The shipped dashboards are listed first, marked {@code
 * "shipped": true}, and refuse changes: duplicating one gives an editable copy.
 */
public final class DashboardsApi {
  private final DashboardStore store;
  private final ShippedDashboards shipped;

  /** Serves the dashboards of {@code store} and the {@code shipped} ones. */
  public DashboardsApi(DashboardStore store, ShippedDashboards shipped) {
    this.store = store;
    this.shipped = shipped;
  }

  /** {@code GET /api/vigil/v1/dashboards}. */
  public void list(Context ctx) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : shipped.all().entrySet()) {
      out.add(shippedSummary(e.getKey(), e.getValue()));
    }
    for (DashboardStore.Stored s : store.list()) {
      out.add(summary(s));
    }
    Json.success(ctx, out);
  }

  /** {@code GET /api/vigil/v1/dashboards/{id}}. */
  public void get(Context ctx) throws SQLException, IOException {
    String id = ctx.pathParam("id");
    Optional<ObjectNode> builtIn = shipped.get(id);
    if (builtIn.isPresent()) {
      Map<String, Object> out = shippedSummary(id, builtIn.get());
      out.put("dashboard", builtIn.get());
      Json.success(ctx, out);
      return;
    }
    DashboardStore.Stored s = find(id);
    Map<String, Object> out = summary(s);
    out.put("dashboard", Json.MAPPER.readTree(s.body()));
    Json.success(ctx, out);
  }

  /**
   * {@code GET /api/vigil/v1/dashboards/{id}/export}: the dashboard as a file to download, a
   * Grafana dashboard JSON ({@code ?format=grafana}, the default) or Vigil's own ({@code
   * ?format=vigil}).
   */
  public void export(Context ctx) throws SQLException, IOException {
    String id = ctx.pathParam("id");
    JsonNode doc = document(id);
    String format = ctx.queryParam("format") == null ? "grafana" : ctx.queryParam("format");
    JsonNode out =
        switch (format) {
          case "grafana" -> GrafanaExport.convert(doc, id);
          case "vigil" -> doc;
          default ->
              throw ApiException.badData(
                  "format: must be grafana or vigil, got \"" + format + "\"");
        };
    String file = doc.path("title").asText(id).replaceAll("[^A-Za-z0-9._ -]+", "_").trim();
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + (file.isEmpty() ? id : file) + "." + format + ".json\"");
    ctx.contentType("application/json");
    ctx.result(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
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
    String id = ctx.pathParam("id");
    refuseShipped(id);
    JsonNode doc = body(ctx);
    String title = checked(doc);
    if (!store.update(id, title, Json.MAPPER.writeValueAsString(doc))) {
      throw notFound(id);
    }
    Json.success(ctx, summary(find(id)));
  }

  /** {@code POST /api/vigil/v1/dashboards/{id}/duplicate}: a copy titled "… (copy)". */
  public void duplicate(Context ctx) throws SQLException, IOException {
    ObjectNode doc = (ObjectNode) document(ctx.pathParam("id"));
    String title = doc.path("title").asText() + " (copy)";
    doc.put("title", title);
    String id = store.create(title, Json.MAPPER.writeValueAsString(doc));
    Json.success(ctx, summary(find(id)));
    ctx.status(201);
  }

  /** {@code DELETE /api/vigil/v1/dashboards/{id}}. */
  public void delete(Context ctx) throws SQLException {
    String id = ctx.pathParam("id");
    refuseShipped(id);
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

  private void refuseShipped(String id) {
    if (shipped.get(id).isPresent()) {
      throw new ApiException(
          403,
          ErrorType.FORBIDDEN,
          "dashboard \""
              + id
              + "\" ships with Vigil and is read-only: duplicate it"
              + " (POST /api/vigil/v1/dashboards/"
              + id
              + "/duplicate) and edit the copy");
    }
  }

  private JsonNode document(String id) throws SQLException, IOException {
    Optional<ObjectNode> builtIn = shipped.get(id);
    return builtIn.isPresent() ? builtIn.get() : Json.MAPPER.readTree(find(id).body());
  }

  private static Map<String, Object> shippedSummary(String id, JsonNode doc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", doc.path("title").asText());
    m.put("version", 1);
    m.put("updated", "");
    m.put("shipped", true);
    return m;
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
