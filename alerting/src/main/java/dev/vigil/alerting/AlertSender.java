package dev.vigil.alerting;

import java.util.List;

/**
 * Where rule evaluation sends its alerts: the built-in notifier, or Alertmanagers configured as
 * remote targets. Implementations are thread-safe and must not block the caller on delivery (queue
 * and return); a full queue drops the oldest alerts and counts them.
 */
public interface AlertSender {

  /** Hands over firing and resolved alerts, as Prometheus does after each rule group evaluation. */
  void send(List<Alert> alerts);
}
