package dev.vigil.alerting.template;

import java.util.function.Supplier;

/** Go's string literal syntax: interpreted {@code "..."}, raw {@code `...`} and {@code '.'}. */
final class GoStrings {
  private GoStrings() {}

  static String unquote(String lit, Supplier<TemplateException> bad) {
    char q = lit.charAt(0);
    String body = lit.substring(1, lit.length() - 1);
    if (q == '`') {
      return body.replace("\r", "");
    }
    StringBuilder b = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= body.length()) {
        throw bad.get();
      }
      char e = body.charAt(i);
      switch (e) {
        case 'a' -> b.append('\u0007');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'v' -> b.append('\u000b');
        case '\\', '\'', '"' -> b.append(e);
        case 'x', 'u', 'U' -> {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + n >= body.length()) {
            throw bad.get();
          }
          try {
            int cp = Integer.parseInt(body.substring(i + 1, i + 1 + n), 16);
            b.appendCodePoint(cp);
          } catch (RuntimeException ex) {
            throw bad.get();
          }
          i += n;
        }
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < body.length()) {
            try {
              b.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
            } catch (NumberFormatException ex) {
              throw bad.get();
            }
            i += 2;
          } else {
            throw bad.get();
          }
        }
      }
    }
    if (q == '\'' && b.codePointCount(0, b.length()) != 1) {
      throw bad.get();
    }
    return b.toString();
  }

  /** Go's {@code strconv.Quote} ({@code %q}). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    dev.vigil.core.model.Labels.quote(b, s);
    return b.toString();
  }
}
