/**
 * What happened to alerts: the {@link dev.vigil.alerting.history.AlertHistory} of every state
 * change (persisted, queryable by labels and time), written by the {@link
 * dev.vigil.alerting.history.AlertTracker}; {@link dev.vigil.alerting.history.Acknowledgements}
 * (hold repeats of an alert someone is working on) and the {@link
 * dev.vigil.alerting.history.FlapDetector} (hold alerts that keep changing state), both {@link
 * dev.vigil.alerting.notify.Muter}s.
 */
package dev.vigil.alerting.history;
