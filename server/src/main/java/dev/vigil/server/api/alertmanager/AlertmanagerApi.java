package dev.vigil.server.api.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.Alert;
import dev.vigil.alerting.config.MatcherSyntax;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The receiving side of the Alertmanager API v2: {@code POST /api/v2/alerts} (what Prometheus's
 * notifier sends), {@code GET /api/v2/alerts} (what {@code amtool alert query} reads) and {@code
 * GET /api/v2/status}, over the {@link AlertStore}. Routing, silences and inhibition are not there
 * yet: every alert that has not ended is {@code active} with the receiver {@code vigil}.
 */
public final class AlertmanagerApi {
  /** What an alert without {@code endsAt} lasts, as Alertmanager's {@code resolve_timeout}. */
  static final long RESOLVE_TIMEOUT_MILLIS = 5 * 60_000;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private final AlertStore store;
  private final Instant started = Instant.now();
  private final Supplier<String> configYaml;
  private final String version;

  /**
   * @param configYaml the {@code alertmanager:} configuration as YAML, for the status route
   * @param version Vigil's version
   */
  public AlertmanagerApi(AlertStore store, Supplier<String> configYaml, String version) {
    this.store = store;
    this.configYaml = configYaml;
    this.version = version;
  }

  private static void error(Context ctx, String msg) {
    ctx.status(400).contentType("application/json").result(json(msg));
  }

  private static String json(Object o) {
    try {
      return dev.vigil.server.http.Json.MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code POST /api/v2/alerts}: a JSON array of postable alerts. */
  public void post(Context ctx) {
    JsonNode body;
    try {
      body = dev.vigil.server.http.Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      error(ctx, "the body is not JSON: " + e.getMessage());
      return;
    }
    if (body == null || !body.isArray()) {
      error(ctx, "the body must be a JSON array of alerts");
      return;
    }
    Instant now = Instant.now();
    List<Alert> alerts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      try {
        alerts.add(alert(body.get(i), now));
      } catch (IllegalArgumentException e) {
        problems.add("alert " + i + ": " + e.getMessage());
      }
    }
    store.send(alerts);
    if (!problems.isEmpty()) {
      error(ctx, String.join("; ", problems));
      return;
    }
    ctx.status(200);
  }

  private static Alert alert(JsonNode a, Instant now) {
    Labels labels = labels(a.path("labels"), "labels");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("at least one label pair required");
    }
    Labels annotations = labels(a.path("annotations"), "annotations");
    Instant start = time(a.path("startsAt"), "startsAt");
    Instant end = time(a.path("endsAt"), "endsAt");
    if (start == null) {
      start = now;
    }
    if (end == null) {
      end = now.plusMillis(RESOLVE_TIMEOUT_MILLIS);
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("start time must be before end time");
    }
    return new Alert(labels, annotations, start, end, a.path("generatorURL").asText(""));
  }

  private static Labels labels(JsonNode n, String what) {
    if (n.isMissingNode() || n.isNull()) {
      return Labels.empty();
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(what + " must be an object of strings");
    }
    Labels.Builder b = Labels.builder();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!LABEL_NAME.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("invalid label name \"" + e.getKey() + "\" in " + what);
      }
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(what + "." + e.getKey() + " must be a string");
      }
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }

  private static Instant time(JsonNode n, String what) {
    if (n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
      return null;
    }
    try {
      Instant t = java.time.OffsetDateTime.parse(n.asText()).toInstant();
      return t.equals(GO_ZERO) ? null : t;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + ": not an RFC 3339 time: \"" + n.asText() + "\"");
    }
  }

  /** {@code GET /api/v2/alerts?active=&silenced=&inhibited=&unprocessed=&filter=&receiver=}. */
  public void get(Context ctx) {
    boolean active = flag(ctx, "active");
    List<Matcher> filters = new ArrayList<>();
    for (String f : ctx.queryParams("filter")) {
      try {
        filters.addAll(matchers(f));
      } catch (IllegalArgumentException e) {
        error(ctx, "bad matcher format: " + f);
        return;
      }
    }
    String receiver = ctx.queryParam("receiver");
    if (receiver != null && !receiver.isEmpty() && !Pattern.matches(receiver, "vigil")) {
      ctx.contentType("application/json").result("[]");
      return;
    }
    Instant now = Instant.now();
    List<Object> out = new ArrayList<>();
    for (AlertStore.Entry e :
        store.list(e -> !e.resolvedAt(now) && matches(filters, e.alert().labels()))) {
      if (!active) {
        continue;
      }
      Alert a = e.alert();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("annotations", a.annotations().toMap());
      m.put("endsAt", TIME.format(a.endsAt()));
      m.put("fingerprint", e.fingerprint());
      m.put("receivers", List.of(Map.of("name", "vigil")));
      m.put("startsAt", TIME.format(a.startsAt()));
      m.put("status", Map.of("inhibitedBy", List.of(), "silencedBy", List.of(), "state", "active"));
      m.put("updatedAt", TIME.format(e.updatedAt()));
      m.put("generatorURL", a.generatorUrl());
      m.put("labels", a.labels().toMap());
      out.add(m);
    }
    ctx.contentType("application/json").result(json(out));
  }

  private static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() || Boolean.parseBoolean(v);
  }

  /** Alertmanager matchers as amtool sends them. */
  static List<Matcher> matchers(String text) {
    return MatcherSyntax.parse(text);
  }

  private static boolean matches(List<Matcher> ms, Labels l) {
    for (Matcher m : ms) {
      if (!m.matches(l.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code GET /api/v2/status}. */
  public void status(Context ctx) {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("branch", "");
    version.put("buildDate", "");
    version.put("buildUser", "");
    version.put("goVersion", "");
    version.put("revision", "");
    version.put("version", this.version);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster", Map.of("name", "", "peers", List.of(), "status", "disabled"));
    m.put("config", Map.of("original", configYaml.get()));
    m.put("uptime", TIME.format(started));
    m.put("versionInfo", version);
    ctx.contentType("application/json").result(json(m));
  }
}
