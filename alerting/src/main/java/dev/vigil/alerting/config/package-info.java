/**
 * The notifier's configuration: an {@code alertmanager.yml} body read with line numbers ({@link
 * dev.vigil.alerting.config.NotifierConfig}), its routing tree ({@link
 * dev.vigil.alerting.config.Route}), time intervals, Alertmanager's matcher syntax, and the masked
 * text {@code /api/v2/status} shows.
 */
package dev.vigil.alerting.config;
