package dev.vigil.alerting.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template text into tokens the way Go's text/template lexer does: text between actions, and
 * inside the delimiters the words of pipelines. Handles the trim markers (a dash next to a
 * delimiter), comments, and Go's string, raw-string, character and number literals.
 */
final class Lexer {
  enum Kind {
    TEXT,
    LEFT,
    RIGHT,
    SPACE,
    FIELD,
    VARIABLE,
    DOT,
    IDENT,
    STRING,
    RAW_STRING,
    CHAR,
    NUMBER,
    BOOL,
    NIL,
    PIPE,
    LPAREN,
    RPAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    KEYWORD,
    PUNCT,
    ERROR,
    EOF
  }

  record Token(Kind kind, String text, int pos, int line) {
    @Override
    public String toString() {
      return switch (kind) {
        case EOF -> "EOF";
        case KEYWORD -> "<" + text + ">";
        case SPACE -> "space";
        default -> "\"" + text + "\"";
      };
    }
  }

  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final List<String> KEYWORDS =
      List.of(
          "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

  private final String name;
  private final String in;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int parenDepth;

  private Lexer(String name, String in) {
    this.name = name;
    this.in = in;
  }

  static List<Token> lex(String name, String in) {
    Lexer l = new Lexer(name, in);
    try {
      l.run();
    } catch (TemplateException e) {
      // Go lexes lazily: the parser reports what it finds wrong before it reaches this point.
      l.out.add(new Token(Kind.ERROR, e.getMessage(), l.pos, l.line));
    }
    return l.out;
  }

  private TemplateException error(int atLine, String msg) {
    return new TemplateException("template: " + name + ":" + atLine + ": " + msg);
  }

  private void run() {
    boolean trimNextText = false;
    while (pos < in.length()) {
      int open = in.indexOf(LEFT, pos);
      int textEnd = open < 0 ? in.length() : open;
      boolean trimBefore = open >= 0 && hasLeftTrim(open + LEFT.length());
      String text = in.substring(pos, textEnd);
      int textLine = line;
      line += count(text);
      if (trimNextText) {
        text = stripLeading(text);
      }
      if (trimBefore) {
        text = stripTrailing(text);
      }
      if (!text.isEmpty()) {
        out.add(new Token(Kind.TEXT, text, pos, textLine));
      }
      if (open < 0) {
        pos = in.length();
        break;
      }
      pos = open + LEFT.length() + (trimBefore ? 2 : 0);
      trimNextText = action(open);
    }
    out.add(new Token(Kind.EOF, "", pos, line));
  }

  private boolean hasLeftTrim(int p) {
    return p + 1 < in.length() && in.charAt(p) == '-' && isSpace(in.charAt(p + 1));
  }

  /** Lexes one action starting after its left delimiter; returns whether it trims after. */
  private boolean action(int start) {
    int startLine = line;
    // A comment must directly follow the delimiter (and its trim marker).
    if (in.startsWith("/*", pos)) {
      int end = in.indexOf("*/", pos + 2);
      if (end < 0) {
        throw error(startLine, "unclosed comment");
      }
      line += count(in.substring(pos, end));
      pos = end + 2;
      boolean trim = false;
      if (in.startsWith(" -" + RIGHT, pos) || in.startsWith("\t-" + RIGHT, pos)) {
        trim = true;
        pos += 2;
      }
      if (!in.startsWith(RIGHT, pos)) {
        throw error(startLine, "comment ends before closing delimiter");
      }
      pos += RIGHT.length();
      return trim;
    }
    out.add(new Token(Kind.LEFT, LEFT, start, startLine));
    parenDepth = 0;
    while (true) {
      if (pos >= in.length()) {
        throw error(startLine, "unclosed action");
      }
      char c = in.charAt(pos);
      if (isSpace(c)) {
        int s = pos;
        while (pos < in.length() && isSpace(in.charAt(pos))) {
          pos++;
        }
        if (in.startsWith("-" + RIGHT, pos)) {
          line += count(in.substring(s, pos));
          out.add(new Token(Kind.RIGHT, RIGHT, pos, line));
          pos += 1 + RIGHT.length();
          return true;
        }
        String sp = in.substring(s, pos);
        line += count(sp);
        out.add(new Token(Kind.SPACE, sp, s, line));
        continue;
      }
      if (in.startsWith(RIGHT, pos)) {
        if (parenDepth > 0) {
          throw error(line, "unclosed left paren");
        }
        out.add(new Token(Kind.RIGHT, RIGHT, pos, line));
        pos += RIGHT.length();
        return false;
      }
      int s = pos;
      switch (c) {
        case '|' -> single(Kind.PIPE);
        case '(' -> {
          parenDepth++;
          single(Kind.LPAREN);
        }
        case ')' -> {
          parenDepth--;
          if (parenDepth < 0) {
            throw error(line, "unexpected right paren");
          }
          single(Kind.RPAREN);
        }
        case ',' -> single(Kind.COMMA);
        case '=' -> single(Kind.ASSIGN);
        case ':' -> {
          if (!in.startsWith(":=", pos)) {
            throw error(line, "expected :=");
          }
          pos += 2;
          out.add(new Token(Kind.DECLARE, ":=", s, line));
        }
        case '"' -> quoted('"', Kind.STRING, "unterminated quoted string");
        case '`' -> raw();
        case '\'' -> quoted('\'', Kind.CHAR, "unterminated character constant");
        case '$' -> {
          pos++;
          while (pos < in.length() && isAlnum(in.charAt(pos))) {
            pos++;
          }
          out.add(new Token(Kind.VARIABLE, in.substring(s, pos), s, line));
          fieldChain();
        }
        case '.' -> {
          if (pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1))) {
            number();
          } else if (pos + 1 < in.length() && isAlnum(in.charAt(pos + 1))) {
            fieldChain();
          } else {
            pos++;
            out.add(new Token(Kind.DOT, ".", s, line));
          }
        }
        default -> {
          if (c == '+' || c == '-' || Character.isDigit(c)) {
            number();
          } else if (isAlnum(c)) {
            while (pos < in.length() && isAlnum(in.charAt(pos))) {
              pos++;
            }
            String word = in.substring(s, pos);
            Kind k =
                KEYWORDS.contains(word)
                    ? Kind.KEYWORD
                    : word.equals("true") || word.equals("false")
                        ? Kind.BOOL
                        : word.equals("nil") ? Kind.NIL : Kind.IDENT;
            if (k == Kind.IDENT && pos < in.length() && in.charAt(pos) == '.') {
              out.add(new Token(k, word, s, line));
              fieldChain();
            } else {
              out.add(new Token(k, word, s, line));
            }
          } else {
            single(Kind.PUNCT);
          }
        }
      }
      if (c == ')') {
        fieldChain();
      }
    }
  }

  private void single(Kind k) {
    out.add(new Token(k, in.substring(pos, pos + 1), pos, line));
    pos++;
  }

  /** Reads {@code .a.b.c} directly following the current position. */
  private void fieldChain() {
    while (pos + 1 < in.length() && in.charAt(pos) == '.' && isAlnum(in.charAt(pos + 1))) {
      int s = pos;
      pos++;
      while (pos < in.length() && isAlnum(in.charAt(pos))) {
        pos++;
      }
      out.add(new Token(Kind.FIELD, in.substring(s, pos), s, line));
    }
  }

  private void quoted(char q, Kind kind, String unterminated) {
    int s = pos;
    pos++;
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') {
        throw error(line, unterminated);
      }
      char c = in.charAt(pos++);
      if (c == '\\') {
        if (pos >= in.length() || in.charAt(pos) == '\n') {
          throw error(line, unterminated);
        }
        pos++;
      } else if (c == q) {
        break;
      }
    }
    out.add(new Token(kind, in.substring(s, pos), s, line));
  }

  private void raw() {
    int s = pos;
    int end = in.indexOf('`', pos + 1);
    if (end < 0) {
      throw error(line, "unterminated raw quoted string");
    }
    pos = end + 1;
    String text = in.substring(s, pos);
    out.add(new Token(Kind.RAW_STRING, text, s, line));
    line += count(text);
  }

  private void number() {
    int s = pos;
    if (in.charAt(pos) == '+' || in.charAt(pos) == '-') {
      pos++;
    }
    while (pos < in.length()) {
      char c = in.charAt(pos);
      boolean exp =
          (c == '+' || c == '-')
              && (in.charAt(pos - 1) == 'e' || in.charAt(pos - 1) == 'E')
              && !in.substring(s, pos).startsWith("0x");
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exp) {
        pos++;
      } else {
        break;
      }
    }
    String text = in.substring(s, pos);
    if (pos < in.length() && isAlnum(in.charAt(pos))) {
      throw error(line, "bad number syntax: \"" + text + "\"");
    }
    out.add(new Token(Kind.NUMBER, text, s, line));
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static int count(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailing(String s) {
    int i = s.length();
    while (i > 0 && isSpace(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }
}
