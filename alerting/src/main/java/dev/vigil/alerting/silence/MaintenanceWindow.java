package dev.vigil.alerting.silence;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A recurring maintenance window: every week on some weekdays, or every month on some days, from a
 * local time for a duration, in a time zone; while it is open it mutes the alerts its matchers
 * accept. A window may run past midnight (Saturday 22:00 for 6h ends Sunday 04:00). Days of the
 * month may count from the end ({@code -1} is the last day); a day a month lacks (the 31st in
 * April) is skipped. Local times that a daylight-saving change skips start at the first valid time
 * after; the duration is real time.
 *
 * @param id assigned by {@link MaintenanceWindows}
 * @param name what the maintenance is
 * @param matchers at least one; all must hold
 * @param every {@code WEEKLY} or {@code MONTHLY}
 * @param days for weekly: ISO day numbers 1 (Monday) to 7 (Sunday); for monthly: 1 to 31 or -31 to
 *     -1
 * @param start the local start time
 * @param duration how long it stays open, more than 0 and at most 31 days
 * @param zone the time zone of {@code start} and the days
 */
public record MaintenanceWindow(
    String id,
    String name,
    List<Matcher> matchers,
    Every every,
    List<Integer> days,
    LocalTime start,
    Duration duration,
    ZoneId zone,
    String createdBy,
    String comment) {

  /** How the window recurs. */
  public enum Every {
    WEEKLY,
    MONTHLY
  }

  private static final Duration MAX = Duration.ofDays(31);

  public MaintenanceWindow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(every, "every");
    days = List.copyOf(days);
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(comment, "comment");
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("at least one matcher required");
    }
    if (days.isEmpty()) {
      throw new IllegalArgumentException("days: at least one day required");
    }
    for (int d : days) {
      boolean ok = every == Every.WEEKLY ? d >= 1 && d <= 7 : d != 0 && d >= -31 && d <= 31;
      if (!ok) {
        throw new IllegalArgumentException(
            "days: "
                + d
                + (every == Every.WEEKLY
                    ? " is not a weekday (1 Monday to 7 Sunday)"
                    : " is not a day of the month (1 to 31, or -1 to -31 from the end)"));
      }
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("duration must be more than 0 and at most 31 days");
    }
  }

  /** Whether the window is open at {@code t}. */
  public boolean openAt(Instant t) {
    LocalDate today = t.atZone(zone).toLocalDate();
    long back = duration.toDays() + 1;
    for (long i = 0; i <= back; i++) {
      LocalDate d = today.minusDays(i);
      if (!onDay(d)) {
        continue;
      }
      ZonedDateTime from = ZonedDateTime.of(d, start, zone);
      Instant s = from.toInstant();
      if (!t.isBefore(s) && t.isBefore(s.plus(duration))) {
        return true;
      }
    }
    return false;
  }

  private boolean onDay(LocalDate d) {
    if (every == Every.WEEKLY) {
      DayOfWeek w = d.getDayOfWeek();
      return days.contains(w.getValue());
    }
    int len = d.lengthOfMonth();
    for (int day : days) {
      int dom = day > 0 ? day : len + 1 + day;
      if (dom == d.getDayOfMonth()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the window is open at {@code t} and its matchers accept {@code labels}. */
  public boolean mutes(Labels labels, Instant t) {
    return Silence.allMatch(matchers, labels) && openAt(t);
  }
}
