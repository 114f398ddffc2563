/**
 * The notifier side of alerting. Today: {@link dev.vigil.alerting.notify.AlertStore}, the in-memory
 * set of alerts that Vigil's rules and remote Prometheus servers (through the Alertmanager v2 API)
 * send. Routing, grouping, silences and receivers build on it.
 */
package dev.vigil.alerting.notify;
