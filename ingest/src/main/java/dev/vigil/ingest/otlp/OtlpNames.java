package dev.vigil.ingest.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns OpenTelemetry metric names, units and attribute keys into Prometheus metric and label
 * names, with the same results as Prometheus's OTLP receiver under its {@code
 * UnderscoreEscapingWithSuffixes} and {@code UnderscoreEscapingWithoutSuffixes} translation
 * strategies (names restricted to {@code [a-zA-Z_:][a-zA-Z0-9_:]*}).
 *
 * <p>With suffixes: the name is split into words at every character that is not a letter, digit or
 * colon; the unit's words are added unless already there ({@code s} → {@code seconds}, {@code By} →
 * {@code bytes}, {@code m/s} → {@code meters_per_second}; annotations in braces such as {@code
 * {request}} add nothing); monotonic sums end in {@code _total}, gauges of unit {@code 1} in {@code
 * _ratio}; a leading digit gets an underscore. Without suffixes, runs of invalid characters just
 * become one underscore.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpNames {
  private OtlpNames() {}

  /** The kind of metric, as far as naming cares. */
  public enum Kind {
    GAUGE,
    MONOTONIC_COUNTER,
    NON_MONOTONIC_COUNTER,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY,
    UNKNOWN
  }

  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("GiBy", "gibibytes"),
          Map.entry("TiBy", "tibibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("GBy", "gigabytes"),
          Map.entry("TBy", "terabytes"),
          Map.entry("m", "meters"),
          Map.entry("V", "volts"),
          Map.entry("A", "amperes"),
          Map.entry("J", "joules"),
          Map.entry("W", "watts"),
          Map.entry("g", "grams"),
          Map.entry("Cel", "celsius"),
          Map.entry("Hz", "hertz"),
          Map.entry("1", ""),
          Map.entry("%", "percent"));

  private static final Map<String, String> PER_UNITS =
      Map.of(
          "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y",
          "year");

  /**
   * The Prometheus metric name for an OpenTelemetry metric, or {@code null} when nothing valid is
   * left (an empty name, or one of underscores only).
   */
  public static String metricName(String name, String unit, Kind kind, boolean suffixes) {
    String out = suffixes ? withSuffixes(name, unit, kind) : withoutSuffixes(name);
    if (out.isEmpty()) {
      return null;
    }
    if (!out.equals(name) && underscoresOnly(out)) {
      return null;
    }
    return out;
  }

  private static String withSuffixes(String name, String unit, Kind kind) {
    List<String> tokens = split(name);
    String[] u = unitSuffixes(unit);
    String main = cleanUnit(u[0]);
    String per = cleanUnit(u[1]);
    if (tokens.contains(main)) {
      main = "";
    }
    if (per.equals("per_")) {
      per = "";
    } else {
      per = per.endsWith("_") ? per.substring(0, per.length() - 1) : per;
      if (tokens.contains(per)) {
        per = "";
      }
    }
    if (!per.isEmpty() && main.endsWith("_")) {
      main = main.substring(0, main.length() - 1);
    }
    if (!main.isEmpty()) {
      tokens.add(main);
    }
    if (!per.isEmpty()) {
      tokens.add(per);
    }
    if (kind == Kind.MONOTONIC_COUNTER) {
      tokens.removeIf("total"::equals);
      tokens.add("total");
    }
    if (unit.equals("1") && kind == Kind.GAUGE) {
      tokens.removeIf("ratio"::equals);
      tokens.add("ratio");
    }
    String out = String.join("_", tokens);
    return !out.isEmpty() && isDigit(out.charAt(0)) ? "_" + out : out;
  }

  private static String withoutSuffixes(String name) {
    // Fields separated by runs of characters that are neither valid nor '_', joined by '_'.
    StringBuilder b = new StringBuilder(name.length());
    boolean pendingSep = false;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      if (isMetricChar(c) || c == '_') {
        if (pendingSep && b.length() > 0) {
          b.append('_');
        }
        pendingSep = false;
        b.appendCodePoint(c);
      } else {
        pendingSep = true;
      }
    }
    return b.length() > 0 && isDigit(b.charAt(0)) ? "_" + b : b.toString();
  }

  /** Splits at every character that is not a letter, digit or colon; drops empty words. */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int n = Character.charCount(c);
      if (isMetricChar(c)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        out.add(s.substring(start, i));
        start = -1;
      }
      i += n;
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** {main, per} unit words, e.g. {@code m/s} → {@code {"meters", "per_second"}}. */
  private static String[] unitSuffixes(String unit) {
    String main = "";
    String per = "";
    int slash = unit.indexOf('/');
    String mainOtel = (slash < 0 ? unit : unit.substring(0, slash)).strip();
    if (!mainOtel.isEmpty() && !hasBraces(mainOtel)) {
      main = UNITS.getOrDefault(mainOtel, mainOtel);
    }
    if (slash >= 0 && slash + 1 < unit.length()) {
      String perOtel = unit.substring(slash + 1).strip();
      if (!perOtel.isEmpty() && !hasBraces(perOtel)) {
        per = PER_UNITS.getOrDefault(perOtel, perOtel);
      }
      if (!per.isEmpty()) {
        per = "per_" + per;
      }
    }
    return new String[] {main, per};
  }

  /**
   * The unit as the metadata API reports it, e.g. {@code By} → {@code bytes}, {@code m/s} → {@code
   * meters_per_second}.
   */
  public static String unit(String unit) {
    String[] u = unitSuffixes(unit);
    String main = cleanUnit(u[0]);
    String per = cleanUnit(u[1]);
    String out = !main.isEmpty() && !per.isEmpty() ? main + "_" + per : main.isEmpty() ? per : main;
    if (out.startsWith("_")) {
      out = out.substring(1);
    }
    if (out.endsWith("_")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static boolean hasBraces(String s) {
    return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
  }

  /** Invalid characters become '_', runs of '_' collapse, a leading '_' goes. */
  private static String cleanUnit(String unit) {
    StringBuilder b = new StringBuilder(unit.length());
    boolean prevUnderscore = false;
    for (int i = 0; i < unit.length(); ) {
      int c = unit.codePointAt(i);
      i += Character.charCount(c);
      if (!isMetricChar(c)) {
        c = '_';
      }
      if (c == '_') {
        if (prevUnderscore) {
          continue;
        }
        prevUnderscore = true;
      } else {
        prevUnderscore = false;
      }
      b.appendCodePoint(c);
    }
    return b.length() > 0 && b.charAt(0) == '_' ? b.substring(1) : b.toString();
  }

  /**
   * The Prometheus label name for an attribute key, or {@code null} when it cannot be one (empty,
   * or underscores only after sanitising). Invalid characters become one underscore per run; {@code
   * __reserved__} keys keep their double underscores; a leading digit gets {@code key_}.
   */
  public static String labelName(String key) {
    if (key.isEmpty()) {
      return null;
    }
    if (fastPath(key)) {
      return key;
    }
    boolean reserved = key.length() >= 4 && key.startsWith("__") && key.endsWith("__");
    String body = reserved ? key.substring(2, key.length() - 2) : key;
    StringBuilder b = new StringBuilder(key.length() + 4);
    if (reserved) {
      b.append("__");
    }
    boolean prevUnderscore = false;
    for (int i = 0; i < body.length(); ) {
      int c = body.codePointAt(i);
      i += Character.charCount(c);
      if (isLabelChar(c)) {
        b.appendCodePoint(c);
        prevUnderscore = false;
      } else if (!prevUnderscore) {
        b.append('_');
        prevUnderscore = true;
      }
    }
    if (reserved) {
      b.append("__");
    }
    String out = b.toString();
    if (isDigit(out.charAt(0))) {
      out = "key_" + out;
    }
    return underscoresOnly(out) ? null : out;
  }

  private static boolean fastPath(String label) {
    if (isDigit(label.charAt(0))) {
      return false;
    }
    int start = 0;
    int end = label.length();
    if (end >= 4 && label.startsWith("__") && label.endsWith("__")) {
      start = 2;
      end -= 2;
    }
    boolean prevUnderscore = false;
    boolean sawOther = false;
    for (int i = start; i < end; i++) {
      char c = label.charAt(i);
      if (c == '_') {
        if (prevUnderscore) {
          return false;
        }
        prevUnderscore = true;
      } else if (isLabelChar(c)) {
        prevUnderscore = false;
        sawOther = true;
      } else {
        return false;
      }
    }
    return sawOther;
  }

  private static boolean underscoresOnly(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLabelChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isMetricChar(int c) {
    return isLabelChar(c) || c == ':';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
