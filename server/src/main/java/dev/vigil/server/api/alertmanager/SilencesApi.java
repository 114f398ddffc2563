package dev.vigil.server.api.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.alerting.silence.SilenceException;
import dev.vigil.alerting.silence.Silences;
import dev.vigil.core.model.Matcher;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The silence routes of the Alertmanager API v2 over {@link Silences}: {@code GET|POST
 * /api/v2/silences} and {@code GET|DELETE /api/v2/silence/{id}}, with Alertmanager's shapes, status
 * codes and error texts, so that {@code amtool silence ...} and Alertmanager's UI clients work.
 *
 * <p>Errors are answered as Alertmanager (go-swagger) answers them: a silence that breaks a rule is
 * a 400 whose body is a JSON string; a missing required field or a malformed id a 422 {@code
 * {"code":602,"message":...}}; a body that is not the right JSON a 400 {@code {"code":400,...}}.
 */
public final class SilencesApi {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

  private final Silences silences;

  /** Serves {@code silences}. */
  public SilencesApi(Silences silences) {
    this.silences = silences;
  }

  /** {@code GET /api/v2/silences?filter=&active=&pending=&expired=}. */
  public void list(Context ctx) throws SQLException {
    List<Matcher> filters;
    try {
      filters = filters(ctx);
    } catch (IllegalArgumentException e) {
      message(ctx, 400, e.getMessage());
      return;
    }
    boolean active = flag(ctx, "active");
    boolean pending = flag(ctx, "pending");
    boolean expired = flag(ctx, "expired");
    Instant now = Instant.now();
    List<Silence> out = new ArrayList<>();
    for (Silence s : silences.list()) {
      boolean wanted =
          switch (s.state(now)) {
            case ACTIVE -> active;
            case PENDING -> pending;
            case EXPIRED -> expired;
          };
      if (wanted && hasAll(s, filters)) {
        out.add(s);
      }
    }
    out.sort(order(now));
    List<Object> body = new ArrayList<>(out.size());
    for (Silence s : out) {
      body.add(gettable(s, now));
    }
    ctx.contentType("application/json").result(Json.bytes(body));
  }

  /**
   * Every {@code filter} parameter read as Alertmanager matchers.
   *
   * @throws IllegalArgumentException "bad matcher format: ..." naming the first bad one
   */
  static List<Matcher> filters(Context ctx) {
    List<Matcher> out = new ArrayList<>();
    for (String f : ctx.queryParams("filter")) {
      try {
        out.addAll(AlertmanagerApi.matchers(f));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad matcher format: " + f, e);
      }
    }
    return out;
  }

  /**
   * Alertmanager's order: active (next to end first), pending (next to start first), expired (most
   * recently ended first).
   */
  static Comparator<Silence> order(Instant now) {
    return Comparator.<Silence, Silence.State>comparing(s -> s.state(now))
        .thenComparing(
            (a, b) ->
                switch (a.state(now)) {
                  case ACTIVE -> a.endsAt().compareTo(b.endsAt());
                  case PENDING -> a.startsAt().compareTo(b.startsAt());
                  case EXPIRED -> b.endsAt().compareTo(a.endsAt());
                });
  }

  /**
   * Alertmanager's silence filter: every filter matcher must equal (name, operator and value) one
   * of the silence's matchers.
   */
  private static boolean hasAll(Silence s, List<Matcher> filters) {
    for (Matcher f : filters) {
      if (!s.matchers().contains(f)) {
        return false;
      }
    }
    return true;
  }

