package dev.vigil.alerting.config;

import dev.vigil.core.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Alertmanager's matcher text, as written in a route's {@code matchers:}, in inhibition rules and
 * by amtool: {@code name=value}, {@code name!="v"}, {@code name=~"re"}, {@code name!~re},
 * comma-separated and optionally inside braces; quoted values take {@code \"}, {@code \\} and
 * {@code \n} escapes. Regular expressions are anchored at both ends.
 */
public final class MatcherSyntax {
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,]*)\\s*");

  private MatcherSyntax() {}

  /**
   * Parses one matcher text into its matchers.
   *
   * @throws IllegalArgumentException naming the text when it is not matcher syntax or a regular
   *     expression does not compile
   */
  public static List<Matcher> parse(String text) {
    String t = text.trim();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1).trim();
    }
    List<Matcher> out = new ArrayList<>();
    java.util.regex.Matcher m = MATCHER.matcher(t);
    int pos = 0;
    while (pos < t.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("bad matcher format: " + text);
      }
      String value = m.group(3).trim();
      if (value.startsWith("\"")) {
        value = unquote(value.substring(1, value.length() - 1));
      }
      Matcher.Type type =
          switch (m.group(2)) {
            case "=~" -> Matcher.Type.REGEX;
            case "!~" -> Matcher.Type.NOT_REGEX;
            case "!=" -> Matcher.Type.NOT_EQUAL;
            default -> Matcher.Type.EQUAL;
          };
      out.add(Matcher.of(type, m.group(1), value));
      pos = m.end();
      if (pos < t.length()) {
        if (t.charAt(pos) != ',') {
          throw new IllegalArgumentException("bad matcher format: " + text);
        }
        pos++;
      }
    }
    return out;
  }

  private static String unquote(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Matcher text that {@link #parse} reads back, values always quoted. */
  public static String format(Matcher m) {
    StringBuilder b = new StringBuilder(m.name()).append(m.type().symbol()).append('"');
    for (int ci = 0; ci < m.value().length(); ci++) {
      char c = m.value().charAt(ci);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
