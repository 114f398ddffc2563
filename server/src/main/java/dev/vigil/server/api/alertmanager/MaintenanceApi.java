package dev.vigil.server.api.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.silence.MaintenanceWindow;
import dev.vigil.alerting.silence.MaintenanceWindows;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vigil/v1/maintenance}: list, create, get and delete recurring maintenance windows
 * (shape in {@link MaintenanceWindows#fromJson}); each answer carries {@code open}, whether the
 * window is open now.
 */
public final class MaintenanceApi {
  private final MaintenanceWindows windows;

  /** Serves {@code windows}. */
  public MaintenanceApi(MaintenanceWindows windows) {
    this.windows = windows;
  }

  /** {@code GET /api/vigil/v1/maintenance}. */
  public void list(Context ctx) {
    Instant now = Instant.now();
    List<Object> out = new ArrayList<>();
    for (MaintenanceWindow w : windows.list()) {
      out.add(json(w, now));
    }
    Json.success(ctx, out);
  }

  /** {@code POST /api/vigil/v1/maintenance}. */
  public void create(Context ctx) throws SQLException {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw ApiException.badData("the body is not JSON");
    }
    MaintenanceWindow w;
    try {
      w = MaintenanceWindows.fromJson(body, "");
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    Json.success(ctx, json(windows.create(w), Instant.now()));
  }

  /** {@code GET /api/vigil/v1/maintenance/{id}}. */
  public void get(Context ctx) {
    MaintenanceWindow w =
        windows
            .get(ctx.pathParam("id"))
            .orElseThrow(
                () ->
                    new ApiException(
                        404, ErrorType.NOT_FOUND, "no maintenance window " + ctx.pathParam("id")));
    Json.success(ctx, json(w, Instant.now()));
  }

  /** {@code DELETE /api/vigil/v1/maintenance/{id}}. */
  public void delete(Context ctx) throws SQLException {
    if (!windows.delete(ctx.pathParam("id"))) {
      throw new ApiException(
          404, ErrorType.NOT_FOUND, "no maintenance window " + ctx.pathParam("id"));
    }
    Json.success(ctx, Map.of());
  }

  private static ObjectNode json(MaintenanceWindow w, Instant now) {
    ObjectNode o = MaintenanceWindows.toJson(w);
    o.put("open", w.openAt(now));
    return o;
  }
}
