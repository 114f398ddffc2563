package dev.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code telegram_configs}: the Bot API's {@code sendMessage} ({@code chat_id}, {@code text},
 * {@code parse_mode}, {@code disable_notification}, {@code message_thread_id}). With {@code
 * parse_mode: HTML} (the default) the message template is expanded with HTML escaping, so alert
 * text cannot break Telegram's markup; the text is cut at Telegram's 4096 characters.
 */
public final class TelegramNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of(
          "api_url",
          "bot_token",
          "bot_token_file",
          "chat_id",
          "message_thread_id",
          "message",
          "disable_notifications",
          "parse_mode");
  static final String DEFAULT_URL = "https://api.telegram.org";

  /** The factory for {@code telegram_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "telegram_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      return new TelegramNotifier(ReceiverConfig.of("telegram_configs", config, global, ctx, KEYS));
    }
  }

  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final URI url;
  private final HttpConfig http;
  private final Duration timeout;
  private final long chatId;
  private final Long threadId;
  private final String message;
  private final boolean silent;
  private final String parseMode;

  private TelegramNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, true);
    templates = c.templates();
    String token = c.secret("bot_token", "bot_token_file", null, null);
    if (token == null || token.isEmpty()) {
      throw new ConfigException(c.node(), "telegram_configs: missing bot_token");
    }
    URI api = c.url("api_url", "telegram_api_url", DEFAULT_URL);
    String base = api.toString().replaceAll("/+$", "");
    url = c.parseUrl("api_url", base + "/bot" + token + "/sendMessage");
    http = c.http();
    timeout = c.timeout();
    chatId = number(c, "chat_id", true);
    threadId = c.has("message_thread_id") ? number(c, "message_thread_id", false) : null;
    message = c.template("message", "{{ template \"telegram.default.message\" . }}");
    silent = c.bool("disable_notifications", null, false);
    parseMode = c.string("parse_mode", "HTML");
    if (!Set.of("", "HTML", "Markdown", "MarkdownV2").contains(parseMode)) {
      throw new ConfigException(
          c.node(), "telegram_configs: parse_mode must be HTML, Markdown, MarkdownV2 or empty");
    }
  }

  private static long number(ReceiverConfig c, String key, boolean required)
      throws ConfigException {
    String v = c.string(key, null);
    if (v == null) {
      if (required) {
        throw new ConfigException(c.node(), "telegram_configs: missing " + key);
      }
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(c.node(), "telegram_configs: " + key + " must be an integer");
    }
  }

  @Override
  public String integration() {
    return "telegram";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    String text =
        parseMode.equals("HTML") ? templates.expandHtml(message, d) : templates.expand(message, d);
    ObjectNode body = Payloads.object();
    body.put("chat_id", chatId);
    if (threadId != null) {
      body.put("message_thread_id", threadId);
    }
    body.put("text", Payloads.truncate(text, 4096));
    if (!parseMode.isEmpty()) {
      body.put("parse_mode", parseMode);
    }
    body.put("disable_notification", silent);
    HttpDelivery.Response r =
        HttpDelivery.postJson("telegram", http, url, Payloads.write(body), Map.of(), timeout);
    JsonNode answer = Payloads.read(r.body());
    if (answer != null && answer.path("ok").isBoolean() && !answer.path("ok").asBoolean()) {
      throw new NotifyException("telegram: " + answer.path("description").asText("refused"), false);
    }
  }
}
