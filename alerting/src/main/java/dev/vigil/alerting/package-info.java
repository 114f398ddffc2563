/**
 * Alerting: rule evaluation ({@code dev.vigil.alerting.rules}) produces {@link
 * dev.vigil.alerting.Alert}s and hands them to an {@link dev.vigil.alerting.AlertSender}; the
 * notifier ({@code dev.vigil.alerting.notify}) implements that seam with Alertmanager's semantics
 * (routing, grouping, inhibition, silences, notification log) and delivers to receivers.
 */
package dev.vigil.alerting;
