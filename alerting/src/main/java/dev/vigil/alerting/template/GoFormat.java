package dev.vigil.alerting.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code fmt} formatting of the values templates see: {@code %v} of floats, integers, strings,
 * maps and lists, {@code %g}/{@code %e}/{@code %f} with Go's rounding and exponent rules, and a
 * {@code printf} that understands Go's verbs.
 */
public final class GoFormat {
  private GoFormat() {}

  /** Decimal digits {@code 0.d1d2...dn × 10^dp}, without trailing zeros; nd = 0 for zero. */
  private record Digits(String d, int dp) {
    int nd() {
      return d.length();
    }

    static Digits of(BigDecimal abs) {
      if (abs.signum() == 0) {
        return new Digits("", 0);
      }
      BigDecimal s = abs.stripTrailingZeros();
      String u = s.unscaledValue().toString();
      return new Digits(u, u.length() - s.scale());
    }
  }

  /** {@code %v} of a value as Go's {@code fmt.Sprint} prints it. */
  public static String value(Object v) {
    return switch (v) {
      case null -> "<nil>";
      case Double d -> shortest(d);
      case Float f -> shortest(f);
      case String s -> s;
      case Map<?, ?> m -> map(m);
      case List<?> l -> {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
          b.append(i > 0 ? " " : "").append(value(l.get(i)));
        }
        yield b.append(']').toString();
      }
      default -> v.toString();
    };
  }

  private static String map(Map<?, ?> m) {
    StringBuilder b = new StringBuilder("map[");
    boolean first = true;
    for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
      b.append(first ? "" : " ").append(value(e.getKey())).append(':').append(value(e.getValue()));
      first = false;
    }
    return b.append(']').toString();
  }

  /** {@code %v} of a float64: the shortest digits that read back to the same value. */
  public static String shortest(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    Digits d = Digits.of(new BigDecimal(Double.toString(Math.abs(v))));
    return sign(v) + formatG(d, d.nd(), true);
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits, exponent form. */
  public static String shortestE(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    Digits d = Digits.of(new BigDecimal(Double.toString(Math.abs(v))));
    return sign(v) + formatE(d, Math.max(d.nd() - 1, 0));
  }

  /** {@code %.<prec>g}. */
  public static String g(double v, int prec) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    if (prec == 0) {
      prec = 1;
    }
    Digits d = round(v, prec);
    return sign(v) + formatG(d, prec, false);
  }

  /** {@code %.<prec>e}. */
  public static String e(double v, int prec) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    return sign(v) + formatE(round(v, prec + 1), prec);
  }

  /** {@code %.<prec>f}. */
  public static String f(double v, int prec) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    BigDecimal r = new BigDecimal(Math.abs(v)).setScale(prec, RoundingMode.HALF_EVEN);
    return sign(v) + r.toPlainString();
  }

  private static Digits round(double v, int prec) {
    BigDecimal abs = new BigDecimal(Math.abs(v));
    return Digits.of(abs.round(new MathContext(prec, RoundingMode.HALF_EVEN)));
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return null;
  }

  private static String sign(double v) {
    return (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
  }

  private static String formatG(Digits d, int prec, boolean shortest) {
    int eprec = prec;
    if (eprec > d.nd() && d.nd() >= d.dp()) {
      eprec = d.nd();
    }
    if (shortest) {
      eprec = 6;
    }
    int exp = d.dp() - 1;
    if (exp < -4 || exp >= eprec) {
      int p = Math.min(prec, d.nd());
      return formatE(d, Math.max(p - 1, 0));
    }
    int p = prec > d.dp() ? d.nd() : prec;
    return formatF(d, Math.max(p - d.dp(), 0));
  }

  private static String formatE(Digits d, int prec) {
    StringBuilder b = new StringBuilder();
    b.append(d.nd() == 0 ? '0' : d.d().charAt(0));
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        b.append(i < d.nd() ? d.d().charAt(i) : '0');
      }
    }
    int exp = d.nd() == 0 ? 0 : d.dp() - 1;
    b.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      b.append('0');
    }
    return b.append(a).toString();
  }

  private static String formatF(Digits d, int prec) {
    StringBuilder b = new StringBuilder();
    if (d.dp() > 0) {
      for (int i = 0; i < d.dp(); i++) {
        b.append(i < d.nd() ? d.d().charAt(i) : '0');
      }
    } else {
      b.append('0');
    }
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        int j = d.dp() + i - 1;
        b.append(j >= 0 && j < d.nd() ? d.d().charAt(j) : '0');
      }
    }
    return b.toString();
  }

  /** Go's {@code fmt.Sprintf} for the verbs templates use. */
  public static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argi = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      boolean sharp = false;
      for (; i < format.length(); i++) {
        char f = format.charAt(i);
        if (f == '-') {
          minus = true;
        } else if (f == '+') {
          plus = true;
        } else if (f == '0') {
          zero = true;
        } else if (f == ' ') {
          space = true;
        } else if (f == '#') {
          sharp = true;
        } else {
          break;
        }
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(format.substring(start, i));
      }
      int prec = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        i++;
        start = i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object arg = args.get(argi++);
      String s = verb(verb, arg, prec, plus, space, sharp);
      out.append(pad(s, width, minus, zero && !minus && isNumeric(arg) && verb != 's'));
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        out.append(k > argi ? ", " : "").append(typeName(args.get(k))).append('=');
        out.append(value(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static boolean isNumeric(Object o) {
    return o instanceof Number;
  }

  private static String pad(String s, int width, boolean left, boolean zero) {
    if (width < 0 || s.length() >= width) {
      return s;
    }
    String fill = String.valueOf(zero ? '0' : ' ').repeat(width - s.length());
    if (left) {
      return s + fill;
    }
    if (zero && (s.startsWith("-") || s.startsWith("+"))) {
      return s.charAt(0) + fill + s.substring(1);
    }
    return fill + s;
  }

  private static String verb(
      char verb, Object arg, int prec, boolean plus, boolean space, boolean sharp) {
    String s;
    switch (verb) {
      case 'v' -> s = arg instanceof Double dd && prec >= 0 ? g(dd, prec) : value(arg);
      case 's' -> {
        if (!(arg instanceof String str)) {
          return bad(verb, arg);
        }
        s = str;
        if (prec >= 0 && s.length() > prec) {
          s = s.substring(0, prec);
        }
      }
      case 'q' -> {
        if (!(arg instanceof String str)) {
          return bad(verb, arg);
        }
        s = GoStrings.quote(str);
      }
      case 'd' -> {
        if (!(arg instanceof Long || arg instanceof Integer)) {
          return bad(verb, arg);
        }
        s = arg.toString();
      }
      case 't' -> {
        if (!(arg instanceof Boolean)) {
          return bad(verb, arg);
        }
        s = arg.toString();
      }
      case 'x', 'X' -> {
        if (arg instanceof Long || arg instanceof Integer) {
          long l = ((Number) arg).longValue();
          s = (l < 0 ? "-" : "") + Long.toHexString(Math.abs(l));
        } else if (arg instanceof String str) {
          StringBuilder b = new StringBuilder();
          for (byte by : str.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            b.append(String.format(java.util.Locale.ROOT, "%02x", by & 0xff));
          }
          s = b.toString();
        } else {
          return bad(verb, arg);
        }
        if (sharp) {
          s = "0x" + s;
        }
        if (verb == 'X') {
          s = s.toUpperCase(java.util.Locale.ROOT);
        }
      }
      case 'f', 'F', 'e', 'E', 'g', 'G' -> {
        if (!(arg instanceof Double || arg instanceof Float)) {
          return bad(verb, arg);
        }
        double d = ((Number) arg).doubleValue();
        s =
            switch (verb) {
              case 'f', 'F' -> f(d, prec < 0 ? 6 : prec);
              case 'e', 'E' -> e(d, prec < 0 ? 6 : prec);
              default -> prec < 0 ? shortest(d) : g(d, prec);
            };
        if (verb == 'E' || verb == 'G') {
          s = s.toUpperCase(java.util.Locale.ROOT);
        }
      }
      default -> {
        return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
      }
    }
    if (arg instanceof Number n && !s.startsWith("-") && (plus || space)) {
      boolean nan = n instanceof Double dd && Double.isNaN(dd);
      if (!nan || plus) {
        s = (plus ? "+" : " ") + s;
      }
    }
    return s;
  }

  private static String bad(char verb, Object arg) {
    return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
  }

  /** The Go type name a value of this Java type stands for, as fmt prints it in errors. */
  static String typeName(Object o) {
    return switch (o) {
      case null -> "<nil>";
      case Double d -> "float64";
      case Long l -> "int";
      case Integer n -> "int";
      case String s -> "string";
      case Boolean b -> "bool";
      case Map<?, ?> m -> "map[string]string";
      case List<?> l -> "[]interface {}";
      default -> o.getClass().getSimpleName();
    };
  }
}
