package dev.vigil.alerting.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every integration kind a receiver can use, by its {@code *_configs} key. One line per kind. */
public final class Integrations {
  private Integrations() {}

  private static List<NotifierFactory> all() {
    return List.of(
        // one line per integration kind
        new dev.vigil.alerting.webhook.WebhookNotifier.Factory(),
        new dev.vigil.alerting.receivers.EmailNotifier.Factory(),
        new dev.vigil.alerting.receivers.SlackNotifier.Factory(),
        new dev.vigil.alerting.receivers.PagerDutyNotifier.Factory(),
        new dev.vigil.alerting.receivers.TeamsNotifier.Factory(),
        new dev.vigil.alerting.receivers.TeamsNotifier.AdaptiveFactory(),
        new dev.vigil.alerting.receivers.TelegramNotifier.Factory(),
        new dev.vigil.alerting.receivers.OpsgenieNotifier.Factory(),
        new dev.vigil.alerting.receivers.SmsNotifier.Factory(),
        new dev.vigil.alerting.actions.ActionNotifier.Factory());
  }

  /** The factories by config key. */
  public static Map<String, NotifierFactory> byKey() {
    Map<String, NotifierFactory> out = new LinkedHashMap<>();
    for (NotifierFactory f : all()) {
      out.put(f.configKey(), f);
    }
    return out;
  }
}
