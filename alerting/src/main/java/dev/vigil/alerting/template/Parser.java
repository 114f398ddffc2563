package dev.vigil.alerting.template;

import dev.vigil.alerting.template.Lexer.Kind;
import dev.vigil.alerting.template.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the parse tree from tokens, with Go's checks at parse time: variables must be declared
 * before use, functions must exist, control structures must be closed.
 */
final class Parser {
  private final String name;
  private final List<Token> tokens;
  private final Set<String> functions;
  private final List<String> vars = new ArrayList<>(List.of("$"));
  private final Map<String, List<Node>> defines = new LinkedHashMap<>();
  private int pos;
  private int rangeDepth;
  private int depth;

  private Parser(String name, List<Token> tokens, Set<String> functions) {
    this.name = name;
    this.tokens = tokens;
    this.functions = functions;
  }

  /** The main body of a text and the named templates it declares. */
  record Parsed(List<Node> root, Map<String, List<Node>> defines) {}

  static Parsed parse(String name, String text, Set<String> functions) {
    Parser p = new Parser(name, Lexer.lex(name, text), functions);
    List<Node> list = new ArrayList<>();
    while (p.peek().kind() != Kind.EOF) {
      Node n = p.textOrAction();
      if (n instanceof EndNode e) {
        throw p.error(e.line(), "unexpected {{" + e.word() + "}}");
      }
      if (n != DEFINED) {
        list.add(n);
      }
    }
    return new Parsed(list, p.defines);
  }

  /** What a top-level {@code {{define}}} leaves in the main body: nothing. */
  private static final Node DEFINED = new Node.Text("");

  private TemplateException error(int line, String msg) {
    return new TemplateException("template: " + name + ":" + line + ": " + msg);
  }

  private Token peek() {
    Token t = tokens.get(pos);
    if (t.kind() == Kind.ERROR) {
      throw new TemplateException(t.text());
    }
    return t;
  }

  private Token next() {
    Token t = peek();
    pos++;
    return t;
  }

  private Token nextNonSpace() {
    Token t = next();
    while (t.kind() == Kind.SPACE) {
      t = next();
    }
    return t;
  }

  private Token peekNonSpace() {
    Token t = nextNonSpace();
    pos--;
    return t;
  }

  /** Returns a node, or an {@link EndNode} for the caller to check. */
  private Node textOrAction() {
    Token t = next();
    return switch (t.kind()) {
      case TEXT -> new Node.Text(t.text());
      case LEFT -> action(t.line());
      case EOF -> throw error(t.line(), "unexpected EOF");
      default -> throw error(t.line(), "unexpected " + t + " in input");
    };
  }

  private Node action(int line) {
    Token t = nextNonSpace();
    if (t.kind() == Kind.KEYWORD) {
      return switch (t.text()) {
        case "if" -> branch(Node.Branch.Kind.IF, t.line());
        case "with" -> branch(Node.Branch.Kind.WITH, t.line());
        case "range" -> branch(Node.Branch.Kind.RANGE, t.line());
        case "end" -> {
          expectRight("end");
          yield new EndNode("end", t.line(), null);
        }
        case "else" -> {
          Token n = peekNonSpace();
          if (n.kind() == Kind.KEYWORD && (n.text().equals("if") || n.text().equals("with"))) {
            // "{{else if x}}" is "{{else}}{{if x}}" sharing the final {{end}}.
            yield new EndNode("else", t.line(), n.text());
          }
          expectRight("else");
          yield new EndNode("else", t.line(), null);
        }
        case "break", "continue" -> {
          if (rangeDepth == 0) {
            throw error(t.line(), "{{" + t.text() + "}} outside {{range}}");
          }
          expectRight(t.text());
          yield t.text().equals("break") ? new Node.Break(t.line()) : new Node.Continue(t.line());
        }
        case "define" -> define(t.line());
        case "template" -> {
          String called = templateName(t.line(), "template");
          Node.Pipe pipe = null;
          if (peekNonSpace().kind() == Kind.RIGHT) {
            nextNonSpace();
          } else {
            pipe = pipeline("template clause", Kind.RIGHT);
          }
          yield new Node.TemplateCall(t.line(), called, pipe);
        }
        case "block" -> {
          String called = templateName(t.line(), "block");
          Node.Pipe pipe = pipeline("block clause", Kind.RIGHT);
          defines.put(called, body("block"));
          yield new Node.TemplateCall(t.line(), called, pipe);
        }
        default -> throw error(t.line(), "unexpected " + t + " in command");
      };
    }
    pos--;
    return new Node.Action(line, pipeline("command", Kind.RIGHT));
  }

