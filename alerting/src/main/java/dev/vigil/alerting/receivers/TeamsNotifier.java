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
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Teams. {@code msteams_configs} posts the Office 365 connector {@code MessageCard}
 * (title, summary, text, a theme colour by status) that Alertmanager's {@code msteams} integration
 * sends to an incoming webhook; {@code msteamsv2_configs} posts a message with one Adaptive Card (a
 * heading and a text block), the format of Teams workflows (Power Automate) webhooks.
 */
public final class TeamsNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of("webhook_url", "webhook_url_file", "title", "summary", "text");

  /** The factory for {@code msteams_configs} (MessageCard). */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "msteams_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new TeamsNotifier(
          ReceiverConfig.of("msteams_configs", config, global, ctx, KEYS), false);
    }
  }

  /** The factory for {@code msteamsv2_configs} (Adaptive Card). */
  public static final class AdaptiveFactory implements NotifierFactory {
    @Override
    public String configKey() {
      return "msteamsv2_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new TeamsNotifier(
          ReceiverConfig.of("msteamsv2_configs", config, global, ctx, KEYS), true);
    }
  }

  private final boolean adaptive;
  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final URI url;
  private final HttpConfig http;
  private final Duration timeout;
  private final String title;
  private final String summary;
  private final String text;

  private TeamsNotifier(ReceiverConfig c, boolean adaptive) throws ConfigException {
    this.adaptive = adaptive;
    sendResolved = c.bool("send_resolved", null, true);
    templates = c.templates();
    String u =
        c.secret(
            "webhook_url",
            "webhook_url_file",
            adaptive ? "msteamsv2_webhook_url" : "msteams_webhook_url",
            null);
    if (u == null) {
      throw new ConfigException(c.node(), "msteams: missing webhook_url");
    }
    url = c.parseUrl("webhook_url", u);
    http = c.http();
    timeout = c.timeout();
    title = c.template("title", "{{ template \"msteams.default.title\" . }}");
    summary = c.template("summary", "{{ template \"msteams.default.summary\" . }}");
    text = c.template("text", "{{ template \"msteams.default.text\" . }}");
  }

  @Override
  public String integration() {
    return adaptive ? "msteamsv2" : "msteams";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    String t = templates.expand(title, d);
    String x = templates.expand(text, d);
    boolean firing = n.status().equals("firing");
    ObjectNode body = Payloads.object();
    if (adaptive) {
      body.put("type", "message");
      ObjectNode att = body.putArray("attachments").addObject();
      att.put("contentType", "application/vnd.microsoft.card.adaptive");
      ObjectNode card = att.putObject("content");
      card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
      card.put("type", "AdaptiveCard");
      card.put("version", "1.2");
      ArrayNode blocks = card.putArray("body");
      blocks
          .addObject()
          .put("type", "TextBlock")
          .put("text", t)
          .put("weight", "Bolder")
          .put("size", "Medium")
          .put("wrap", true)
          .put("style", "heading")
          .put("color", firing ? "Attention" : "Good");
      blocks.addObject().put("type", "TextBlock").put("text", x).put("wrap", true);
      card.putObject("msteams").put("width", "full");
    } else {
      body.put("@type", "MessageCard");
      body.put("@context", "http://schema.org/extensions");
      body.put("themeColor", firing ? "8C1A1A" : "2DC72D");
      body.put("title", t);
      body.put("summary", templates.expand(summary, d));
      body.put("text", x);
    }
    HttpDelivery.postJson(integration(), http, url, Payloads.write(body), Map.of(), timeout);
  }
}
