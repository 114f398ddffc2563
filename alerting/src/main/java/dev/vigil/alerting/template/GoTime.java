package dev.vigil.alerting.template;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * A point in time as Go's {@code time.Time} looks to a template: it prints like {@code time.Time}'s
 * {@code String()} ({@code 2026-11-22 06:09:21.5 +0000 UTC}) and has the methods notification
 * templates call ({@code .Format "2006-01-02"}, {@code .UTC}, {@code .Local}, {@code .Unix}, {@code
 * .UnixMilli}, {@code .IsZero}, {@code .In}).
 *
 * <p>Immutable.
 */
public record GoTime(ZonedDateTime time) implements Template.Methods {

  /** Go's zero time (0001-01-01 UTC), which Alertmanager uses for an unset {@code EndsAt}. */
  public static final GoTime ZERO =
      new GoTime(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

  /** {@code instant} in UTC; null gives {@link #ZERO}. */
  public static GoTime utc(Instant instant) {
    return instant == null ? ZERO : new GoTime(instant.atZone(ZoneOffset.UTC));
  }

  @Override
  public Object field(String name) {
    return method(name, List.of());
  }

  @Override
  public Object method(String name, List<Object> args) {
    return switch (name) {
      case "Format" -> format(stringArg(name, args));
      case "UTC" -> new GoTime(time.withZoneSameInstant(ZoneOffset.UTC));
      case "Local" -> new GoTime(time.withZoneSameInstant(ZoneId.systemDefault()));
      case "In" -> in(stringArg(name, args));
      case "Unix" -> time.toEpochSecond();
      case "UnixMilli" -> time.toInstant().toEpochMilli();
      case "IsZero" -> equals(ZERO);
      case "Year" -> (long) time.getYear();
      case "Day" -> (long) time.getDayOfMonth();
      case "Hour" -> (long) time.getHour();
      case "Minute" -> (long) time.getMinute();
      case "String" -> toString();
      default ->
          throw new IllegalArgumentException("can't evaluate field " + name + " in type time.Time");
    };
  }

  private static String stringArg(String method, List<Object> args) {
    if (args.size() != 1 || !(args.get(0) instanceof String s)) {
      throw new IllegalArgumentException("wrong number of args for " + method + ": want 1");
    }
    return s;
  }

  /** This time in the IANA zone {@code zone} ({@code tz} and {@code .In}). */
  public GoTime in(String zone) {
    try {
      return new GoTime(
          time.withZoneSameInstant(
              zone.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(zone)));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + zone, e);
    }
  }

  @Override
  public String toString() {
    return format("2006-01-02 15:04:05.999999999 -0700 MST");
  }

