package dev.vigil.alerting.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.Alert;
import dev.vigil.alerting.notify.Notification;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook message, version 4: the same field names, order and value formats (Go's
 * RFC 3339 times with trailing zeros trimmed, label maps sorted by name, the receiver name
 * regexp-quoted), so receivers written for Alertmanager read it unchanged.
 */
public final class WebhookPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayload() {}

  /**
   * The JSON body for {@code n}, keeping at most {@code maxAlerts} alerts (0 keeps all) and
   * counting the rest in {@code truncatedAlerts}.
   */
  public static byte[] encode(Notification n, int maxAlerts) {
    List<Notification.Member> alerts = n.alerts();
    int truncated = n.truncatedAlerts();
    if (maxAlerts > 0 && alerts.size() > maxAlerts) {
      truncated += alerts.size() - maxAlerts;
      alerts = alerts.subList(0, maxAlerts);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receiver", quoteMeta(n.receiver()));
    m.put("status", n.status());
    List<Object> as = new ArrayList<>();
    for (Notification.Member a : alerts) {
      as.add(alert(a));
    }
    m.put("alerts", as);
    m.put("groupLabels", n.groupLabels().toMap());
    m.put("commonLabels", n.commonLabels().toMap());
    m.put("commonAnnotations", n.commonAnnotations().toMap());
    m.put("externalURL", n.externalUrl());
    m.put("version", "4");
    m.put("groupKey", n.groupKey());
    m.put("truncatedAlerts", truncated);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a webhook message", e);
    }
  }

  private static Map<String, Object> alert(Notification.Member member) {
    Alert a = member.alert();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", member.status());
    m.put("labels", a.labels().toMap());
    m.put("annotations", a.annotations().toMap());
    m.put("startsAt", goTime(a.startsAt()));
    m.put("endsAt", goTime(a.endsAt()));
    m.put("generatorURL", a.generatorUrl());
    m.put("fingerprint", member.fingerprint());
    return m;
  }

  /** A time as Go's encoding/json writes a UTC {@code time.Time}. */
  static String goTime(Instant t) {
    String s = DateTimeFormatter.ISO_INSTANT.format(t);
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }

  /** Go's {@code regexp.QuoteMeta}, which Alertmanager applies to the receiver name. */
  static String quoteMeta(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int ci = 0; ci < s.length(); ci++) {
      char c = s.charAt(ci);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
