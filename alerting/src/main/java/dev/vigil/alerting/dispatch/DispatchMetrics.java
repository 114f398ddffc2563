package dev.vigil.alerting.dispatch;

import dev.vigil.core.selfmetrics.Counter;
import dev.vigil.core.selfmetrics.Gauge;
import dev.vigil.core.selfmetrics.Histogram;
import dev.vigil.core.selfmetrics.MetricsRegistry;

/**
 * The dispatcher's metrics under Alertmanager's own names, so that Alertmanager dashboards and
 * alerts work against Vigil: notifications and failures per integration, delivery latency, and
 * aggregation groups.
 */
public final class DispatchMetrics {
  final Counter notifications =
      new Counter(
          "alertmanager_notifications_total",
          "The total number of attempted notifications.",
          "integration");
  final Counter failed =
      new Counter(
          "alertmanager_notifications_failed_total",
          "The total number of failed notifications.",
          "integration");
  final Counter requests =
      new Counter(
          "alertmanager_notification_requests_total",
          "The total number of attempted notification requests.",
          "integration");
  final Counter requestsFailed =
      new Counter(
          "alertmanager_notification_requests_failed_total",
          "The total number of failed notification requests.",
          "integration");
  final Histogram latency =
      new Histogram(
          "alertmanager_notification_latency_seconds",
          "The latency of notifications in seconds.",
          new double[] {1, 5, 10, 15, 20},
          "integration");
  final Gauge groups =
      new Gauge(
          "alertmanager_dispatcher_aggregation_groups", "Number of active aggregation groups");

  /** Metrics that are not registered anywhere, for tests. */
  public DispatchMetrics() {}

  /** Registers every family with {@code registry}. */
  public DispatchMetrics(MetricsRegistry registry) {
    registry.register(notifications, notifications.name());
    registry.register(failed, failed.name());
    registry.register(requests, requests.name());
    registry.register(requestsFailed, requestsFailed.name());
    registry.register(latency, latency.name());
    registry.register(groups, groups.name());
  }
}
