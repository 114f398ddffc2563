package dev.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.config.HttpConfig;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.yaml.YamlTree;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code opsgenie_configs}: Opsgenie's Alert API. A firing group creates an alert ({@code POST
 * v2/alerts}) whose {@code alias} is the SHA-256 of the group key, so repeats update the same
 * Opsgenie alert; a resolved group closes it ({@code POST v2/alerts/{alias}/close?identifierType=
 * alias}). The message is cut at Opsgenie's 130 characters; the group's common labels go into
 * {@code details}, under the configured details. With {@code update_alerts: true} the open alert's
 * message and description are replaced too ({@code PUT v2/alerts/{alias}/message} and {@code
 * .../description}), which Opsgenie does not do when an alert is created again.
 */
public final class OpsgenieNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of(
          "api_key",
          "api_key_file",
          "api_url",
          "message",
          "description",
          "source",
          "details",
          "entity",
          "responders",
          "actions",
          "tags",
          "note",
          "priority",
          "update_alerts");
  static final String DEFAULT_URL = "https://api.opsgenie.com/";

  /** The factory for {@code opsgenie_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "opsgenie_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new OpsgenieNotifier(ReceiverConfig.of("opsgenie_configs", config, global, ctx, KEYS));
    }
  }

  private record Responder(String id, String name, String username, String type) {}

  private final boolean sendResolved;
  private final boolean updateAlerts;
  private final NotificationTemplates templates;
  private final String base;
  private final Map<String, String> headers;
  private final HttpConfig http;
  private final Duration timeout;
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final Map<String, String> details;
  private final List<Responder> responders = new ArrayList<>();

  private OpsgenieNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, true);
    updateAlerts = c.bool("update_alerts", null, false);
    templates = c.templates();
    String key = c.secret("api_key", "api_key_file", "opsgenie_api_key", "opsgenie_api_key_file");
    if (key == null || key.isEmpty()) {
      throw new ConfigException(
          c.node(), "opsgenie_configs: missing api_key (and no global opsgenie_api_key)");
    }
    URI api = c.url("api_url", "opsgenie_api_url", DEFAULT_URL);
    String b = api.toString();
    base = b.endsWith("/") ? b : b + "/";
    headers = Map.of("Authorization", "GenieKey " + key);
    http = c.http();
    timeout = c.timeout();
    texts.put("message", c.template("message", "{{ template \"opsgenie.default.message\" . }}"));
    texts.put(
        "description",
        c.template("description", "{{ template \"opsgenie.default.description\" . }}"));
    texts.put("source", c.template("source", "{{ template \"opsgenie.default.source\" . }}"));
    for (String k : List.of("entity", "actions", "tags", "note", "priority")) {
      String v = c.template(k, null);
      if (v != null) {
        texts.put(k, v);
      }
    }
    details = c.templateMap("details");
    for (YamlTree.MapNode m : c.maps("responders")) {
      ReceiverConfig rc =
          c.nested("opsgenie_configs.responders", m, Set.of("id", "name", "username", "type"));
      String type = rc.template("type", "");
      if (!type.contains("{{")
          && !Set.of("team", "teams", "user", "escalation", "schedule").contains(type)) {
        throw new ConfigException(
            m,
            "opsgenie_configs: responder type must be team, teams, user, escalation or schedule");
      }
      responders.add(
          new Responder(
              rc.template("id", ""), rc.template("name", ""), rc.template("username", ""), type));
    }
  }

  @Override
  public String integration() {
    return "opsgenie";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    Map<String, String> v = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      v.put(e.getKey(), templates.expand(e.getValue(), d));
    }
    String alias = Payloads.groupKeyHash(n.groupKey());
    if (!n.status().equals("firing")) {
      ObjectNode body = Payloads.object().put("source", v.get("source"));
      URI close = URI.create(base + "v2/alerts/" + alias + "/close?identifierType=alias");
      HttpDelivery.postJson("opsgenie", http, close, Payloads.write(body), headers, timeout);
      return;
    }
    ObjectNode body = Payloads.object();
    body.put("alias", alias);
    body.put("message", Payloads.truncate(v.get("message"), 130));
    body.put("description", v.get("description"));
    body.put("source", v.get("source"));
    ObjectNode det = body.putObject("details");
    d.commonLabels().forEach(det::put);
    for (Map.Entry<String, String> e : details.entrySet()) {
      det.put(e.getKey(), templates.expand(e.getValue(), d));
    }
    if (!responders.isEmpty()) {
      ArrayNode rs = body.putArray("responders");
      for (Responder r : responders) {
        ObjectNode o = rs.addObject();
        String type = templates.expand(r.type(), d);
        putIfSet(o, "id", templates.expand(r.id(), d));
        putIfSet(o, "name", templates.expand(r.name(), d));
        putIfSet(o, "username", templates.expand(r.username(), d));
        o.put("type", type.equals("teams") ? "team" : type);
      }
    }
    listOf(body, "tags", v.get("tags"));
    listOf(body, "actions", v.get("actions"));
    putIfSet(body, "note", v.get("note"));
    putIfSet(body, "entity", v.get("entity"));
    String priority = v.get("priority");
    if (priority != null && !priority.isEmpty()) {
      if (!priority.matches("P[1-5]")) {
        throw new NotifyException(
            "opsgenie: priority \"" + priority + "\" is not one of P1..P5", false);
      }
      body.put("priority", priority);
    }
    HttpDelivery.postJson(
        "opsgenie", http, URI.create(base + "v2/alerts"), Payloads.write(body), headers, timeout);
    if (updateAlerts) {
      // Opsgenie keeps an open alert's message and description when the same alias is created
      // again; update_alerts sets them to the new text.
      String at = base + "v2/alerts/" + alias;
      put(
          URI.create(at + "/message?identifierType=alias"),
          "message",
          body.get("message").asText());
      put(
          URI.create(at + "/description?identifierType=alias"),
          "description",
          v.get("description"));
    }
  }

  private void put(URI url, String key, String value) throws NotifyException, InterruptedException {
    ObjectNode b = Payloads.object().put(key, value);
    HttpDelivery.send(
        "opsgenie", http, "PUT", url, Payloads.write(b), "application/json", headers, timeout);
  }

  private static void listOf(ObjectNode body, String key, String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return;
    }
    ArrayNode a = body.putArray(key);
    for (String t : java.util.regex.Pattern.compile(",").splitAsStream(commaSeparated).toList()) {
      if (!t.isBlank()) {
        a.add(t.strip());
      }
    }
  }

  private static void putIfSet(ObjectNode o, String key, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(key, value);
    }
  }
}
