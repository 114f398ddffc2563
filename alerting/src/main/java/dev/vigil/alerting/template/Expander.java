package dev.vigil.alerting.template;

import dev.vigil.core.model.RegexTranslator;
import dev.vigil.core.time.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the label and annotation templates of alerting rules as Prometheus does: the text runs
 * with {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value} defined,
 * and with Prometheus's template functions ({@code humanize*}, {@code query}, {@code first}, {@code
 * value}, {@code label}, {@code reReplaceAll}, {@code match}, {@code title}, ...).
 *
 * <p>Thread-safe; the query function is called on the expanding thread.
 */
public final class Expander {
  /** Runs a PromQL instant query at the evaluation time, for the {@code query} function. */
  @FunctionalInterface
  public interface QueryFunc {
    /**
     * Runs {@code query}.
     *
     * @throws RuntimeException with the reason when the query fails
     */
    List<QuerySample> query(String query);
  }

  /** One element of a query result, with Go's field names {@code Labels} and {@code Value}. */
  public record QuerySample(Map<String, String> labels, double value) implements Template.Fields {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "Labels" -> labels;
        case "Value" -> value;
        default ->
            throw new IllegalArgumentException(
                "can't evaluate field " + name + " in type *template.sample");
      };
    }

    @Override
    public String toString() {
      return "{" + GoFormat.value(labels) + " " + GoFormat.shortest(value) + "}";
    }
  }

  /** What an alert template sees as dot. */
  private record Data(
      Map<String, String> labels,
      Map<String, String> externalLabels,
      String externalUrl,
      double value)
      implements Template.Fields {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "Labels" -> labels;
        case "ExternalLabels" -> externalLabels;
        case "ExternalURL" -> externalUrl;
        case "Value" -> value;
        default ->
            throw new IllegalArgumentException(
                "can't evaluate field " + name + " in type template.tmplData");
      };
    }
  }

  /** The definitions Prometheus puts before every alert template. */
  static final String DEFS =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
          + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  private static final Map<String, Template.Function> CHECK_FUNCTIONS =
      functions(q -> List.of(), "");

  private final Map<String, Template.Function> functions;
  private final String externalUrl;

  /**
   * @param query runs {@code query(...)} calls; null when queries are not available
   * @param externalUrl the URL that the template variable and function of that name return
   */
  public Expander(QueryFunc query, String externalUrl) {
    this.externalUrl = externalUrl;
    this.functions =
        functions(
            query != null
                ? query
                : q -> {
                  throw new IllegalArgumentException("queries are not available here");
                },
            externalUrl);
  }

  /**
   * Checks that {@code text} parses as the template of a rule named {@code ruleName}, as promtool
   * does.
   *
   * @throws TemplateException with Go's message when it does not
   */
  public static void check(String ruleName, String text) {
    Template.parse("__alert_" + ruleName, DEFS + text, CHECK_FUNCTIONS);
  }

  /**
   * Expands {@code text} for one alert; a template that fails gives Prometheus's {@code <error
   * expanding template: ...>} text instead of throwing.
   */
  public String expand(
      String ruleName,
      String text,
      Map<String, String> labels,
      Map<String, String> externalLabels,
      double value) {
    if (!text.contains("{{")) {
      return text;
    }
    String name = "__alert_" + ruleName;
    try {
      Template t = Template.parse(name, DEFS + text, functions);
      return t.execute(new Data(labels, externalLabels, externalUrl, value));
    } catch (TemplateException e) {
      String kind = e.getMessage().contains("executing \"") ? "executing" : "parsing";
      return "<error expanding template: error "
          + kind
          + " template "
          + name
          + ": "
          + e.getMessage()
          + ">";
    }
  }

  /** Expands a template that is not tied to an alert (e.g. a console or a test). */
  public String expandPlain(String name, String text, Object data) {
    return Template.parse(name, text, functions).execute(data);
  }

  private static Map<String, Template.Function> functions(QueryFunc query, String externalUrl) {
    Map<String, Template.Function> f = new HashMap<>();
    f.put(
        "query",
        a -> {
          String q = str(a, 0, 1, "query");
          try {
            return new ArrayList<Object>(query.query(q));
          } catch (IllegalArgumentException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("error executing query: " + e.getMessage(), e);
          }
        });
    f.put(
        "first",
        a -> {
          List<?> v = list(a, "first");
          if (v.isEmpty()) {
            throw new IllegalArgumentException("first() called on vector with no elements");
          }
          return v.get(0);
        });
    f.put(
        "label",
        a -> {
          count(a, 2, "label");
          String l = str(a, 0, 2, "label");
          Object s = a.get(1);
          if (s == null) {
            return "";
          }
          String v = sample(s).labels().get(l);
          return v == null ? "" : v;
        });
    f.put(
        "value",
        a -> {
          count(a, 1, "value");
          return sample(a.get(0)).value();
        });
    f.put(
        "strvalue",
        a -> {
          count(a, 1, "strvalue");
          String v = sample(a.get(0)).labels().get("__value__");
          return v == null ? "" : v;
        });
    f.put(
        "args",
        a -> {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < a.size(); i++) {
            m.put("arg" + i, a.get(i));
          }
          return m;
        });
    f.put(
        "reReplaceAll",
        a -> {
          count(a, 3, "reReplaceAll");
          return replaceAll(
              str(a, 0, 3, "reReplaceAll"),
              str(a, 1, 3, "reReplaceAll"),
              str(a, 2, 3, "reReplaceAll"));
        });
    f.put(
        "match",
        a -> {
          count(a, 2, "match");
          Pattern p = compile(str(a, 0, 2, "match")).pattern();
          return p.matcher(str(a, 1, 2, "match")).find();
        });
    f.put("safeHtml", a -> str(a, 0, 1, "safeHtml"));
    f.put("toUpper", a -> str(a, 0, 1, "toUpper").toUpperCase(Locale.ROOT));
    f.put("toLower", a -> str(a, 0, 1, "toLower").toLowerCase(Locale.ROOT));
    f.put("title", a -> title(str(a, 0, 1, "title")));
    f.put(
        "stripPort",
        a -> {
          String h = str(a, 0, 1, "stripPort");
          if (h.startsWith("[")) {
            int e = h.indexOf(']');
            return e > 0 ? h.substring(1, e) : h;
          }
          int c = h.lastIndexOf(':');
          return c >= 0 && h.indexOf(':') == c ? h.substring(0, c) : h;
        });
    f.put("graphLink", a -> graphLink(str(a, 0, 1, "graphLink"), 0));
    f.put("tableLink", a -> graphLink(str(a, 0, 1, "tableLink"), 1));
    f.put(
        "sortByLabel",
        a -> {
          count(a, 2, "sortByLabel");
          String l = str(a, 0, 2, "sortByLabel");
          List<Object> out = new ArrayList<>((List<?>) a.get(1));
          out.sort(
              (x, y) -> {
                String vx = ((QuerySample) x).labels().getOrDefault(l, "");
                String vy = ((QuerySample) y).labels().getOrDefault(l, "");
                return vx.compareTo(vy);
              });
          return out;
        });
    f.put("humanize", a -> Humanize.humanize(toFloat(a, "humanize")));
    f.put("humanize1024", a -> Humanize.humanize1024(toFloat(a, "humanize1024")));
    f.put("humanizeDuration", a -> Humanize.duration(toFloat(a, "humanizeDuration")));
    f.put("humanizePercentage", a -> GoFormat.g(toFloat(a, "humanizePercentage") * 100, 4) + "%");
    f.put("humanizeTimestamp", a -> Humanize.timestamp(toFloat(a, "humanizeTimestamp")));
    f.put(
        "toTime",
        a -> {
          double v = toFloat(a, "toTime");
          return Humanize.timestamp(v);
        });
    f.put("parseDuration", a -> Durations.parseMillis(str(a, 0, 1, "parseDuration")) / 1000.0);
    f.put("pathPrefix", a -> pathOf(externalUrl));
    f.put("externalURL", a -> externalUrl);
    return Map.copyOf(f);
  }

  private static String pathOf(String url) {
    try {
      String p = java.net.URI.create(url).getPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String graphLink(String expr, int tab) {
    return "/graph?g0.expr="
        + java.net.URLEncoder.encode(expr, java.nio.charset.StandardCharsets.UTF_8)
        + "&g0.tab="
        + tab;
  }

  private static void count(List<Object> a, int n, String fn) {
    if (a.size() != n) {
      throw new IllegalArgumentException(
          "wrong number of args for " + fn + ": want " + n + " got " + a.size());
    }
  }

  private static String str(List<Object> a, int i, int n, String fn) {
    count(a, n, fn);
    if (!(a.get(i) instanceof String s)) {
      throw new IllegalArgumentException(
          "wrong type for value; expected string; got " + GoFormat.typeName(a.get(i)));
    }
    return s;
  }

  private static List<?> list(List<Object> a, String fn) {
    count(a, 1, fn);
    if (!(a.get(0) instanceof List<?> l)) {
      throw new IllegalArgumentException(
          "wrong type for value; expected template.queryResult; got "
              + GoFormat.typeName(a.get(0)));
    }
    return l;
  }

  private static QuerySample sample(Object o) {
    if (o instanceof QuerySample s) {
      return s;
    }
    throw new IllegalArgumentException(
        "wrong type for value; expected *template.sample; got " + GoFormat.typeName(o));
  }

  /** Prometheus's {@code convertToFloat}: numbers as they are, strings parsed as Go does. */
  static double toFloat(List<Object> a, String fn) {
    count(a, 1, fn);
    Object o = a.get(0);
    return switch (o) {
      case Double d -> d;
      case Long l -> l.doubleValue();
      case Integer i -> i.doubleValue();
      case String s -> parseGoFloat(s);
      default ->
          throw new IllegalArgumentException("can't convert " + GoFormat.typeName(o) + " to float");
    };
  }

  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)");

  static double parseGoFloat(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    String unsigned = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (!GO_FLOAT.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }
    return Double.parseDouble(s);
  }

  private static RegexTranslator.Capturing compileCapturing(String re) {
    try {
      return RegexTranslator.translateCapturing(re);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error parsing regexp: " + e.getMessage(), e);
    }
  }

  private record Compiled(Pattern pattern, Map<String, Integer> names) {}

  private static Compiled compile(String re) {
    RegexTranslator.Capturing c = compileCapturing(re);
    return new Compiled(Pattern.compile(c.javaSource()), c.groupNames());
  }

  /**
   * Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${1}}, {@code ${name}}, {@code $$}.
   */
  static String replaceAll(String re, String repl, String text) {
    Compiled c = compile(re);
    Matcher m = c.pattern().matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    int searchFrom = 0;
    while (searchFrom <= text.length() && m.find(searchFrom)) {
      out.append(text, last, m.start());
      expand(out, repl, m, c.names());
      last = m.end();
      searchFrom = m.end() == m.start() ? m.end() + 1 : m.end();
    }
    out.append(text.substring(Math.min(last, text.length())));
    return out.toString();
  }

  private static void expand(StringBuilder out, String tpl, Matcher m, Map<String, Integer> names) {
    int i = 0;
    while (i < tpl.length()) {
      char c = tpl.charAt(i);
      if (c != '$' || i + 1 >= tpl.length()) {
        out.append(c);
        i++;
        continue;
      }
      if (tpl.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (tpl.charAt(i + 1) == '{') {
        int close = tpl.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = tpl.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < tpl.length()
            && (Character.isLetterOrDigit(tpl.charAt(j)) || tpl.charAt(j) == '_')) {
          j++;
        }
        name = tpl.substring(i + 1, j);
        end = j;
      }
      if (name.isEmpty()) {
        out.append(c);
        i++;
        continue;
      }
      int group = -1;
      if (name.chars().allMatch(Character::isDigit)) {
        try {
          group = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          group = -1;
        }
      } else if (names.containsKey(name)) {
        group = names.get(name);
      }
      if (group >= 0 && group <= m.groupCount() && m.group(group) != null) {
        out.append(m.group(group));
      }
      i = end;
    }
  }

  /** Go's deprecated {@code strings.Title}: upper-cases the first letter of each word. */
  static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean prevSep = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      b.appendCodePoint(prevSep ? Character.toTitleCase(cp) : cp);
      prevSep = isSeparator(cp);
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  private static boolean isSeparator(int cp) {
    if (cp < 0x80) {
      return !(Character.isLetterOrDigit(cp) || cp == '_');
    }
    if (Character.isLetterOrDigit(cp)) {
      return false;
    }
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Go's {@code time.Time.String()} of a UTC time with millisecond precision. */
  static String goTime(long millis) {
    Instant t = Instant.ofEpochMilli(millis);
    String frac = "";
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms != 0) {
      frac = String.format(Locale.ROOT, ".%03d", ms).replaceAll("0+$", "");
    }
    return GO_TIME.format(t) + frac + " +0000 UTC";
  }
}