  private static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() || !v.equalsIgnoreCase("false");
  }

  /** {@code GET /api/v2/silence/{id}}. */
  public void get(Context ctx) {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    Silence s = silences.get(id).orElse(null);
    if (s == null) {
      // Alertmanager answers an empty 404 here; an empty body would get Vigil's "no such route".
      message(ctx, 404, "silence not found");
      return;
    }
    ctx.contentType("application/json").result(Json.bytes(gettable(s, Instant.now())));
  }

  /** {@code DELETE /api/v2/silence/{id}}: expires the silence. */
  public void delete(Context ctx) throws SQLException {
    String id = id(ctx);
    if (id == null) {
      return;
    }
    try {
      silences.expire(id);
      ctx.status(200);
    } catch (SilenceException e) {
      message(ctx, e.notFound() ? 404 : 400, e.getMessage());
    }
  }

  private static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (!UUID.matcher(id).matches()) {
      validation(ctx, 601, "silenceID in path must be of type uuid: \"" + id + "\"");
      return null;
    }
    return id;
  }

  /** {@code POST /api/v2/silences}: creates or updates; answers {@code {"silenceID": ...}}. */
  public void post(Context ctx) throws SQLException {
    byte[] raw = ctx.bodyAsBytes();
    if (raw.length == 0) {
      validation(ctx, 602, "silence in body is required");
      return;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw);
    } catch (IOException e) {
      parseError(
          ctx,
          "the body is not JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      return;
    }
    if (body == null || !body.isObject()) {
      parseError(ctx, "the body must be a JSON object (a silence)");
      return;
    }
    Silence posted;
    try {
      posted = posted(body);
    } catch (BadField e) {
      if (e.code == 400) {
        parseError(ctx, e.getMessage());
      } else {
        validation(ctx, e.code, e.getMessage());
      }
      return;
    } catch (SilenceException e) {
      message(ctx, 400, e.getMessage());
      return;
    }
    try {
      String id = silences.set(posted);
      ctx.contentType("application/json").result(Json.bytes(Map.of("silenceID", id)));
    } catch (SilenceException e) {
      message(ctx, e.notFound() ? 404 : 400, e.getMessage());
    }
  }

  /** A body field that go-swagger would refuse before Alertmanager sees the silence. */
  private static final class BadField extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    BadField(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private static Silence posted(JsonNode b) throws BadField, SilenceException {
    // go-swagger checks the properties in this order and reports the first problem.
    String comment = text(b, "comment", "comment");
    String createdBy = text(b, "createdBy", "createdBy");
    Instant endsAt = time(b, "endsAt");
    JsonNode ms = b.get("matchers");
    if (ms == null || ms.isNull()) {
      throw new BadField(602, "matchers in body is required");
    }
    if (!ms.isArray()) {
      throw new BadField(400, "matchers: must be an array of matchers");
    }
    if (ms.isEmpty()) {
      throw new BadField(612, "matchers in body should have at least 1 items");
    }
    List<JsonNode> raw = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      if (!m.isObject()) {
        throw new BadField(400, "matchers." + i + ": must be an object");
      }
      if (m.get("isRegex") == null || m.get("isRegex").isNull()) {
        throw new BadField(602, "matchers." + i + ".isRegex in body is required");
      }
      text(m, "name", "matchers." + i + ".name");
      text(m, "value", "matchers." + i + ".value");
      bool(m, "isRegex", i, false);
      bool(m, "isEqual", i, true);
      raw.add(m);
    }
    Instant startsAt = time(b, "startsAt");
    String id = "";
    JsonNode idNode = b.get("id");
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual()) {
        throw new BadField(400, "id: must be a string");
      }
      id = idNode.asText();
    }
    List<Matcher> matchers = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonNode m = raw.get(i);
      boolean regex = bool(m, "isRegex", i, false);
      boolean equal = bool(m, "isEqual", i, true);
      Matcher.Type type =
          regex
              ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX)
              : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
      matchers.add(Silences.matcher(i, type, m.get("name").asText(), m.get("value").asText()));
    }
    return new Silence(id, matchers, startsAt, endsAt, Instant.EPOCH, createdBy, comment);
  }

  private static String text(JsonNode b, String field, String path) throws BadField {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      throw new BadField(602, path + " in body is required");
    }
    if (!n.isTextual()) {
      throw new BadField(400, path + ": must be a string");
    }
    return n.asText();
  }

  private static boolean bool(JsonNode m, String field, int i, boolean absent) throws BadField {
    JsonNode n = m.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw new BadField(400, "matchers." + i + "." + field + ": must be true or false");
    }
    return n.asBoolean();
  }

  private static Instant time(JsonNode b, String field) throws BadField {
    String text = text(b, field, field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadField(400, field + ": not an RFC 3339 time: \"" + text + "\"");
    }
  }

  /** The {@code gettableSilence} of Alertmanager's OpenAPI. */
  static Map<String, Object> gettable(Silence s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("status", Map.of("state", s.state(now).apiName()));
    m.put("updatedAt", AlertmanagerApi.TIME.format(s.updatedAt()));
    m.put("comment", s.comment());
    m.put("createdBy", s.createdBy());
    m.put("endsAt", AlertmanagerApi.TIME.format(s.endsAt()));
    List<Object> ms = new ArrayList<>();
    for (Matcher x : s.matchers()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("isEqual", x.type() == Matcher.Type.EQUAL || x.type() == Matcher.Type.REGEX);
      mm.put("isRegex", x.type() == Matcher.Type.REGEX || x.type() == Matcher.Type.NOT_REGEX);
      mm.put("name", x.name());
      mm.put("value", x.value());
      ms.add(mm);
    }
    m.put("matchers", ms);
    m.put("startsAt", AlertmanagerApi.TIME.format(s.startsAt()));
    return m;
  }

  /** A 400/404 whose body is a JSON string, as Alertmanager's silence errors. */
  private static void message(Context ctx, int status, String text) {
    ctx.status(status).contentType("application/json").result(Json.bytes(text));
  }

  /** go-swagger's validation error: 422 {@code {"code":N,"message":...}}. */
  private static void validation(Context ctx, int code, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("message", text);
    ctx.status(422).contentType("application/json").result(Json.bytes(m));
  }

  /** go-swagger's body parsing error: 400 {@code {"code":400,"message":...}}. */
  private static void parseError(Context ctx, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", 400);
    m.put("message", "parsing silence body from \"\" failed, because " + reason);
    ctx.status(400).contentType("application/json").result(Json.bytes(m));
  }
}
