/**
 * YAML read into nodes that keep their line and column, shared by the rule file and notifier config
 * readers so that every config error can name the file, line and reason.
 */
package dev.vigil.alerting.yaml;
