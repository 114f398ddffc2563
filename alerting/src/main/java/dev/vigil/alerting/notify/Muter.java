package dev.vigil.alerting.notify;

import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * Something that keeps alerts from being notified: silences, inhibition rules, acknowledgements,
 * maintenance windows. The dispatcher asks every muter before a flush and drops muted alerts; the
 * v2 API reports the ids in an alert's {@code status.silencedBy} / {@code inhibitedBy}.
 *
 * <p>Implementations are thread-safe and cheap: they are asked once per alert per flush.
 */
public interface Muter {

  /**
   * The ids of what mutes an alert with {@code labels} at {@code now} (silence ids, fingerprints of
   * inhibiting alerts, ...); empty when nothing does.
   */
  List<String> mutedBy(Labels labels, Instant now);

  /**
   * Whether this muter is an inhibition (its ids go to an alert's {@code status.inhibitedBy})
   * rather than a silence-like one ({@code status.silencedBy}).
   */
  default boolean inhibits() {
    return false;
  }
}
