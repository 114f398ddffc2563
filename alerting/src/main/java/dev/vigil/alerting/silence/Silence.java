package dev.vigil.alerting.silence;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One silence as Alertmanager has it: while it is active, alerts whose labels satisfy all its
 * matchers are not notified. A silence is never edited in a way that rewrites what it did in the
 * past: changing the matchers or moving the start of an active silence expires it and creates a new
 * one (see {@link Silences#set}).
 *
 * @param id a random UUID, assigned by {@link Silences}
 * @param matchers at least one; all must hold (an absent label is the empty string)
 * @param startsAt when it starts muting
 * @param endsAt when it stops muting (expiring sets this to the expiry time)
 * @param updatedAt the last change
 * @param createdBy who made it
 * @param comment why
 */
public record Silence(
    String id,
    List<Matcher> matchers,
    Instant startsAt,
    Instant endsAt,
    Instant updatedAt,
    String createdBy,
    String comment) {

  /** The states Alertmanager reports, in its sort order. */
  public enum State {
    ACTIVE,
    PENDING,
    EXPIRED;

    /** The name in the API ({@code active}, {@code pending}, {@code expired}). */
    public String apiName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Silence {
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(comment, "comment");
  }

  /** The state at {@code now}: pending before the start, expired after the end, else active. */
  public State state(Instant now) {
    if (now.isBefore(startsAt)) {
      return State.PENDING;
    }
    if (now.isAfter(endsAt)) {
      return State.EXPIRED;
    }
    return State.ACTIVE;
  }

  /** Whether every matcher accepts {@code labels}. */
  public boolean matches(Labels labels) {
    return allMatch(matchers, labels);
  }

  /**
   * Whether every one of {@code matchers} accepts {@code labels} (an absent label is the empty
   * string): how silences, inhibition rules and routes match alerts.
   */
  public static boolean allMatch(List<Matcher> matchers, Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** A copy with other times. */
  Silence withTimes(Instant start, Instant end, Instant updated) {
    return new Silence(id, matchers, start, end, updated, createdBy, comment);
  }

  /** A copy with another id. */
  Silence withId(String newId) {
    return new Silence(newId, matchers, startsAt, endsAt, updatedAt, createdBy, comment);
  }
}