  private Node define(int line) {
    if (depth > 0) {
      throw error(line, "unexpected <define> in command");
    }
    String defined = templateName(line, "define");
    expectRight("define clause");
    defines.put(defined, body("define"));
    return DEFINED;
  }

  /**
   * The body of a {@code define} or {@code block} up to its {@code end}, with its own {@code $}.
   */
  private List<Node> body(String context) {
    List<String> outer = new ArrayList<>(vars);
    vars.clear();
    vars.add("$");
    depth++;
    List<Node> list = new ArrayList<>();
    EndNode end = itemList(list);
    depth--;
    vars.clear();
    vars.addAll(outer);
    if (!end.word().equals("end")) {
      throw error(end.line(), "unexpected {{else}} in " + context);
    }
    return list;
  }

  private String templateName(int line, String context) {
    Token t = nextNonSpace();
    if (t.kind() != Kind.STRING && t.kind() != Kind.RAW_STRING) {
      throw error(line, "unexpected " + t + " in " + context + " clause");
    }
    return GoStrings.unquote(t.text(), () -> error(t.line(), "bad string"));
  }

  /** An {@code {{end}}} or {@code {{else}}} seen while parsing a list. */
  private record EndNode(String word, int line, String elseKeyword) implements Node {}

  private void expectRight(String context) {
    Token t = nextNonSpace();
    if (t.kind() != Kind.RIGHT) {
      throw error(t.line(), "unexpected " + t + " in " + context);
    }
  }

  private Node.Branch branch(Node.Branch.Kind kind, int line) {
    int varsBefore = vars.size();
    Node.Pipe pipe = pipeline(kind.name().toLowerCase(java.util.Locale.ROOT), Kind.RIGHT);
    if (kind == Node.Branch.Kind.RANGE) {
      rangeDepth++;
    }
    List<Node> list = new ArrayList<>();
    depth++;
    EndNode end = itemList(list);
    if (kind == Node.Branch.Kind.RANGE) {
      rangeDepth--;
    }
    List<Node> elseList = null;
    if (end.word().equals("else")) {
      elseList = new ArrayList<>();
      if (end.elseKeyword() != null) {
        Token kw = nextNonSpace();
        Node.Branch.Kind k = kw.text().equals("if") ? Node.Branch.Kind.IF : Node.Branch.Kind.WITH;
        elseList.add(branch(k, kw.line()));
      } else {
        EndNode e2 = itemList(elseList);
        if (!e2.word().equals("end")) {
          throw error(e2.line(), "expected end; found {{else}}");
        }
      }
    }
    depth--;
    while (vars.size() > varsBefore) {
      vars.remove(vars.size() - 1);
    }
    return new Node.Branch(kind, line, pipe, list, elseList);
  }

  private EndNode itemList(List<Node> into) {
    while (true) {
      if (peek().kind() == Kind.EOF) {
        throw error(peek().line(), "unexpected EOF");
      }
      Node n = textOrAction();
      if (n instanceof EndNode e) {
        return e;
      }
      into.add(n);
    }
  }

