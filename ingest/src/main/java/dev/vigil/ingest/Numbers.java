package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Parses numbers straight from bytes, as the text formats write them, without making a String in
 * the common case. Float syntax follows Go's {@code strconv.ParseFloat} (which Prometheus and
 * Influx use): decimal with optional fraction and exponent, {@code NaN}, {@code Inf}, {@code +Inf},
 * {@code -Inf}, {@code Infinity} in any case, hex floats with a {@code p} exponent. Java's extras
 * ({@code 1f}, {@code 1d}, surrounding spaces) are refused.
 *
 * <p>Thread-safe (pure functions). Errors are {@link NumberFormatException}s, thrown only for bad
 * input.
 */
public final class Numbers {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Numbers() {}

  /** Parses {@code b[s, e)} as a float. */
  public static double parseDouble(byte[] b, int s, int e) {
    if (s >= e) {
      throw new NumberFormatException("empty number");
    }
    int i = s;
    boolean neg = false;
    if (b[i] == '-' || b[i] == '+') {
      neg = b[i] == '-';
      i++;
    }
    // Fast path: up to 18 significant digits and a small exponent are exact in one operation.
    long mantissa = 0;
    int digits = 0;
    int exp10 = 0;
    boolean any = false;
    while (i < e && b[i] >= '0' && b[i] <= '9') {
      any = true;
      if (digits < 18) {
        mantissa = mantissa * 10 + (b[i] - '0');
        if (mantissa != 0) {
          digits++;
        }
      } else {
        exp10++;
      }
      i++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        any = true;
        if (digits < 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          if (mantissa != 0) {
            digits++;
          }
          exp10--;
        }
        i++;
      }
    }
    if (any && i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean eneg = false;
      if (i < e && (b[i] == '-' || b[i] == '+')) {
        eneg = b[i] == '-';
        i++;
      }
      int x = 0;
      boolean expDigits = false;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        expDigits = true;
        if (x < 10_000) {
          x = x * 10 + (b[i] - '0');
        }
        i++;
      }
      if (!expDigits) {
        throw bad(b, s, e);
      }
      exp10 += eneg ? -x : x;
    }
    if (any && i == e) {
      if (mantissa == 0) {
        return neg ? -0.0 : 0.0;
      }
      if (mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
        double d = exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10];
        return neg ? -d : d;
      }
      return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
    }
    return slow(b, s, e);
  }

  private static double slow(byte[] b, int s, int e) {
    String t = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    boolean neg = t.startsWith("-");
    if (u.equalsIgnoreCase("inf") || u.equalsIgnoreCase("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (u.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (u.length() > 2 && u.charAt(0) == '0' && (u.charAt(1) == 'x' || u.charAt(1) == 'X')) {
      // Hex float: Java needs the p exponent, as Go does; refuse Java's f/d suffixes.
      boolean p = false;
      for (int k = 2; k < u.length(); k++) {
        char c = u.charAt(k);
        if (c == 'p' || c == 'P') {
          p = true;
        } else if (!(Character.digit(c, 16) >= 0 || c == '.' || (p && (c == '+' || c == '-')))) {
          throw bad(b, s, e);
        }
      }
      char last = u.charAt(u.length() - 1);
      if (p && Character.isDigit(last)) {
        return Double.parseDouble(t);
      }
    }
    throw bad(b, s, e);
  }

  /**
   * Parses {@code b[s, e)} as a decimal {@code long} (optional sign, digits only).
   *
   * @throws NumberFormatException on anything else or on overflow
   */
  public static long parseLong(byte[] b, int s, int e) {
    int i = s;
    boolean neg = false;
    if (i < e && (b[i] == '-' || b[i] == '+')) {
      neg = b[i] == '-';
      i++;
    }
    if (i >= e) {
      throw bad(b, s, e);
    }
    long v = 0;
    for (; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw bad(b, s, e);
      }
      // Accumulate negatively so that Long.MIN_VALUE fits.
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw new NumberFormatException("integer out of range: " + text(b, s, e));
      }
      v = v * 10 - d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        throw new NumberFormatException("integer out of range: " + text(b, s, e));
      }
      return -v;
    }
    return v;
  }

  /**
   * Parses {@code b[s, e)} as decimal seconds (OpenMetrics timestamps, e.g. {@code 1520879607.789})
   * and returns whole milliseconds, dropping finer digits. Exponent forms go through a double.
   */
  public static long parseSecondsAsMillis(byte[] b, int s, int e) {
    int dot = -1;
    for (int i = s; i < e; i++) {
      if (b[i] == '.') {
        dot = i;
      } else if (b[i] == 'e' || b[i] == 'E') {
        double d = parseDouble(b, s, e) * 1000;
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 9.2e18) {
          throw new NumberFormatException("timestamp out of range: " + text(b, s, e));
        }
        return (long) d;
      }
    }
    if (dot < 0) {
      return Math.multiplyExact(parseLong(b, s, e), 1000L);
    }
    boolean neg = dot > s && b[s] == '-';
    long secs =
        dot == s || (dot == s + 1 && (b[s] == '-' || b[s] == '+')) ? 0 : parseLong(b, s, dot);
    long ms = 0;
    int n = 0;
    for (int i = dot + 1; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw bad(b, s, e);
      }
      if (n < 3) {
        ms = ms * 10 + d;
        n++;
      }
    }
    if (dot + 1 == e && dot == s) {
      throw bad(b, s, e);
    }
    for (; n < 3; n++) {
      ms *= 10;
    }
    try {
      return Math.addExact(Math.multiplyExact(secs, 1000L), neg ? -ms : ms);
    } catch (ArithmeticException x) {
      throw new NumberFormatException("timestamp out of range: " + text(b, s, e));
    }
  }

  private static NumberFormatException bad(byte[] b, int s, int e) {
    return new NumberFormatException("invalid number \"" + text(b, s, e) + "\"");
  }

  /** The bytes as text for an error message, shortened when long. */
  public static String text(byte[] b, int s, int e) {
    int n = Math.min(e - s, 64);
    String t = new String(b, s, n, StandardCharsets.UTF_8);
    return n < e - s ? t + "..." : t;
  }

  /**
   * {@code v} as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} writes it: the shortest decimal
   * that reads back as {@code v}, never in exponent notation; {@code +Inf}, {@code -Inf}, {@code
   * NaN}. Prometheus formats OTLP bucket bounds and quantiles this way.
   */
  public static String formatPlain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (v == 0 && 1 / v < 0 ? "-" : "") + Long.toString((long) v);
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
