package dev.vigil.alerting.rules;

import java.util.Locale;

/** The state of an alert, ordered from least to most severe, as Prometheus names them. */
public enum AlertState {
  INACTIVE,
  PENDING,
  FIRING;

  /** The lower-case name the APIs and the {@code alertstate} label use. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
