package dev.vigil.alerting.notify;

import dev.vigil.alerting.Alert;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one receiver is told about one alert group at one flush: the data that Alertmanager's
 * notification templates and webhook payload carry ({@code receiver}, {@code status}, {@code
 * alerts}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations}, {@code
 * externalURL}, {@code groupKey}, {@code truncatedAlerts}).
 *
 * @param receiver the receiver's name from the config
 * @param groupKey the stable key of the route and group the alerts belong to
 * @param groupLabels the values of the route's {@code group_by} labels for this group
 * @param alerts the group's alerts at flush time, firing ones first, each ordered by fingerprint
 * @param externalUrl the URL under which Vigil is reached (links in messages)
 * @param truncatedAlerts how many alerts a receiver's {@code max_alerts} left out (0 otherwise)
 * @param at the flush time; an alert whose {@code endsAt} is not after it is resolved
 */
public record Notification(
    String receiver,
    String groupKey,
    Labels groupLabels,
    List<Member> alerts,
    String externalUrl,
    int truncatedAlerts,
    Instant at) {

  /** One alert of the group as the receiver sees it. */
  public record Member(Alert alert, String fingerprint, boolean firing) {
    public Member {
      Objects.requireNonNull(alert, "alert");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** {@code "firing"} or {@code "resolved"}, as Alertmanager writes it. */
    public String status() {
      return firing ? "firing" : "resolved";
    }
  }

  public Notification {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(groupLabels, "groupLabels");
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(at, "at");
  }

  /** {@code "firing"} when at least one alert fires, else {@code "resolved"}. */
  public String status() {
    for (Member m : alerts) {
      if (m.firing()) {
        return "firing";
      }
    }
    return "resolved";
  }

  /** The firing alerts. */
  public List<Member> firing() {
    return alerts.stream().filter(Member::firing).toList();
  }

  /** The resolved alerts. */
  public List<Member> resolved() {
    return alerts.stream().filter(m -> !m.firing()).toList();
  }

  /** The labels every alert of the group has with the same value. */
  public Labels commonLabels() {
    return common(alerts.stream().map(m -> m.alert().labels()).toList());
  }

  /** The annotations every alert of the group has with the same value. */
  public Labels commonAnnotations() {
    return common(alerts.stream().map(m -> m.alert().annotations()).toList());
  }

  private static Labels common(List<Labels> sets) {
    if (sets.isEmpty()) {
      return Labels.empty();
    }
    Labels first = sets.get(0);
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < first.size(); i++) {
      String name = first.name(i);
      String value = first.value(i);
      boolean shared = true;
      for (Labels other : sets) {
        if (!other.get(name).equals(value)) {
          shared = false;
          break;
        }
      }
      if (shared) {
        b.set(name, value);
      }
    }
    return b.build();
  }
}
