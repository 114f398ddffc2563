/**
 * Alertmanager's generic webhook integration ({@code webhook_configs}): the version 4 JSON message
 * and the notifier that POSTs it.
 */
package dev.vigil.alerting.webhook;
