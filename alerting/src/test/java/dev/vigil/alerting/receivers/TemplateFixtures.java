package dev.vigil.alerting.receivers;

import dev.vigil.alerting.Alert;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Notifications the receiver tests send. */
final class TemplateFixtures {
  private TemplateFixtures() {}

  static final Instant AT = Instant.parse("2026-11-22T06:10:00Z");

  /** Two firing alerts and one resolved one of the group {@code alertname=HostDown}. */
  static Notification hostDown() {
    List<Notification.Member> alerts = new ArrayList<>();
    alerts.add(
        member(
            Labels.of(
                "account",
                "shop",
                "alertname",
                "HostDown",
                "instance",
                "web-1:9100",
                "severity",
                "page"),
            Labels.of(
                "summary", "web-1 is down <since boot>", "description", "no scrape & no ping"),
            "2026-11-22T06:00:00.5Z",
            "2026-11-22T06:14:00Z",
            true));
    alerts.add(
        member(
            Labels.of(
                "account",
                "shop",
                "alertname",
                "HostDown",
                "instance",
                "web-2:9100",
                "severity",
                "page"),
            Labels.of("summary", "web-2 is down"),
            "2026-11-22T06:01:00Z",
            "2026-11-22T06:14:00Z",
            true));
    alerts.add(
        member(
            Labels.of(
                "account",
                "shop",
                "alertname",
                "HostDown",
                "instance",
                "db-1:9100",
                "severity",
                "page"),
            Labels.empty(),
            "2026-11-22T05:00:00Z",
            "2026-11-22T05:30:00Z",
            false));
    return new Notification(
        "team-infra",
        "{}:{alertname=\"HostDown\"}",
        Labels.of("alertname", "HostDown"),
        alerts,
        "http://vigil.example:7070",
        0,
        AT);
  }

  /** One resolved alert. */
  static Notification resolved() {
    Notification n = hostDown();
    return new Notification(
        n.receiver(), n.groupKey(), n.groupLabels(), n.resolved(), n.externalUrl(), 0, AT);
  }

  static Notification.Member member(
      Labels labels, Labels annotations, String start, String end, boolean firing) {
    return new Notification.Member(
        new Alert(
            labels,
            annotations,
            Instant.parse(start),
            Instant.parse(end),
            firing ? "http://prom:9090/graph?g0.expr=up+%3D%3D+0" : ""),
        AlertStore.fingerprint(labels),
        firing);
  }
}