  private Node.Pipe pipeline(String context, Kind end) {
    int line = peekNonSpace().line();
    List<String> decl = new ArrayList<>();
    boolean assign = false;
    Token v = peekNonSpace();
    if (v.kind() == Kind.VARIABLE) {
      int save = pos;
      nextNonSpace();
      Token after = peekNonSpace();
      if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
        nextNonSpace();
        assign = after.kind() == Kind.ASSIGN;
        decl.add(v.text());
      } else if (after.kind() == Kind.COMMA && context.equals("range")) {
        nextNonSpace();
        Token v2 = nextNonSpace();
        Token op = nextNonSpace();
        if (v2.kind() != Kind.VARIABLE || (op.kind() != Kind.DECLARE && op.kind() != Kind.ASSIGN)) {
          throw error(v2.line(), "range can only initialize variables");
        }
        assign = op.kind() == Kind.ASSIGN;
        decl.add(v.text());
        decl.add(v2.text());
      } else {
        pos = save;
      }
    }
    List<Node.Command> cmds = new ArrayList<>();
    while (true) {
      Token t = peekNonSpace();
      if (t.kind() == end) {
        nextNonSpace();
        break;
      }
      if (t.kind() == Kind.EOF || t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN) {
        throw error(t.line(), "unexpected " + t + " in " + context);
      }
      cmds.add(command());
      Token sep = peekNonSpace();
      if (sep.kind() == Kind.PIPE) {
        nextNonSpace();
        if (peekNonSpace().kind() == end) {
          throw error(sep.line(), "missing command after |");
        }
      }
    }
    if (cmds.isEmpty()) {
      throw error(line, "missing value for " + context);
    }
    for (String d : decl) {
      if (assign) {
        if (!vars.contains(d)) {
          throw error(line, "undefined variable \"" + d + "\"");
        }
      } else {
        vars.add(d);
      }
    }
    return new Node.Pipe(line, decl, assign, cmds);
  }

  private Node.Command command() {
    List<Node.Arg> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node.Arg a = operand();
      if (a == null) {
        break;
      }
      args.add(a);
      Token t = peek();
      if (t.kind() == Kind.SPACE) {
        continue;
      }
      if (t.kind() == Kind.PIPE
          || t.kind() == Kind.RIGHT
          || t.kind() == Kind.RPAREN
          || t.kind() == Kind.EOF) {
        break;
      }
      throw error(t.line(), "unexpected " + t + " in operand");
    }
    if (args.isEmpty()) {
      Token t = peekNonSpace();
      throw error(t.line(), "empty command");
    }
    return new Node.Command(args);
  }

  private Node.Arg operand() {
    while (peek().kind() == Kind.SPACE) {
      next();
    }
    Node.Arg term = term();
    if (term == null) {
      return null;
    }
    if (peek().kind() == Kind.FIELD) {
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) {
        fields.add(next().text().substring(1));
      }
      return switch (term) {
        case Node.Field f -> {
          List<String> all = new ArrayList<>(f.names());
          all.addAll(fields);
          yield new Node.Field(all);
        }
        case Node.Variable v -> {
          List<String> all = new ArrayList<>(v.fields());
          all.addAll(fields);
          yield new Node.Variable(v.name(), all);
        }
        case Node.BoolConst b -> throw error(peek().line(), "unexpected . after term");
        default -> new Node.Chain(term, fields);
      };
    }
    return term;
  }

  private Node.Arg term() {
    Token t = peek();
    switch (t.kind()) {
      case IDENT -> {
        next();
        if (!functions.contains(t.text())) {
          throw error(t.line(), "function \"" + t.text() + "\" not defined");
        }
        return new Node.Ident(t.text());
      }
      case DOT -> {
        next();
        return new Node.Dot();
      }
      case VARIABLE -> {
        next();
        if (!vars.contains(t.text())) {
          throw error(t.line(), "undefined variable \"" + t.text() + "\"");
        }
        return new Node.Variable(t.text(), List.of());
      }
      case FIELD -> {
        next();
        return new Node.Field(List.of(t.text().substring(1)));
      }
      case BOOL -> {
        next();
        return new Node.BoolConst(t.text().equals("true"));
      }
      case NIL -> {
        next();
        return new Node.Nil();
      }
      case STRING, RAW_STRING -> {
        next();
        return new Node.StringConst(
            GoStrings.unquote(t.text(), () -> error(t.line(), "bad string")));
      }
      case CHAR -> {
        next();
        String s = GoStrings.unquote(t.text(), () -> error(t.line(), "bad character constant"));
        int cp = s.codePointAt(0);
        return new Node.NumberConst(t.text(), true, cp, cp);
      }
      case NUMBER -> {
        next();
        return number(t);
      }
      case LPAREN -> {
        next();
        return pipeline("parenthesized pipeline", Kind.RPAREN);
      }
      default -> {
        if (t.kind() == Kind.PUNCT) {
          throw error(t.line(), "unexpected " + t + " in operand");
        }
        return null;
      }
    }
  }

  private Node.NumberConst number(Token t) {
    String text = t.text().replace("_", "");
    boolean floatSyntax =
        !text.startsWith("0x") && !text.startsWith("0X") && text.matches(".*[.eEpP].*");
    try {
      if (!floatSyntax) {
        long v = parseInt(text);
        return new Node.NumberConst(t.text(), true, v, v);
      }
      double f = Double.parseDouble(text);
      return new Node.NumberConst(t.text(), false, (long) f, f);
    } catch (NumberFormatException e) {
      throw error(t.line(), "bad number syntax: \"" + t.text() + "\"");
    }
  }

  private static long parseInt(String text) {
    boolean neg = text.startsWith("-");
    String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    long v;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      v = Long.parseLong(s.substring(2), 16);
    } else if (s.startsWith("0b") || s.startsWith("0B")) {
      v = Long.parseLong(s.substring(2), 2);
    } else if (s.startsWith("0o") || s.startsWith("0O")) {
      v = Long.parseLong(s.substring(2), 8);
    } else if (s.length() > 1 && s.startsWith("0")) {
      v = Long.parseLong(s.substring(1), 8);
    } else {
      v = Long.parseLong(s);
    }
    return neg ? -v : v;
  }
}
