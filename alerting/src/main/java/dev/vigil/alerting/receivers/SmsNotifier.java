package dev.vigil.alerting.receivers;

import dev.vigil.alerting.config.HttpConfig;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.template.Template;
import dev.vigil.alerting.yaml.YamlTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sms_configs} (Vigil's own): text messages through any HTTP SMS gateway. For each number in
 * {@code to}, the {@code message} template is expanded (and cut at {@code max_length}), then the
 * {@code url}, {@code headers} and {@code body} templates are expanded with {@code .To} and {@code
 * .Message} added to the usual data, and the request is sent with {@code method}. The default body
 * is {@code {"to": .To, "message": .Message}} as JSON.
 */
public final class SmsNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of("url", "method", "headers", "to", "message", "body", "content_type", "max_length");
  static final String DEFAULT_BODY = "{\"to\":{{ toJson .To }},\"message\":{{ toJson .Message }}}";

  /** The factory for {@code sms_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "sms_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new SmsNotifier(ReceiverConfig.of("sms_configs", config, global, ctx, KEYS));
    }
  }

  /**
   * The template data of one text message: the notification's plus {@code .To}, {@code .Message}.
   */
  record SmsData(TemplateData data, String to, String message) implements Template.Fields {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "To" -> to;
        case "Message" -> message;
        default -> data.field(name);
      };
    }
  }

  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final String url;
  private final String method;
  private final Map<String, String> headers;
  private final HttpConfig http;
  private final List<String> to;
  private final String message;
  private final String body;
  private final String contentType;
  private final int maxLength;
  private final Duration timeout;

  private SmsNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, false);
    templates = c.templates();
    url = c.template("url", null);
    if (url == null || url.isEmpty()) {
      throw new ConfigException(c.node(), "sms_configs: missing url");
    }
    if (!url.contains("{{")) {
      c.parseUrl("url", url);
    }
    method = c.string("method", "POST").toUpperCase(java.util.Locale.ROOT);
    if (!Set.of("GET", "POST", "PUT").contains(method)) {
      throw new ConfigException(c.node(), "sms_configs: method must be GET, POST or PUT");
    }
    headers = c.templateMap("headers");
    http = c.http();
    to = c.strings("to");
    if (to.isEmpty()) {
      throw new ConfigException(c.node(), "sms_configs: missing to (the phone numbers)");
    }
    for (String t : to) {
      c.templates().check(c.node(), t);
    }
    message = c.template("message", "{{ template \"sms.default.message\" . }}");
    body = c.template("body", method.equals("GET") ? "" : DEFAULT_BODY);
    contentType = c.string("content_type", "application/json");
    String max = c.string("max_length", "0");
    try {
      maxLength = Integer.parseInt(max);
    } catch (NumberFormatException e) {
      throw new ConfigException(c.node(), "sms_configs: max_length must be an integer");
    }
    timeout = c.timeout();
  }

  @Override
  public String integration() {
    return "sms";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    String text = templates.expand(message, d);
    if (maxLength > 0) {
      text = Payloads.truncate(text, maxLength);
    }
    NotifyException failed = null;
    int sent = 0;
    for (String number : to) {
      SmsData s = new SmsData(d, templates.expand(number, d), text);
      URI target;
      try {
        target = new URI(templates.expand(url, s));
      } catch (URISyntaxException e) {
        throw new NotifyException("sms: bad url after expansion: " + e.getMessage(), false, e);
      }
      Map<String, String> h = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : headers.entrySet()) {
        h.put(e.getKey(), templates.expand(e.getValue(), s));
      }
      String b = body.isEmpty() ? null : templates.expand(body, s);
      try {
        HttpDelivery.send("sms", http, method, target, b, contentType, h, timeout);
        sent++;
      } catch (NotifyException e) {
        failed = e;
      }
    }
    if (failed != null) {
      // Retrying resends to every number; say how many got theirs.
      throw new NotifyException(
          failed.getMessage() + " (" + sent + " of " + to.size() + " numbers reached)",
          failed.retryable(),
          failed);
    }
  }
}
