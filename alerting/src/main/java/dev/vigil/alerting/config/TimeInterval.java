package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One named entry of {@code time_intervals:} (or the older {@code mute_time_intervals:}): a list of
 * periods, any of which contains a time. A period restricts times of day, weekdays, days of the
 * month (negative ones count from the month's end), months and years, each as a list of single
 * values or inclusive {@code a:b} ranges, in its {@code location} (UTC by default); a field left
 * out allows everything.
 *
 * <p>Immutable and thread-safe.
 */
public record TimeInterval(String name, List<Period> periods) {
  private static final List<String> WEEKDAYS =
      List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
  private static final List<String> MONTHS =
      List.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");

  /** An inclusive range of integers. */
  public record Range(int from, int to) {
    boolean contains(int v) {
      return v >= from && v <= to;
    }
  }

  /**
   * One period; an empty list allows every value. Times are minutes of the day, {@code to}
   * exclusive.
   */
  public record Period(
      List<Range> minutes,
      List<Range> weekdays,
      List<Range> daysOfMonth,
      List<Range> months,
      List<Range> years,
      ZoneId location) {

    /** Whether {@code t} lies in this period. */
    public boolean contains(Instant t) {
      ZonedDateTime z = t.atZone(location);
      int minute = z.getHour() * 60 + z.getMinute();
      if (!minutes.isEmpty()
          && minutes.stream().noneMatch(r -> minute >= r.from && minute < r.to)) {
        return false;
      }
      int weekday = z.getDayOfWeek().getValue() % 7;
      if (!in(weekdays, weekday)) {
        return false;
      }
      if (!daysOfMonth.isEmpty()) {
        int len = z.toLocalDate().lengthOfMonth();
        int day = z.getDayOfMonth();
        boolean hit = false;
        for (Range r : daysOfMonth) {
          int from = r.from < 0 ? len + 1 + r.from : r.from;
          int to = r.to < 0 ? len + 1 + r.to : r.to;
          hit |= day >= from && day <= Math.min(to, len);
        }
        if (!hit) {
          return false;
        }
      }
      return in(months, z.getMonthValue()) && in(years, z.getYear());
    }

    private static boolean in(List<Range> ranges, int v) {
      return ranges.isEmpty() || ranges.stream().anyMatch(r -> r.contains(v));
    }
  }

  public TimeInterval {
    periods = List.copyOf(periods);
  }

  /** Whether {@code t} lies in any period. */
  public boolean contains(Instant t) {
    for (Period p : periods) {
      if (p.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private static final Set<String> KEYS = Set.of("name", "time_intervals");
  private static final Set<String> PERIOD_KEYS =
      Set.of("times", "weekdays", "days_of_month", "months", "years", "location");

  /** Reads one entry of {@code time_intervals:}. */
  static TimeInterval parse(YamlTree.Node node) throws ConfigException {
    Fields f = Fields.of(node, "time interval", KEYS);
    String name = f.string("name", "");
    if (name.isEmpty()) {
      throw new ConfigException(node, "missing name in time interval");
    }
    List<Period> periods = new ArrayList<>();
    for (YamlTree.Node p : f.list("time_intervals")) {
      periods.add(period(p, "time interval \"" + name + "\""));
    }
    return new TimeInterval(name, periods);
  }

  private static Period period(YamlTree.Node node, String where) throws ConfigException {
    Fields f = Fields.of(node, where, PERIOD_KEYS);
    List<Range> minutes = new ArrayList<>();
    for (YamlTree.Node t : f.list("times")) {
      Fields tf = Fields.of(t, where + " times", Set.of("start_time", "end_time"));
      int from = clock(tf, "start_time");
      int to = clock(tf, "end_time");
      if (to <= from) {
        throw new ConfigException(t, "start time cannot be equal or greater than end time");
      }
      minutes.add(new Range(from, to));
    }
    ZoneId zone = ZoneOffset.UTC;
    String loc = f.string("location", null);
    if (loc != null && !loc.equals("UTC")) {
      try {
        zone = loc.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(loc);
      } catch (DateTimeException e) {
        throw new ConfigException(f.get("location"), "unknown time zone location \"" + loc + "\"");
      }
    }
    return new Period(
        minutes,
        ranges(f, "weekdays", WEEKDAYS, 0, 6, 0),
        ranges(f, "days_of_month", List.of(), -31, 31, 0),
        ranges(f, "months", MONTHS, 1, 12, 1),
        ranges(f, "years", List.of(), 0, 9999, 0),
        zone);
  }

  private static int clock(Fields f, String key) throws ConfigException {
    String s = f.string(key, null);
    if (s == null) {
      throw new ConfigException(f.node(), "missing " + key);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(s);
    if (m.matches()) {
      int h = Integer.parseInt(m.group(1));
      int min = Integer.parseInt(m.group(2));
      int v = h * 60 + min;
      if (h <= 24 && min < 60 && v <= 24 * 60) {
        return v;
      }
    }
    throw new ConfigException(f.get(key), "couldn't parse timestamp " + s + ", invalid format");
  }

  private static List<Range> ranges(
      Fields f, String key, List<String> names, int min, int max, int nameBase)
      throws ConfigException {
    List<Range> out = new ArrayList<>();
    if (!f.has(key)) {
      return out;
    }
    for (YamlTree.Node n : f.list(key)) {
      String s = Fields.scalar(n, key + " item").trim().toLowerCase(Locale.ROOT);
      int colon = s.indexOf(':', 1);
      String a = colon < 0 ? s : s.substring(0, colon);
      String b = colon < 0 ? s : s.substring(colon + 1);
      int from = value(n, key, a, names, min, max, nameBase);
      int to = value(n, key, b, names, min, max, nameBase);
      boolean sameSign = (from < 0) == (to < 0);
      if (sameSign && from > to) {
        throw new ConfigException(n, key + ": start of range " + s + " is after its end");
      }
      if (key.equals("days_of_month") && (from == 0 || to == 0)) {
        throw new ConfigException(n, key + ": 0 is not a day of the month");
      }
      out.add(new Range(from, to));
    }
    return out;
  }

  private static int value(
      YamlTree.Node n, String key, String s, List<String> names, int min, int max, int nameBase)
      throws ConfigException {
    int i = names.indexOf(s);
    if (i >= 0) {
      return i + nameBase;
    }
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(n, key + ": invalid value \"" + s + "\"");
  }
}
