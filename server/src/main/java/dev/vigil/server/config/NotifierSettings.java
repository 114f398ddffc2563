package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code notifier:} section: the limits of the notifier's own state that Alertmanager sets with
 * flags ({@code --data.retention}, {@code --silences.*}) and those of what Vigil adds to it (alert
 * history, flap suppression). A reload applies {@code flapping} at once; {@code history_retention}
 * and {@code silences} take effect after a restart.
 *
 * @param historyRetention how long alert history events are kept (default 30d)
 * @param flapping when an alert counts as flapping and is held
 * @param silences how many silences are kept, how big one may be and how long expired ones stay
 */
public record NotifierSettings(
    @JsonProperty("history_retention") Duration historyRetention,
    @JsonProperty("flapping") Flapping flapping,
    @JsonProperty("silences") SilenceLimits silences) {

  /** Fills in defaults and checks the values. */
  public NotifierSettings {
    historyRetention = historyRetention == null ? Duration.ofDays(30) : historyRetention;
    flapping = flapping == null ? new Flapping(null, null) : flapping;
    silences = silences == null ? new SilenceLimits(null, null, null) : silences;
    ConfigChecks.positive("notifier.history_retention", historyRetention);
  }

  static NotifierSettings defaults() {
    return new NotifierSettings(null, null, null);
  }

  /**
   * Flap suppression: an alert that changes state more than {@code maxChanges} times within {@code
   * window} is held until it settles.
   *
   * @param maxChanges the most changes allowed in the window (default 6; 0 turns detection off)
   * @param window the window changes are counted in (default 30m)
   */
  public record Flapping(
      @JsonProperty("max_changes") Integer maxChanges, @JsonProperty("window") Duration window) {

    /** Fills in defaults and checks the values. */
    public Flapping {
      maxChanges = maxChanges == null ? 6 : maxChanges;
      window = window == null ? Duration.ofMinutes(30) : window;
      if (maxChanges < 0) {
        throw new IllegalArgumentException(
            "notifier.flapping.max_changes must be 0 (off) or more, not " + maxChanges);
      }
      ConfigChecks.positive("notifier.flapping.window", window);
    }
  }

  /**
   * Silence limits, as Alertmanager's {@code --silences.max-silences}, {@code
   * --silences.max-per-silence-bytes} and {@code --data.retention}.
   *
   * @param maxSilences the most silences kept, expired ones included (default 10000)
   * @param maxPerSilenceBytes the most bytes one silence's matchers, creator and comment take
   *     (default 65536; 0 means no limit)
   * @param retention how long an expired silence is kept (default 120h)
   */
  public record SilenceLimits(
      @JsonProperty("max_silences") Integer maxSilences,
      @JsonProperty("max_per_silence_bytes") Integer maxPerSilenceBytes,
      @JsonProperty("retention") Duration retention) {

    /** Fills in defaults and checks the values. */
    public SilenceLimits {
      maxSilences = maxSilences == null ? 10_000 : maxSilences;
      maxPerSilenceBytes = maxPerSilenceBytes == null ? 65_536 : maxPerSilenceBytes;
      retention = retention == null ? Duration.ofDays(5) : retention;
      if (maxSilences < 1) {
        throw new IllegalArgumentException(
            "notifier.silences.max_silences must be at least 1, not " + maxSilences);
      }
      if (maxPerSilenceBytes < 0) {
        throw new IllegalArgumentException(
            "notifier.silences.max_per_silence_bytes must be 0 (no limit) or more, not "
                + maxPerSilenceBytes);
      }
      ConfigChecks.positive("notifier.silences.retention", retention);
    }
  }
}
