package dev.vigil.server.api.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.Alert;
import dev.vigil.alerting.config.ConfigText;
import dev.vigil.alerting.config.MatcherSyntax;
import dev.vigil.alerting.config.NotifierConfig;
import dev.vigil.alerting.dispatch.AggregationGroup;
import dev.vigil.alerting.dispatch.Dispatcher;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
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
 * GET /api/v2/status}, over the {@link AlertStore}, plus {@code GET /api/v2/alerts/groups} and
 * {@code GET /api/v2/receivers} over the {@link Dispatcher}: an alert's receivers come from the
 * routing tree and its state ({@code active} or {@code suppressed} with {@code silencedBy}/{@code
 * inhibitedBy}) from the dispatcher's muters.
 */
public final class AlertmanagerApi {
  /** What an alert without {@code endsAt} lasts without a notifier configuration. */
  static final long RESOLVE_TIMEOUT_MILLIS = 5 * 60_000;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private final AlertStore store;
  private final Instant started = Instant.now();
  private final Supplier<Dispatcher> dispatcher;
  private final String version;

  /**
   * @param dispatcher the running dispatcher (routing, muters, configuration), null before start
   * @param version Vigil's version
   */
  public AlertmanagerApi(AlertStore store, Supplier<Dispatcher> dispatcher, String version) {
    this.store = store;
    this.dispatcher = dispatcher;
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
        alerts.add(alert(body.get(i), now, resolveTimeoutMillis()));
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

  /** {@code global.resolve_timeout} of the notifier configuration, 5m without one. */
  private long resolveTimeoutMillis() {
    Dispatcher d = dispatcher.get();
    NotifierConfig c = d == null ? null : d.config();
    return c == null ? RESOLVE_TIMEOUT_MILLIS : c.resolveTimeout().toMillis();
  }

  private static Alert alert(JsonNode a, Instant now, long resolveTimeoutMillis) {
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
      end = now.plusMillis(resolveTimeoutMillis);
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

  /** The alert filters of {@code /api/v2/alerts} and {@code /api/v2/alerts/groups}. */
  private record Filter(
      boolean active,
      boolean silenced,
      boolean inhibited,
      List<Matcher> matchers,
      Pattern receiver) {}

  /** The request's filters, or null after answering 400 when one is malformed. */
  private static Filter filterOrError(Context ctx) {
    try {
      return filter(ctx);
    } catch (IllegalArgumentException e) {
      error(ctx, e.getMessage());
      return null;
    }
  }

  private static Filter filter(Context ctx) {
    List<Matcher> matchers = new ArrayList<>();
    for (String f : ctx.queryParams("filter")) {
      try {
        matchers.addAll(matchers(f));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad matcher format: " + f, e);
      }
    }
    String receiver = ctx.queryParam("receiver");
    Pattern re = null;
    if (receiver != null && !receiver.isEmpty()) {
      try {
        re = Pattern.compile("^(?:" + receiver + ")$");
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException("failed to parse receiver param: " + receiver, e);
      }
    }
    return new Filter(
        flag(ctx, "active"), flag(ctx, "silenced"), flag(ctx, "inhibited"), matchers, re);
  }

  /**
   * One alert as Alertmanager's API shows it, or null when {@code f} leaves it out: its state comes
   * from the muters, its receivers from the routing tree.
   */
  private Map<String, Object> view(AlertStore.Entry e, Filter f, Instant now) {
    Alert a = e.alert();
    if (e.resolvedAt(now) || !matches(f.matchers(), a.labels())) {
      return null;
    }
    Dispatcher d = dispatcher.get();
    List<String> receivers = d == null ? List.of() : d.receivers(a.labels());
    if (f.receiver() != null
        && receivers.stream().noneMatch(r -> f.receiver().matcher(r).matches())) {
      return null;
    }
    List<String> silencedBy = new ArrayList<>();
    List<String> inhibitedBy = new ArrayList<>();
    if (d != null) {
      for (Muter m : d.muters()) {
        if (m.repeatsOnly()) {
          continue; // an acknowledged alert is still active: its first notification went out
        }
        (m.inhibits() ? inhibitedBy : silencedBy).addAll(m.mutedBy(a.labels(), now));
      }
    }
    boolean suppressed = !silencedBy.isEmpty() || !inhibitedBy.isEmpty();
    boolean hidden =
        (!suppressed && !f.active())
            || (!silencedBy.isEmpty() && !f.silenced())
            || (!inhibitedBy.isEmpty() && !f.inhibited());
    if (hidden) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("annotations", a.annotations().toMap());
    m.put("endsAt", TIME.format(a.endsAt()));
    m.put("fingerprint", e.fingerprint());
    m.put("receivers", receivers.stream().map(r -> Map.of("name", r)).toList());
    m.put("startsAt", TIME.format(a.startsAt()));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("inhibitedBy", inhibitedBy);
    status.put("silencedBy", silencedBy);
    status.put("state", suppressed ? "suppressed" : "active");
    m.put("status", status);
    m.put("updatedAt", TIME.format(e.updatedAt()));
    m.put("generatorURL", a.generatorUrl());
    m.put("labels", a.labels().toMap());
    return m;
  }

  /** {@code GET /api/v2/alerts?active=&silenced=&inhibited=&unprocessed=&filter=&receiver=}. */
  public void get(Context ctx) {
    Filter f = filterOrError(ctx);
    if (f == null) {
      return;
    }
    Instant now = Instant.now();
    List<Object> out = new ArrayList<>();
    for (AlertStore.Entry e : store.list(x -> true)) {
      Map<String, Object> v = view(e, f, now);
      if (v != null) {
        out.add(v);
      }
    }
    ctx.contentType("application/json").result(json(out));
  }

  /** {@code GET /api/v2/alerts/groups}: the dispatcher's aggregation groups, same filters. */
  public void groups(Context ctx) {
    Filter f = filterOrError(ctx);
    if (f == null) {
      return;
    }
    Dispatcher d = dispatcher.get();
    List<Object> out = new ArrayList<>();
    if (d != null) {
      Instant now = Instant.now();
      for (AggregationGroup g : d.groups()) {
        String receiver = g.route().receiver();
        if (f.receiver() != null && !f.receiver().matcher(receiver).matches()) {
          continue;
        }
        List<Object> alerts = new ArrayList<>();
        for (AlertStore.Entry e : g.alerts()) {
          Map<String, Object> v =
              view(e, new Filter(f.active(), f.silenced(), f.inhibited(), f.matchers(), null), now);
          if (v != null) {
            alerts.add(v);
          }
        }
        if (alerts.isEmpty()) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alerts", alerts);
        m.put("labels", g.groupLabels().toMap());
        m.put("receiver", Map.of("name", receiver));
        out.add(m);
      }
    }
    ctx.contentType("application/json").result(json(out));
  }

  /** {@code GET /api/v2/receivers}: the configured receivers' names. */
  public void receivers(Context ctx) {
    Dispatcher d = dispatcher.get();
    NotifierConfig c = d == null ? null : d.config();
    List<Object> out = new ArrayList<>();
    if (c != null) {
      for (String name : c.receiverNames()) {
        out.add(Map.of("name", name));
      }
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
    Dispatcher d = dispatcher.get();
    NotifierConfig c = d == null ? null : d.config();
    m.put("config", Map.of("original", c == null ? "" : ConfigText.masked(c.source())));
    m.put("uptime", TIME.format(started));
    m.put("versionInfo", version);
    ctx.contentType("application/json").result(json(m));
  }
}
