/**
 * Inhibition rules ({@code inhibit_rules} of an alertmanager.yml): firing alerts that mute other
 * alerts. {@link dev.vigil.alerting.inhibit.Inhibitor} is the {@link
 * dev.vigil.alerting.notify.Muter}; {@link dev.vigil.alerting.inhibit.InhibitRules} reads the
 * configuration.
 */
package dev.vigil.alerting.inhibit;