  /** Formats with a Go reference layout ({@code Mon Jan 2 15:04:05 MST 2006}). */
  public String format(String layout) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      int used = chunk(layout, i, out);
      if (used == 0) {
        out.append(layout.charAt(i));
        i++;
      } else {
        i += used;
      }
    }
    return out.toString();
  }

  /** Appends the value of the layout element at {@code i}; returns its length (0: a literal). */
  private int chunk(String l, int i, StringBuilder out) {
    if (l.startsWith("January", i)) {
      out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
      return 7;
    }
    if (l.startsWith("Jan", i)) {
      out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
      return 3;
    }
    if (l.startsWith("Monday", i)) {
      out.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
      return 6;
    }
    if (l.startsWith("Mon", i)) {
      out.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
      return 3;
    }
    if (l.startsWith("MST", i)) {
      out.append(zoneAbbreviation());
      return 3;
    }
    if (l.startsWith("2006", i)) {
      out.append(String.format(Locale.ROOT, "%04d", time.getYear()));
      return 4;
    }
    if (l.startsWith("002", i)) {
      return pad(out, time.getDayOfYear(), 3);
    }
    if (l.startsWith("01", i)) {
      return pad(out, time.getMonthValue(), 2);
    }
    if (l.startsWith("02", i)) {
      return pad(out, time.getDayOfMonth(), 2);
    }
    if (l.startsWith("03", i)) {
      return pad(out, hour12(), 2);
    }
    if (l.startsWith("04", i)) {
      return pad(out, time.getMinute(), 2);
    }
    if (l.startsWith("05", i)) {
      return pad(out, time.getSecond(), 2);
    }
    if (l.startsWith("06", i)) {
      return pad(out, time.getYear() % 100, 2);
    }
    if (l.startsWith("15", i)) {
      return pad(out, time.getHour(), 2);
    }
    if (l.startsWith("_2", i)) {
      out.append(String.format(Locale.ROOT, "%2d", time.getDayOfMonth()));
      return 2;
    }
    if (l.startsWith("PM", i) || l.startsWith("pm", i)) {
      String ampm = time.getHour() < 12 ? "AM" : "PM";
      out.append(l.charAt(i) == 'p' ? ampm.toLowerCase(Locale.ROOT) : ampm);
      return 2;
    }
    int zone = zoneChunk(l, i, out);
    if (zone > 0) {
      return zone;
    }
    if ((l.charAt(i) == '.' || l.charAt(i) == ',') && i + 1 < l.length()) {
      char d = l.charAt(i + 1);
      if (d == '0' || d == '9') {
        int j = i + 1;
        while (j < l.length() && l.charAt(j) == d) {
          j++;
        }
        if (j == l.length() || !Character.isDigit(l.charAt(j))) {
          fraction(out, l.charAt(i), j - i - 1, d == '9');
          return j - i;
        }
      }
    }
    return switch (l.charAt(i)) {
      case '1' -> number(out, time.getMonthValue());
      case '2' -> number(out, time.getDayOfMonth());
      case '3' -> number(out, hour12());
      case '4' -> number(out, time.getMinute());
      case '5' -> number(out, time.getSecond());
      default -> 0;
    };
  }

  private int zoneChunk(String l, int i, StringBuilder out) {
    String[] forms = {"-07:00:00", "-070000", "-07:00", "-0700", "-07"};
    boolean z = l.charAt(i) == 'Z';
    for (String f : forms) {
      String form = z ? "Z" + f.substring(1) : f;
      if (l.startsWith(form, i)) {
        int secs = time.getOffset().getTotalSeconds();
        if (z && secs == 0) {
          out.append('Z');
          return form.length();
        }
        out.append(secs < 0 ? '-' : '+');
        int a = Math.abs(secs);
        boolean colon = form.contains(":");
        out.append(String.format(Locale.ROOT, "%02d", a / 3600));
        if (form.length() > 3) {
          out.append(colon ? ":" : "").append(String.format(Locale.ROOT, "%02d", a / 60 % 60));
        }
        if (form.length() == 7 || form.length() == 9) {
          out.append(colon ? ":" : "").append(String.format(Locale.ROOT, "%02d", a % 60));
        }
        return form.length();
      }
    }
    return 0;
  }

  private String zoneAbbreviation() {
    if (time.getZone().equals(ZoneOffset.UTC) || time.getZone().getId().equals("UTC")) {
      return "UTC";
    }
    String abbr = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).format(time);
    return abbr.startsWith("GMT") ? offsetName() : abbr;
  }

  private String offsetName() {
    int secs = time.getOffset().getTotalSeconds();
    return String.format(
        Locale.ROOT,
        "%s%02d%02d",
        secs < 0 ? "-" : "+",
        Math.abs(secs) / 3600,
        Math.abs(secs) / 60 % 60);
  }

  private void fraction(StringBuilder out, char sep, int digits, boolean trim) {
    String nanos =
        String.format(Locale.ROOT, "%09d", time.getNano()).substring(0, Math.min(9, digits));
    if (trim) {
      nanos = nanos.replaceAll("0+$", "");
      if (nanos.isEmpty()) {
        return;
      }
    }
    out.append(sep).append(nanos);
  }

  private int hour12() {
    int h = time.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static int pad(StringBuilder out, int v, int width) {
    out.append(String.format(Locale.ROOT, "%0" + width + "d", v));
    return width;
  }

  private static int number(StringBuilder out, int v) {
    out.append(v);
    return 1;
  }

  /** Go's {@code time.Duration} as a template prints it ({@code 1h2m3.5s}). */
  public record GoDuration(Duration duration) {
    @Override
    public String toString() {
      long n = duration.toNanos();
      if (n == 0) {
        return "0s";
      }
      String sign = n < 0 ? "-" : "";
      long a = Math.abs(n);
      if (a < 1_000) {
        return sign + a + "ns";
      }
      if (a < 1_000_000) {
        return sign + trim(a / 1e3) + "µs";
      }
      if (a < 1_000_000_000) {
        return sign + trim(a / 1e6) + "ms";
      }
      long h = a / 3_600_000_000_000L;
      long m = a / 60_000_000_000L % 60;
      double s = (a % 60_000_000_000L) / 1e9;
      StringBuilder b = new StringBuilder(sign);
      if (h > 0) {
        b.append(h).append('h');
      }
      if (h > 0 || m > 0) {
        b.append(m).append('m');
      }
      return b.append(trim(s)).append('s').toString();
    }

    private static String trim(double v) {
      String s = String.format(Locale.ROOT, "%.9f", v).replaceAll("0+$", "");
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
