package dev.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code slack_configs}: one message with one attachment per notification, the body Alertmanager
 * posts to an incoming webhook or to {@code chat.postMessage} (then with a bot token in {@code
 * http_config.authorization}). Slack answers 200 with {@code {"ok": false}} for a refused {@code
 * chat.postMessage}; that is an error that is not retried.
 */
public final class SlackNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of(
          "api_url",
          "api_url_file",
          "channel",
          "username",
          "color",
          "title",
          "title_link",
          "pretext",
          "text",
          "fields",
          "short_fields",
          "footer",
          "fallback",
          "callback_id",
          "icon_emoji",
          "icon_url",
          "image_url",
          "thumb_url",
          "link_names",
          "mrkdwn_in",
          "actions");
  private static final List<String> TEXT_KEYS =
      List.of(
          "channel",
          "username",
          "color",
          "title",
          "title_link",
          "pretext",
          "text",
          "footer",
          "fallback",
          "callback_id",
          "icon_emoji",
          "icon_url",
          "image_url",
          "thumb_url");

  /** The factory for {@code slack_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "slack_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new SlackNotifier(ReceiverConfig.of("slack_configs", config, global, ctx, KEYS));
    }
  }

  private record Field(String title, String value, Boolean isShort) {}

  private record Action(Map<String, String> texts) {}

  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final URI url;
  private final HttpConfig http;
  private final Duration timeout;
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final List<Field> fields = new ArrayList<>();
  private final List<Action> actions = new ArrayList<>();
  private final boolean shortFields;
  private final boolean linkNames;
  private final List<String> mrkdwnIn;

  private SlackNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, false);
    templates = c.templates();
    String file = c.secret("api_url", "api_url_file", "slack_api_url", "slack_api_url_file");
    if (file == null) {
      throw new ConfigException(
          c.node(), "slack_configs: missing api_url (and no global slack_api_url)");
    }
    url = c.parseUrl("api_url", file);
    http = c.http();
    timeout = c.timeout();
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("username", "{{ template \"slack.default.username\" . }}");
    defaults.put("color", "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}");
    defaults.put("title", "{{ template \"slack.default.title\" . }}");
    defaults.put("title_link", "{{ template \"slack.default.titlelink\" . }}");
    defaults.put("pretext", "{{ template \"slack.default.pretext\" . }}");
    defaults.put("text", "{{ template \"slack.default.text\" . }}");
    defaults.put("footer", "{{ template \"slack.default.footer\" . }}");
    defaults.put("fallback", "{{ template \"slack.default.fallback\" . }}");
    defaults.put("callback_id", "{{ template \"slack.default.callbackid\" . }}");
    defaults.put("icon_emoji", "{{ template \"slack.default.iconemoji\" . }}");
    defaults.put("icon_url", "{{ template \"slack.default.iconurl\" . }}");
    for (String k : TEXT_KEYS) {
      String v = c.template(k, defaults.get(k));
      if (v != null) {
        texts.put(k, v);
      }
    }
    shortFields = c.bool("short_fields", null, false);
    linkNames = c.bool("link_names", null, false);
    List<String> m = c.strings("mrkdwn_in");
    mrkdwnIn = m.isEmpty() ? List.of("fallback", "pretext", "text") : m;
    for (YamlTree.MapNode f : c.maps("fields")) {
      ReceiverConfig fc = c.nested("slack_configs.fields", f, Set.of("title", "value", "short"));
      fields.add(
          new Field(
              fc.template("title", ""),
              fc.template("value", ""),
              fc.has("short") ? fc.bool("short", null, false) : null));
    }
    for (YamlTree.MapNode a : c.maps("actions")) {
      ReceiverConfig ac =
          c.nested(
              "slack_configs.actions", a, Set.of("type", "text", "url", "style", "name", "value"));
      Map<String, String> t = new LinkedHashMap<>();
      for (String k : List.of("type", "text", "url", "style", "name", "value")) {
        String v = ac.template(k, null);
        if (v != null) {
          t.put(k, v);
        }
      }
      actions.add(new Action(t));
    }
  }

  @Override
  public String integration() {
    return "slack";
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
    ObjectNode att = Payloads.object();
    putIfSet(att, "title", v.get("title"));
    putIfSet(att, "title_link", v.get("title_link"));
    putIfSet(att, "pretext", v.get("pretext"));
    putIfSet(att, "text", v.get("text"));
    putIfSet(att, "fallback", v.get("fallback"));
    putIfSet(att, "callback_id", v.get("callback_id"));
    putIfSet(att, "image_url", v.get("image_url"));
    putIfSet(att, "thumb_url", v.get("thumb_url"));
    putIfSet(att, "footer", v.get("footer"));
    putIfSet(att, "color", v.get("color"));
    ArrayNode mk = att.putArray("mrkdwn_in");
    mrkdwnIn.forEach(mk::add);
    if (!fields.isEmpty()) {
      ArrayNode fs = att.putArray("fields");
      for (Field f : fields) {
        ObjectNode o = fs.addObject();
        o.put("title", templates.expand(f.title(), d));
        o.put("value", templates.expand(f.value(), d));
        o.put("short", f.isShort() != null ? f.isShort() : shortFields);
      }
    }
    if (!actions.isEmpty()) {
      ArrayNode as = att.putArray("actions");
      for (Action a : actions) {
        ObjectNode o = as.addObject();
        for (Map.Entry<String, String> e : a.texts().entrySet()) {
          o.put(e.getKey(), templates.expand(e.getValue(), d));
        }
      }
    }
    ObjectNode body = Payloads.object();
    putIfSet(body, "channel", v.get("channel"));
    putIfSet(body, "username", v.get("username"));
    putIfSet(body, "icon_emoji", v.get("icon_emoji"));
    putIfSet(body, "icon_url", v.get("icon_url"));
    if (linkNames) {
      body.put("link_names", true);
    }
    body.putArray("attachments").add(att);
    HttpDelivery.Response r =
        HttpDelivery.postJson("slack", http, url, Payloads.write(body), Map.of(), timeout);
    JsonNode answer = Payloads.read(r.body());
    if (answer != null && answer.path("ok").isBoolean() && !answer.path("ok").asBoolean()) {
      throw new NotifyException(
          "slack: the API refused the message: " + answer.path("error").asText("unknown error"),
          false);
    }
  }

  private static void putIfSet(ObjectNode o, String key, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(key, value);
    }
  }
}
