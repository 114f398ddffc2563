package dev.vigil.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.Alert;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTest {
  private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

  private static Notification.Member member(Labels labels, Labels annotations, boolean firing) {
    Alert a =
        new Alert(
            labels, annotations, NOW.minusSeconds(60), firing ? NOW.plusSeconds(60) : NOW, "");
    return new Notification.Member(a, AlertStore.fingerprint(labels), firing);
  }

  @Test
  void commonLabelsAreThoseEveryAlertShares() {
    Notification n =
        new Notification(
            "ops",
            "{}:{alertname=\"Down\"}",
            Labels.of("alertname", "Down"),
            List.of(
                member(
                    Labels.of("alertname", "Down", "instance", "a", "job", "node"),
                    Labels.of("summary", "a is down"),
                    true),
                member(
                    Labels.of("alertname", "Down", "instance", "b", "job", "node"),
                    Labels.of("summary", "b is down", "runbook", "r"),
                    false)),
            "http://vigil:9090",
            0,
            NOW);

    assertThat(n.commonLabels()).isEqualTo(Labels.of("alertname", "Down", "job", "node"));
    assertThat(n.commonAnnotations()).isEqualTo(Labels.empty());
    assertThat(n.status()).isEqualTo("firing");
    assertThat(n.firing()).hasSize(1);
    assertThat(n.resolved()).extracting(Notification.Member::status).containsExactly("resolved");
  }

  @Test
  void aGroupWithOnlyResolvedAlertsIsResolved() {
    Notification n =
        new Notification(
            "ops",
            "k",
            Labels.empty(),
            List.of(member(Labels.of("alertname", "X"), Labels.empty(), false)),
            "",
            0,
            NOW);
    assertThat(n.status()).isEqualTo("resolved");
  }
}
