/**
 * Silences: Alertmanager's silences (matchers, start and end, creator, comment; pending, active,
 * expired), kept in the metadata store so they survive a restart, and a {@link
 * dev.vigil.alerting.notify.Muter} over them. {@link dev.vigil.alerting.silence.Silences} is the
 * store; the HTTP API ({@code /api/v2/silences}) lives in the server module.
 */
package dev.vigil.alerting.silence;
