package dev.vigil.alerting.template;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The functions Alertmanager gives notification templates: {@code toUpper}, {@code toLower}, {@code
 * title}, {@code trimSpace}, {@code join}, {@code match}, {@code safeHtml}, {@code safeUrl}, {@code
 * urlUnescape}, {@code reReplaceAll}, {@code stringSlice}, {@code date}, {@code tz}, {@code since},
 * {@code humanizeDuration} and {@code toJson}.
 */
public final class NotificationFunctions {
  private NotificationFunctions() {}

  /** The functions, with {@code since} measured against {@code clock}. */
  public static Map<String, Template.Function> all(Supplier<Instant> clock) {
    Map<String, Template.Function> f = new HashMap<>();
    f.put("toUpper", a -> str(a, 0, 1, "toUpper").toUpperCase(Locale.ROOT));
    f.put("toLower", a -> str(a, 0, 1, "toLower").toLowerCase(Locale.ROOT));
    f.put("title", a -> Expander.title(str(a, 0, 1, "title")));
    f.put("trimSpace", a -> str(a, 0, 1, "trimSpace").strip());
    f.put(
        "join",
        a -> {
          String sep = str(a, 0, 2, "join");
          if (!(a.get(1) instanceof List<?> l)) {
            throw new IllegalArgumentException(
                "wrong type for value; expected []string; got " + GoFormat.typeName(a.get(1)));
          }
          List<String> parts = new ArrayList<>();
          for (Object o : l) {
            parts.add(GoFormat.value(o));
          }
          return String.join(sep, parts);
        });
    f.put(
        "match",
        a -> {
          String re = str(a, 0, 2, "match");
          String text = str(a, 1, 2, "match");
          return Pattern.compile(translate(re)).matcher(text).find();
        });
    f.put("safeHtml", a -> new Template.SafeHtml(str(a, 0, 1, "safeHtml")));
    f.put("safeUrl", a -> str(a, 0, 1, "safeUrl"));
    f.put(
        "urlUnescape",
        a -> {
          try {
            return URLDecoder.decode(str(a, 0, 1, "urlUnescape"), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid URL escape: " + e.getMessage(), e);
          }
        });
    f.put(
        "reReplaceAll",
        a ->
            Expander.replaceAll(
                str(a, 0, 3, "reReplaceAll"),
                str(a, 1, 3, "reReplaceAll"),
                str(a, 2, 3, "reReplaceAll")));
    f.put(
        "stringSlice",
        a -> {
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < a.size(); i++) {
            out.add(str(a, i, a.size(), "stringSlice"));
          }
          return out;
        });
    f.put("date", a -> time(a, 1, "date").format(str(a, 0, 2, "date")));
    f.put("tz", a -> time(a, 1, "tz").in(str(a, 0, 2, "tz")));
    f.put(
        "since",
        a ->
            new GoTime.GoDuration(
                Duration.between(time(a, 0, "since").time().toInstant(), clock.get())));
    f.put(
        "humanizeDuration",
        a -> {
          if (a.size() == 1 && a.get(0) instanceof GoTime.GoDuration d) {
            return Humanize.duration(d.duration().toNanos() / 1e9);
          }
          return Humanize.duration(Expander.toFloat(a, "humanizeDuration"));
        });
    f.put("toJson", a -> Json.write(one(a, "toJson")));
    return Map.copyOf(f);
  }

  private static String translate(String re) {
    try {
      return dev.vigil.core.model.RegexTranslator.translateCapturing(re).javaSource();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error parsing regexp: " + e.getMessage(), e);
    }
  }

  private static Object one(List<Object> a, String fn) {
    if (a.size() != 1) {
      throw new IllegalArgumentException(
          "wrong number of args for " + fn + ": want 1 got " + a.size());
    }
    return a.get(0);
  }

  private static GoTime time(List<Object> a, int i, String fn) {
    if (a.size() != i + 1) {
      throw new IllegalArgumentException(
          "wrong number of args for " + fn + ": want " + (i + 1) + " got " + a.size());
    }
    if (!(a.get(i) instanceof GoTime t)) {
      throw new IllegalArgumentException(
          "wrong type for value; expected time.Time; got " + GoFormat.typeName(a.get(i)));
    }
    return t;
  }

  private static String str(List<Object> a, int i, int n, String fn) {
    if (a.size() != n) {
      throw new IllegalArgumentException(
          "wrong number of args for " + fn + ": want " + n + " got " + a.size());
    }
    Object o = a.get(i);
    if (o instanceof Template.SafeHtml h) {
      return h.html();
    }
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException(
          "wrong type for value; expected string; got " + GoFormat.typeName(o));
    }
    return s;
  }

  /** A small JSON writer for {@code toJson}: maps, lists, strings, numbers, booleans, null. */
  static final class Json {
    private Json() {}

    static String write(Object o) {
      StringBuilder b = new StringBuilder();
      write(b, o);
      return b.toString();
    }

    private static void write(StringBuilder b, Object o) {
      switch (o) {
        case null -> b.append("null");
        case Boolean x -> b.append(x);
        case Long x -> b.append(x);
        case Double x -> b.append(GoFormat.shortest(x));
        case Map<?, ?> m -> {
          b.append('{');
          boolean first = true;
          for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
            b.append(first ? "" : ",");
            first = false;
            quote(b, String.valueOf(e.getKey()));
            b.append(':');
            write(b, e.getValue());
          }
          b.append('}');
        }
        case List<?> l -> {
          b.append('[');
          for (int i = 0; i < l.size(); i++) {
            b.append(i > 0 ? "," : "");
            write(b, l.get(i));
          }
          b.append(']');
        }
        default -> quote(b, GoFormat.value(o));
      }
    }

    private static void quote(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case '<' -> b.append("\\u003c");
          case '>' -> b.append("\\u003e");
          case '&' -> b.append("\\u0026");
          default -> {
            if (c < 0x20) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }
  }
}
