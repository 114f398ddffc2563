package dev.vigil.ingest.promtext;

import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.Numbers;
import dev.vigil.ingest.StringInterner;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0 over a UTF-8 byte array:
 * {@link #next()} moves to the next sample or metadata line and the accessors describe it. No
 * regular expressions and no copying of the input; strings come from a {@link StringInterner}, so
 * names repeated on every line are decoded once.
 *
 * <p>Syntax accepted, per line (blank lines and other {@code #} comments are skipped):
 *
 * <pre>
 * # HELP name text           (text escapes \\ and \n; OpenMetrics also \")
 * # TYPE name type           (counter gauge histogram summary untyped; OpenMetrics adds unknown
 *                             info stateset gaugehistogram)
 * # UNIT name unit           (OpenMetrics only)
 * # EOF                      (OpenMetrics only; required last line)
 * name{label="value",...} value [timestamp] [# {exemplar labels} value [timestamp]]
 * </pre>
 *
 * Label values may escape {@code \\}, {@code \"} and {@code \n}; other backslash sequences stay as
 * written (as in Prometheus). A quoted string alone inside the braces is the metric name, and label
 * names may be quoted (Prometheus 3's UTF-8 names). Values are Go floats ({@code NaN}, {@code
 * +Inf}, {@code -Inf}, ...). Timestamps are integer milliseconds in the text format and decimal
 * seconds in OpenMetrics (kept to the millisecond, finer digits dropped). Exemplars are checked for
 * syntax and reported by {@link #hasExemplar()}, not returned.
 *
 * <p>Errors are {@link TextParseException}s naming the line and what was expected. After one, the
 * parser stands at the next line and {@link #next()} may be called again. Not thread-safe.
 */
public final class TextParser {
  /** What {@link #next()} found. */
  public enum Entry {
    /** A sample: {@link #metricName()}, labels, {@link #value()}, maybe a timestamp. */
    SERIES,
    /** {@code # HELP}: {@link #family()}, {@link #help()}. */
    HELP,
    /** {@code # TYPE}: {@link #family()}, {@link #type()}. */
    TYPE,
    /** {@code # UNIT}: {@link #family()}, {@link #unit()}. */
    UNIT,
    /** The end of the input (or of OpenMetrics {@code # EOF}). */
    EOF
  }

  private final boolean om;
  private final StringInterner strings;

  private byte[] b;
  private int pos;
  private int end;
  private int line;
  private boolean sawEof;
  private boolean done;

  private int cur;
  private int lim;

  private String metric;
  private String[] names = new String[16];
  private String[] values = new String[16];
  private int labelCount;
  private double value;
  private boolean hasTimestamp;
  private long timestamp;
  private boolean hasExemplar;
  private String family;
  private String text;
  private MetricType type;
  private byte[] scratch = new byte[128];
  private KnownSeries known;
  private int knownHandle = -1;
  private int seriesStart;
  private int seriesEnd;

  /** A parser for {@code format} taking its strings from {@code strings}. */
  public TextParser(TextFormat format, StringInterner strings) {
    this.om = format == TextFormat.OPENMETRICS;
    this.strings = strings;
  }

  /** Starts parsing {@code buf[off, end)}. */
  public void reset(byte[] buf, int off, int end) {
    this.b = buf;
    this.pos = off;
    this.end = end;
    this.line = 0;
    this.sawEof = false;
    this.done = false;
  }

  /**
   * Consults {@code cache} before decoding each sample's labels; null turns it off. A sample whose
   * series text the cache knows is returned with {@link #knownHandle()} set and no labels decoded.
   */
  public void knownSeries(KnownSeries cache) {
    this.known = cache;
  }

  /** The {@link KnownSeries} handle of the current sample, or -1 when its labels were decoded. */
  public int knownHandle() {
    return knownHandle;
  }

  /** The buffer being parsed (as given to {@link #reset}). */
  public byte[] buffer() {
    return b;
  }

  /** Where the current sample's series text starts in the buffer. */
  public int seriesStart() {
    return seriesStart;
  }

  /** Where the current sample's series text ends (exclusive). */
  public int seriesEnd() {
    return seriesEnd;
  }

  /** The 1-based number of the line of the current entry. */
  public int line() {
    return line;
  }

  /**
   * Moves to the next entry.
   *
   * @throws TextParseException when the next non-blank line does not parse; the parser is then at
   *     the line after it
   */
  public Entry next() {
    while (true) {
      if (done) {
        return Entry.EOF;
      }
      if (pos >= end) {
        done = true;
        if (om && !sawEof) {
          throw new TextParseException(line + 1, "OpenMetrics input must end with \"# EOF\"");
        }
        return Entry.EOF;
      }
      int start = pos;
      int nl = indexOf((byte) '\n', pos, end);
      int lineEnd = nl < 0 ? end : nl;
      pos = nl < 0 ? end : nl + 1;
      line++;
      if (lineEnd > start && b[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      if (sawEof) {
        done = true;
        throw error("unexpected content after \"# EOF\"");
      }
      cur = start;
      lim = lineEnd;
      skipSpaces();
      if (cur == lim) {
        continue;
      }
      if (b[cur] == '#') {
        Entry e = comment();
        if (e != null) {
          return e;
        }
        continue;
      }
      series();
      return Entry.SERIES;
    }
  }

  // ---- accessors ----

  /** The metric name of the current sample ({@code ""} if it has none, which is an error later). */
  public String metricName() {
    return metric;
  }

  /** How many labels the current sample has, besides the metric name. */
  public int labelCount() {
    return labelCount;
  }

  /** The name of label {@code i} in the order written. */
  public String labelName(int i) {
    return names[i];
  }

  /** The value of label {@code i}. */
  public String labelValue(int i) {
    return values[i];
  }

  /** The sample value. */
  public double value() {
    return value;
  }

  /** Whether the sample has a timestamp. */
  public boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** The sample's timestamp in milliseconds (when {@link #hasTimestamp()}). */
  public long timestampMillis() {
    return timestamp;
  }

  /** Whether the sample carried an exemplar (OpenMetrics). */
  public boolean hasExemplar() {
    return hasExemplar;
  }

  /** The family named by a HELP, TYPE or UNIT line. */
  public String family() {
    return family;
  }

  /** The text of a HELP line, unescaped. */
  public String help() {
    return text;
  }

  /** The unit of a UNIT line. */
  public String unit() {
    return text;
  }

  /** The type of a TYPE line. */
  public MetricType type() {
    return type;
  }

  // ---- lines ----

  private Entry comment() {
    cur++; // '#'
    skipSpaces();
    int w = cur;
    while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
      cur++;
    }
    int wl = cur - w;
    if (wl == 3 && is(w, "EOF") && om) {
      skipSpaces();
      if (cur != lim) {
        throw error("unexpected text after \"# EOF\"");
      }
      sawEof = true;
      return null;
    }
    boolean isHelp = wl == 4 && is(w, "HELP");
    boolean isType = wl == 4 && is(w, "TYPE");
    boolean isUnit = om && wl == 4 && is(w, "UNIT");
    if (!isHelp && !isType && !isUnit) {
      return null; // an ordinary comment
    }
    skipSpaces();
    if (cur == lim) {
      throw error(
          "missing metric name after \"# " + (isHelp ? "HELP" : isType ? "TYPE" : "UNIT") + "\"");
    }
    if (b[cur] == '"') {
      family = quoted("metric name");
    } else {
      int s = cur;
      while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
        cur++;
      }
      family = string(s, cur, "metric name");
    }
    if (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
      throw error("expected a space after the metric name");
    }
    if (cur < lim) {
      cur++; // exactly one separator; the rest belongs to the text
    }
    if (isType) {
      skipSpaces();
      int s = cur;
      while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
        cur++;
      }
      type = metricType(s, cur);
      skipSpaces();
      if (cur != lim) {
        throw error("unexpected text after the metric type");
      }
      return Entry.TYPE;
    }
    text = isHelp ? helpText(cur, lim) : string(cur, lim, "unit");
    if (isUnit) {
      text = text.trim();
    }
    return isHelp ? Entry.HELP : Entry.UNIT;
  }

  private MetricType metricType(int s, int e) {
    String t = new String(b, s, e - s, StandardCharsets.UTF_8);
    MetricType m =
        switch (t) {
          case "counter" -> MetricType.COUNTER;
          case "gauge" -> MetricType.GAUGE;
          case "histogram" -> MetricType.HISTOGRAM;
          case "summary" -> MetricType.SUMMARY;
          case "untyped" -> om ? null : MetricType.UNKNOWN;
          case "unknown" -> om ? MetricType.UNKNOWN : null;
          case "info" -> om ? MetricType.INFO : null;
          case "stateset" -> om ? MetricType.STATESET : null;
          case "gaugehistogram" -> om ? MetricType.GAUGE_HISTOGRAM : null;
          default -> null;
        };
    if (m != null) {
      return m;
    }
    throw error(
        "invalid metric type \""
            + Numbers.text(b, s, e)
            + "\": want "
            + (om
                ? "counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown"
                : "counter, gauge, histogram, summary or untyped"));
  }

  private String helpText(int s, int e) {
    int bs = indexOf((byte) '\\', s, e);
    if (bs < 0) {
      return string(s, e, "help text");
    }
    int n = 0;
    ensureScratch(e - s);
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e) {
        byte x = b[i + 1];
        if (x == '\\' || x == 'n' || (om && x == '"')) {
          scratch[n++] = x == 'n' ? (byte) '\n' : x;
          i++;
          continue;
        }
      }
      scratch[n++] = c;
    }
    return scratchString(n, "help text");
  }

  private void series() {
    metric = "";
    labelCount = 0;
    hasTimestamp = false;
    hasExemplar = false;
    seriesStart = cur;
    knownHandle = -1;
    if (known != null) {
      int e = seriesTextEnd();
      if (e > 0) {
        knownHandle = known.find(b, cur, e - cur);
        if (knownHandle >= 0) {
          cur = e;
        }
      }
    }
    if (knownHandle < 0) {
      seriesLabels();
    }
    seriesEnd = cur;
    valueAndRest();
  }

  /** The metric name and labels of a sample line, decoded. */
  private void seriesLabels() {
    if (b[cur] != '{') {
      int s = cur;
      while (cur < lim && b[cur] != '{' && b[cur] != ' ' && b[cur] != '\t') {
        cur++;
      }
      metric = string(s, cur, "metric name");
    }
    if (cur < lim && b[cur] == '{') {
      labels(true);
    }
  }

  /**
   * Where the series text starting at cur ends (after the metric name, or after the '}' that closes
   * the labels, outside quotes), if a space or tab follows it there; else 0, and the line is left
   * to the full parse to judge.
   */
  private int seriesTextEnd() {
    int i = cur;
    while (i < lim && b[i] != '{' && b[i] != ' ' && b[i] != '\t') {
      i++;
    }
    if (i < lim && b[i] == '{') {
      boolean quoted = false;
      while (++i < lim) {
        byte c = b[i];
        if (quoted) {
          if (c == '\\') {
            i++;
          } else if (c == '"') {
            quoted = false;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == '}') {
          break;
        }
      }
      if (i >= lim) {
        return 0;
      }
      i++;
    }
    return i > cur && i < lim && (b[i] == ' ' || b[i] == '\t') ? i : 0;
  }

  private void valueAndRest() {
    if (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
      throw error("expected a space before the value, got '" + (char) (b[cur] & 0xff) + "'");
    }
    skipSpaces();
    if (cur == lim) {
      throw error("missing value");
    }
    int vs = cur;
    while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
      cur++;
    }
    value = number(vs, cur, "value");
    skipSpaces();
    if (cur < lim && b[cur] != '#') {
      int ts = cur;
      while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
        cur++;
      }
      timestamp = timestamp(ts, cur);
      hasTimestamp = true;
      skipSpaces();
    }
    if (cur < lim) {
      if (om && b[cur] == '#') {
        exemplar();
      } else if (!om && b[cur] == '#') {
        // Not part of the text format; Prometheus refuses it too.
        throw error("unexpected '#' after the value (exemplars need OpenMetrics)");
      } else {
        throw error("unexpected text after the timestamp");
      }
    }
  }

  private void exemplar() {
    cur++; // '#'
    skipSpaces();
    if (cur >= lim || b[cur] != '{') {
      throw error("expected '{' to start the exemplar's labels");
    }
    int savedCount = labelCount;
    String savedMetric = metric;
    labels(false);
    labelCount = savedCount;
    metric = savedMetric;
    skipSpaces();
    int vs = cur;
    while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
      cur++;
    }
    number(vs, cur, "exemplar value");
    skipSpaces();
    if (cur < lim) {
      int ts = cur;
      while (cur < lim && b[cur] != ' ' && b[cur] != '\t') {
        cur++;
      }
      timestamp(ts, cur);
      skipSpaces();
      if (cur < lim) {
        throw error("unexpected text after the exemplar");
      }
    }
    hasExemplar = true;
  }

  /** Parses {@code {...}}; when {@code keep}, stores the labels (else only checks them). */
  private void labels(boolean keep) {
    cur++; // '{'
    while (true) {
      skipSpaces();
      if (cur >= lim) {
        throw error("missing '}' at the end of the labels");
      }
      if (b[cur] == '}') {
        cur++;
        return;
      }
      String name;
      if (b[cur] == '"') {
        String q = quoted("label name");
        skipSpaces();
        if (cur < lim && b[cur] != '=') {
          if (!metric.isEmpty()) {
            throw error("metric name given twice: " + metric + " and \"" + q + "\"");
          }
          metric = q;
          afterLabel();
          if (b[cur - 1] == '}') {
            return;
          }
          continue;
        }
        name = q;
      } else {
        int s = cur;
        while (cur < lim
            && b[cur] != '='
            && b[cur] != ' '
            && b[cur] != '\t'
            && b[cur] != ','
            && b[cur] != '}') {
          cur++;
        }
        if (cur == s) {
          throw error("expected a label name, got '" + (char) (b[cur] & 0xff) + "'");
        }
        name = string(s, cur, "label name");
        skipSpaces();
      }
      if (cur >= lim || b[cur] != '=') {
        throw error("expected '=' after label name \"" + name + "\"");
      }
      cur++;
      skipSpaces();
      if (cur >= lim || b[cur] != '"') {
        throw error("expected '\"' to start the value of label \"" + name + "\"");
      }
      String v = quoted("label value");
      if (keep) {
        if (labelCount == names.length) {
          names = Arrays.copyOf(names, labelCount * 2);
          values = Arrays.copyOf(values, labelCount * 2);
        }
        names[labelCount] = name;
        values[labelCount] = v;
        labelCount++;
      }
      afterLabel();
      if (b[cur - 1] == '}') {
        return;
      }
    }
  }

  /** After a label: a ',' (then more or '}') or the closing '}'. Leaves cur after it. */
  private void afterLabel() {
    skipSpaces();
    if (cur >= lim) {
      throw error("missing '}' at the end of the labels");
    }
    if (b[cur] == ',') {
      cur++;
      skipSpaces();
      if (cur < lim && b[cur] == '}') {
        cur++;
      }
      return;
    }
    if (b[cur] == '}') {
      cur++;
      return;
    }
    throw error("expected ',' or '}' after a label, got '" + (char) (b[cur] & 0xff) + "'");
  }

  /** A double-quoted string starting at cur; leaves cur after the closing quote. */
  private String quoted(String what) {
    int s = ++cur;
    boolean escapes = false;
    while (cur < lim && b[cur] != '"') {
      if (b[cur] == '\\') {
        escapes = true;
        cur++;
      }
      cur++;
    }
    if (cur >= lim) {
      throw error("unterminated " + what + " (missing closing '\"')");
    }
    int e = cur++;
    if (!escapes) {
      return string(s, e, what);
    }
    ensureScratch(e - s);
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e) {
        byte x = b[i + 1];
        if (x == '\\' || x == '"' || x == 'n') {
          scratch[n++] = x == 'n' ? (byte) '\n' : x;
          i++;
          continue;
        }
      }
      scratch[n++] = c;
    }
    return scratchString(n, what);
  }

  private double number(int s, int e, String what) {
    try {
      return Numbers.parseDouble(b, s, e);
    } catch (NumberFormatException x) {
      throw error("invalid " + what + " \"" + Numbers.text(b, s, e) + "\"");
    }
  }

  private long timestamp(int s, int e) {
    try {
      return om ? Numbers.parseSecondsAsMillis(b, s, e) : Numbers.parseLong(b, s, e);
    } catch (NumberFormatException | ArithmeticException x) {
      throw error(
          "invalid timestamp \""
              + Numbers.text(b, s, e)
              + "\": want "
              + (om ? "seconds" : "integer milliseconds")
              + " since the epoch");
    }
  }

  // ---- helpers ----

  private String string(int s, int e, String what) {
    String v = strings.get(b, s, e - s);
    if (v == null) {
      throw error(what + " is not valid UTF-8");
    }
    return v;
  }

  private String scratchString(int n, String what) {
    String v = strings.get(scratch, 0, n);
    if (v == null) {
      throw error(what + " is not valid UTF-8");
    }
    return v;
  }

  private void ensureScratch(int n) {
    if (scratch.length < n) {
      scratch = new byte[Math.max(n, scratch.length * 2)];
    }
  }

  private boolean is(int at, String word) {
    for (int i = 0; i < word.length(); i++) {
      if (b[at + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void skipSpaces() {
    while (cur < lim && (b[cur] == ' ' || b[cur] == '\t')) {
      cur++;
    }
  }

  private int indexOf(byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private TextParseException error(String message) {
    return new TextParseException(line, message);
  }
}
