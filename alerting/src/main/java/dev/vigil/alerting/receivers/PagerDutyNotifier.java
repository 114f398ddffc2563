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
 * {@code pagerduty_configs}: PagerDuty Events API v2. One alert group is one PagerDuty alert: its
 * {@code dedup_key} is the SHA-256 of the group key, a firing group sends {@code trigger} with the
 * payload (summary, source, severity, custom details, ...), a resolved one sends {@code resolve}.
 * The v1 {@code service_key} is not supported (PagerDuty retired the v1 API).
 */
public final class PagerDutyNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of(
          "routing_key",
          "routing_key_file",
          "service_key",
          "service_key_file",
          "url",
          "client",
          "client_url",
          "description",
          "details",
          "images",
          "links",
          "source",
          "severity",
          "class",
          "component",
          "group");
  static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

  /** The factory for {@code pagerduty_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "pagerduty_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new PagerDutyNotifier(
          ReceiverConfig.of("pagerduty_configs", config, global, ctx, KEYS));
    }
  }

  private record Link(String href, String text) {}

  private record Image(String src, String alt, String href) {}

  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final String routingKey;
  private final URI url;
  private final HttpConfig http;
  private final Duration timeout;
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final Map<String, String> details;
  private final List<Link> links = new ArrayList<>();
  private final List<Image> images = new ArrayList<>();

  private PagerDutyNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, true);
    templates = c.templates();
    if (c.has("service_key") || c.has("service_key_file")) {
      throw new ConfigException(
          c.node(),
          "pagerduty_configs: service_key is PagerDuty's retired Events API v1; use routing_key"
              + " (an Events API v2 integration key)");
    }
    routingKey = c.secret("routing_key", "routing_key_file", null, null);
    if (routingKey == null || routingKey.isEmpty()) {
      throw new ConfigException(c.node(), "pagerduty_configs: missing routing_key");
    }
    url = c.url("url", "pagerduty_url", DEFAULT_URL);
    http = c.http();
    timeout = c.timeout();
    texts.put("client", c.template("client", "{{ template \"pagerduty.default.client\" . }}"));
    texts.put(
        "client_url", c.template("client_url", "{{ template \"pagerduty.default.clientURL\" . }}"));
    texts.put(
        "description",
        c.template("description", "{{ template \"pagerduty.default.description\" . }}"));
    texts.put("severity", c.template("severity", "error"));
    for (String k : List.of("source", "class", "component", "group")) {
      String v = c.template(k, null);
      if (v != null) {
        texts.put(k, v);
      }
    }
    Map<String, String> d = c.templateMap("details");
    if (d.isEmpty()) {
      d = new LinkedHashMap<>();
      d.put("firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}");
      d.put("resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}");
      d.put("num_firing", "{{ .Alerts.Firing | len }}");
      d.put("num_resolved", "{{ .Alerts.Resolved | len }}");
    }
    details = d;
    for (YamlTree.MapNode m : c.maps("links")) {
      ReceiverConfig lc = c.nested("pagerduty_configs.links", m, Set.of("href", "text"));
      links.add(new Link(lc.template("href", ""), lc.template("text", "")));
    }
    for (YamlTree.MapNode m : c.maps("images")) {
      ReceiverConfig ic = c.nested("pagerduty_configs.images", m, Set.of("src", "alt", "href"));
      images.add(
          new Image(ic.template("src", ""), ic.template("alt", ""), ic.template("href", "")));
    }
  }

  @Override
  public String integration() {
    return "pagerduty";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    boolean firing = n.status().equals("firing");
    Map<String, String> v = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      v.put(e.getKey(), templates.expand(e.getValue(), d));
    }
    ObjectNode body = Payloads.object();
    body.put("routing_key", routingKey);
    body.put("event_action", firing ? "trigger" : "resolve");
    body.put("dedup_key", Payloads.groupKeyHash(n.groupKey()));
    if (firing) {
      ObjectNode p = body.putObject("payload");
      p.put("summary", Payloads.truncate(v.get("description"), 1024));
      String source = v.getOrDefault("source", "");
      p.put("source", source.isEmpty() ? v.get("client") : source);
      String severity = v.get("severity");
      if (!Set.of("critical", "error", "warning", "info").contains(severity)) {
        throw new NotifyException(
            "pagerduty: severity \"" + severity + "\" is not one of critical, error, warning, info",
            false);
      }
      p.put("severity", severity);
      p.put("timestamp", n.at().toString());
      for (String k : List.of("class", "component", "group")) {
        String x = v.get(k);
        if (x != null && !x.isEmpty()) {
          p.put(k, x);
        }
      }
      ObjectNode cd = p.putObject("custom_details");
      for (Map.Entry<String, String> e : details.entrySet()) {
        cd.put(e.getKey(), templates.expand(e.getValue(), d));
      }
    }
    body.put("client", v.get("client"));
    body.put("client_url", v.get("client_url"));
    if (!links.isEmpty()) {
      ArrayNode ls = body.putArray("links");
      for (Link l : links) {
        ls.addObject()
            .put("href", templates.expand(l.href(), d))
            .put("text", templates.expand(l.text(), d));
      }
    }
    if (!images.isEmpty()) {
      ArrayNode is = body.putArray("images");
      for (Image i : images) {
        is.addObject()
            .put("src", templates.expand(i.src(), d))
            .put("alt", templates.expand(i.alt(), d))
            .put("href", templates.expand(i.href(), d));
      }
    }
    HttpDelivery.postJson("pagerduty", http, url, Payloads.write(body), Map.of(), timeout);
  }
}
