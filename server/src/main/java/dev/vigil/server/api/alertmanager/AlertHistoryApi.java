package dev.vigil.server.api.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.history.Acknowledgements;
import dev.vigil.alerting.history.AlertEvent;
import dev.vigil.alerting.history.AlertHistory;
import dev.vigil.alerting.history.FlapDetector;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.time.Timestamps;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vigil's own alert routes beyond Alertmanager's API, in the Prometheus-style envelope: the alert
 * history ({@code GET /api/vigil/v1/alerts/history}), acknowledgements ({@code GET
 * /api/vigil/v1/alerts/acks}, {@code POST|DELETE /api/vigil/v1/alerts/{fingerprint}/ack}) and the
 * flapping alerts ({@code GET /api/vigil/v1/alerts/flapping}).
 */
public final class AlertHistoryApi {
  /** How long an acknowledgement lasts when the request names no end. */
  static final Duration DEFAULT_ACK = Duration.ofHours(24);

  private final AlertStore store;
  private final AlertHistory history;
  private final Acknowledgements acks;
  private final FlapDetector flaps;

  /** Serves the history, acknowledgements and flapping state of the alerts in {@code store}. */
  public AlertHistoryApi(
      AlertStore store, AlertHistory history, Acknowledgements acks, FlapDetector flaps) {
    this.store = store;
    this.history = history;
    this.acks = acks;
    this.flaps = flaps;
  }

  /** {@code GET /api/vigil/v1/alerts/history?filter=&start=&end=&limit=}. */
  public void history(Context ctx) throws SQLException {
    List<Matcher> filters;
    try {
      filters = SilencesApi.filters(ctx);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    Instant end = time(ctx, "end", Instant.now());
    Instant start = time(ctx, "start", end.minus(Duration.ofDays(1)));
    if (end.isBefore(start)) {
      throw ApiException.badData("end timestamp must not be before start time");
    }
    int limit = 1000;
    String l = ctx.queryParam("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        throw ApiException.badData("limit must be a non-negative integer, got \"" + l + "\"");
      }
    }
    List<Object> out = new ArrayList<>();
    for (AlertEvent e : history.query(filters, start, end, limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fingerprint", e.fingerprint());
      m.put("labels", e.labels().toMap());
      m.put("event", e.kind().apiName());
      m.put("at", AlertmanagerApi.TIME.format(e.at()));
      m.put("detail", e.detail());
      out.add(m);
    }
    Json.success(ctx, out);
  }

  private static Instant time(Context ctx, String name, Instant dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Instant.ofEpochMilli(Timestamps.parseMillis(v));
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"" + name + "\": " + e.getMessage());
    }
  }

  /** {@code GET /api/vigil/v1/alerts/acks}. */
  public void acks(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (Acknowledgements.Ack k : acks.list()) {
      out.add(ack(k));
    }
    Json.success(ctx, out);
  }

  private static Map<String, Object> ack(Acknowledgements.Ack k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", k.fingerprint());
    m.put("labels", k.labels().toMap());
    m.put("by", k.by());
    m.put("comment", k.comment());
    m.put("at", AlertmanagerApi.TIME.format(k.at()));
    m.put("expiresAt", AlertmanagerApi.TIME.format(k.expiresAt()));
    return m;
  }

  /**
   * {@code POST /api/vigil/v1/alerts/{fingerprint}/ack} with {@code {"by": ..., "comment": ...,
   * "duration": "4h"}} or {@code "expiresAt"} (RFC 3339); 24 hours when neither is given.
   */
  public void acknowledge(Context ctx) throws SQLException {
    String fp = ctx.pathParam("fingerprint");
    JsonNode body;
    try {
      body =
          ctx.bodyAsBytes().length == 0
              ? Json.MAPPER.createObjectNode()
              : Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw ApiException.badData("the body is not JSON");
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badData("the body must be a JSON object");
    }
    String by = body.path("by").asText("");
    if (by.isBlank()) {
      throw ApiException.badData("by: who acknowledges is required");
    }
    Instant now = Instant.now();
    Instant expires = now.plus(DEFAULT_ACK);
    try {
      if (body.hasNonNull("expiresAt")) {
        expires = Instant.ofEpochMilli(Timestamps.parseMillis(body.get("expiresAt").asText()));
      } else if (body.hasNonNull("duration")) {
        expires = now.plusMillis(Timestamps.parseDurationMillis(body.get("duration").asText()));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
    List<AlertStore.Entry> found = store.list(e -> e.fingerprint().equals(fp));
    if (found.isEmpty()) {
      throw new ApiException(404, ErrorType.NOT_FOUND, "no alert with fingerprint " + fp);
    }
    try {
      Json.success(
          ctx,
          ack(acks.acknowledge(found.getFirst(), by, body.path("comment").asText(""), expires)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badData(e.getMessage());
    }
  }

  /** {@code DELETE /api/vigil/v1/alerts/{fingerprint}/ack}. */
  public void unacknowledge(Context ctx) throws SQLException {
    String fp = ctx.pathParam("fingerprint");
    if (!acks.remove(fp, "removed")) {
      throw new ApiException(404, ErrorType.NOT_FOUND, "alert " + fp + " is not acknowledged");
    }
    Json.success(ctx, Map.of());
  }

  /** {@code GET /api/vigil/v1/alerts/flapping}. */
  public void flapping(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (FlapDetector.Flapping f : flaps.flapping()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fingerprint", f.fingerprint());
      m.put("labels", f.labels().toMap());
      m.put("changes", f.flips());
      out.add(m);
    }
    Json.success(ctx, out);
  }
}
