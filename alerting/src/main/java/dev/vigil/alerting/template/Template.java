package dev.vigil.alerting.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed template in Go's {@code text/template} language, as Prometheus rule files use it:
 * actions, pipelines, variables, {@code if/else if/else/with/range/break/continue/end}, whitespace
 * trimming and Go's built-in functions ({@code and or not eq ne lt le gt ge len index print printf
 * println html js urlquery}), plus the functions the caller supplies.
 *
 * <p>Values are plain Java objects: {@link String}, {@link Long} (Go ints), {@link Double} (Go
 * float64), {@link Boolean}, {@link Map} (missing keys read as "", like Go's {@code
 * missingkey=zero} on {@code map[string]string}), {@link List}, or {@link Fields} for structs.
 *
 * <p>Immutable and thread-safe once parsed; {@link #execute} may run concurrently.
 */
public final class Template {
  /** A function callable from a template. Throw {@link IllegalArgumentException} on bad input. */
  @FunctionalInterface
  public interface Function {
    Object call(List<Object> args);
  }

  /**
   * A value with named fields, like a Go struct. A type may be a {@link Map} or {@link List} too
   * (Go's named map and slice types with methods, such as Alertmanager's {@code KV}): its fields
   * are then looked up before the map's keys, as Go looks up methods first.
   */
  public interface Fields {
    /** The field's value; throws {@link IllegalArgumentException} when there is no such field. */
    Object field(String name);
  }

  /** A value with methods that take arguments, such as {@code .CommonLabels.Remove $names}. */
  public interface Methods extends Fields {
    /**
     * Calls the method {@code name}; throws {@link IllegalArgumentException} when there is no such
     * method or the arguments do not fit.
     */
    Object method(String name, List<Object> args);
  }

  /** Text that an HTML template prints unescaped (the result of {@code safeHtml}). */
  public record SafeHtml(String html) {
    @Override
    public String toString() {
      return html;
    }
  }

  /** Go's limit on nested template calls, so a template that calls itself fails cleanly. */
  private static final int MAX_DEPTH = 1000;

  private static final Set<String> BUILTINS =
      Set.of(
          "and",
          "or",
          "not",
          "len",
          "index",
          "print",
          "printf",
          "println",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "html",
          "js",
          "urlquery");

  private final String name;
  private final List<Node> root;
  private final Map<String, Function> functions;
  private final Map<String, List<Node>> defines;

  private Template(
      String name,
      List<Node> root,
      Map<String, Function> functions,
      Map<String, List<Node>> defines) {
    this.name = name;
    this.root = root;
    this.functions = functions;
    this.defines = defines;
  }

  /**
   * Parses {@code text}.
   *
   * @throws TemplateException with Go's message when the text is not a valid template
   */
  public static Template parse(String name, String text, Map<String, Function> functions) {
    return parse(name, text, functions, List.of());
  }

  /**
   * Parses {@code text} so that it can call, besides the templates it defines itself, those that
   * {@code others} define ({@code {{template "name" .}}}); a definition in {@code text} or in a
   * later element of {@code others} replaces an earlier one of the same name, as Go's template sets
   * do when files are parsed one after the other.
   *
   * @throws TemplateException with Go's message when the text is not a valid template
   */
  public static Template parse(
      String name, String text, Map<String, Function> functions, List<Template> others) {
    Set<String> known = new HashSet<>(BUILTINS);
    known.addAll(functions.keySet());
    Parser.Parsed parsed = Parser.parse(name, text, known);
    Map<String, List<Node>> defines = new java.util.LinkedHashMap<>();
    for (Template o : others) {
      defines.putAll(o.defines);
    }
    defines.putAll(parsed.defines());
    return new Template(name, parsed.root(), Map.copyOf(functions), Map.copyOf(defines));
  }

  /** The names of the templates this one can call. */
  public Set<String> definedTemplates() {
    return defines.keySet();
  }

  /**
   * Runs the template with {@code dot} as its data.
   *
   * @throws TemplateException when execution fails (a function error, a bad field, ...)
   */
  public String execute(Object dot) {
    StringBuilder out = new StringBuilder();
    new Exec(out, dot, false).walkList(dot, root);
    return out.toString();
  }

  /**
   * Runs the template as Go's {@code html/template} would for text between tags: every printed
   * value is HTML-escaped unless it is {@link SafeHtml}.
   *
   * @throws TemplateException when execution fails
   */
  public String executeHtml(Object dot) {
    StringBuilder out = new StringBuilder();
    new Exec(out, dot, true).walkList(dot, root);
    return out.toString();
  }

  private enum Control {
    NORMAL,
    BREAK,
    CONTINUE
  }

  private final class Exec {
    private final StringBuilder out;
    private final boolean escapeHtml;
    private final List<String> varNames = new ArrayList<>();
    private final List<Object> varValues = new ArrayList<>();
    private int line;
    private int depth;

    Exec(StringBuilder out, Object dot, boolean escapeHtml) {
      this.out = out;
      this.escapeHtml = escapeHtml;
      varNames.add("$");
      varValues.add(dot);
    }

    TemplateException error(String at, String msg) {
      return new TemplateException(
          "template: "
              + name
              + ":"
              + line
              + ": executing \""
              + name
              + "\""
              + (at == null ? "" : " at <" + at + ">")
              + ": "
              + msg);
    }

    Control walkList(Object dot, List<Node> list) {
      for (Node n : list) {
        Control c = walk(dot, n);
        if (c != Control.NORMAL) {
          return c;
        }
      }
      return Control.NORMAL;
    }

    Control walk(Object dot, Node n) {
      switch (n) {
        case Node.Text t -> out.append(t.text());
        case Node.Action a -> {
          line = a.line();
          Object v = pipeline(dot, a.pipe());
          if (a.pipe().decl().isEmpty()) {
            String text = v == null ? "<no value>" : GoFormat.value(v);
            out.append(escapeHtml && !(v instanceof SafeHtml) ? htmlText(text) : text);
          }
        }
        case Node.TemplateCall c -> callTemplate(dot, c);
        case Node.Branch b -> {
          return branch(dot, b);
        }
        case Node.Break b -> {
          return Control.BREAK;
        }
        case Node.Continue c -> {
          return Control.CONTINUE;
        }
        default -> throw new IllegalStateException("unknown node " + n);
      }
      return Control.NORMAL;
    }

    void callTemplate(Object dot, Node.TemplateCall c) {
      line = c.line();
      List<Node> body = defines.get(c.name());
      if (body == null) {
        throw error(
            "template " + GoStrings.quote(c.name()),
            "no such template " + GoStrings.quote(c.name()));
      }
      if (depth >= MAX_DEPTH) {
        throw error(null, "exceeded maximum template depth (" + MAX_DEPTH + ")");
      }
      Object newDot = null;
      if (c.pipe() != null) {
        int mark = varNames.size();
        newDot = pipeline(dot, c.pipe());
        pop(mark);
      }
      // The called template sees only $ (its dot), as in Go.
      List<String> savedNames = new ArrayList<>(varNames);
      List<Object> savedValues = new ArrayList<>(varValues);
      varNames.clear();
      varValues.clear();
      varNames.add("$");
      varValues.add(newDot);
      depth++;
      try {
        walkList(newDot, body);
      } finally {
        depth--;
        varNames.clear();
        varValues.clear();
        varNames.addAll(savedNames);
        varValues.addAll(savedValues);
      }
    }

    Control branch(Object dot, Node.Branch b) {
      line = b.line();
      int mark = varNames.size();
      try {
        if (b.kind() == Node.Branch.Kind.RANGE) {
          return range(dot, b, mark);
        }
        Object v = pipeline(dot, b.pipe());
        if (truth(v)) {
          return walkList(b.kind() == Node.Branch.Kind.WITH ? v : dot, b.list());
        } else if (b.elseList() != null) {
          return walkList(dot, b.elseList());
        }
        return Control.NORMAL;
      } finally {
        pop(mark);
      }
    }

    Control range(Object dot, Node.Branch b, int mark) {
      Node.Pipe p = b.pipe();
      Object v = pipelineNoDecl(dot, p);
      List<Object[]> items = new ArrayList<>();
      switch (v) {
        case null -> {}
        case List<?> l -> {
          for (int i = 0; i < l.size(); i++) {
            items.add(new Object[] {(long) i, l.get(i)});
          }
        }
        case Map<?, ?> m -> {
          for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
            items.add(new Object[] {e.getKey(), e.getValue()});
          }
        }
        case Long n -> {
          for (long i = 0; i < n; i++) {
            items.add(new Object[] {i, i});
          }
        }
        default -> throw error(null, "range can't iterate over " + GoFormat.value(v));
      }
      if (items.isEmpty()) {
        return b.elseList() == null ? Control.NORMAL : walkList(dot, b.elseList());
      }
      for (Object[] kv : items) {
        pop(mark);
        if (p.decl().size() == 1) {
          declare(p, 0, kv[1]);
        } else if (p.decl().size() == 2) {
          declare(p, 0, kv[0]);
          declare(p, 1, kv[1]);
        }
        Control c = walkList(kv[1], b.list());
        if (c == Control.BREAK) {
          break;
        }
      }
      return Control.NORMAL;
    }

    private void declare(Node.Pipe p, int i, Object v) {
      if (p.assign()) {
        set(p.decl().get(i), v);
      } else {
        varNames.add(p.decl().get(i));
        varValues.add(v);
      }
    }

    void pop(int mark) {
      while (varNames.size() > mark) {
        varNames.remove(varNames.size() - 1);
        varValues.remove(varValues.size() - 1);
      }
    }

    Object variable(String n) {
      for (int i = varNames.size() - 1; i >= 0; i--) {
        if (varNames.get(i).equals(n)) {
          return varValues.get(i);
        }
      }
      throw error(null, "undefined variable: " + n);
    }

    void set(String n, Object v) {
      for (int i = varNames.size() - 1; i >= 0; i--) {
        if (varNames.get(i).equals(n)) {
          varValues.set(i, v);
          return;
        }
      }
      throw error(null, "undefined variable: " + n);
    }

    Object pipeline(Object dot, Node.Pipe p) {
      Object v = pipelineNoDecl(dot, p);
      for (int i = 0; i < p.decl().size(); i++) {
        declare(p, i, v);
      }
      return v;
    }

    Object pipelineNoDecl(Object dot, Node.Pipe p) {
      Object v = null;
      boolean have = false;
      for (Node.Command c : p.cmds()) {
        v = command(dot, c, have, v);
        have = true;
      }
      return v;
    }

    Object command(Object dot, Node.Command c, boolean hasFinal, Object fin) {
      Node.Arg first = c.args().get(0);
      List<Node.Arg> rest = c.args().subList(1, c.args().size());
      return switch (first) {
        case Node.Field f ->
            fields(dot, dot, f.names(), rest, hasFinal, fin, "." + String.join(".", f.names()));
        case Node.Chain ch ->
            fields(dot, arg(dot, ch.node()), ch.fields(), rest, hasFinal, fin, "");
        case Node.Variable v ->
            fields(dot, variable(v.name()), v.fields(), rest, hasFinal, fin, v.name());
        case Node.Ident id -> call(dot, id.name(), rest, hasFinal, fin);
        default -> {
          if (!rest.isEmpty() || hasFinal) {
            throw error(null, "can't give argument to non-function " + describe(first));
          }
          yield arg(dot, first);
        }
      };
    }

    private String describe(Node.Arg a) {
      return switch (a) {
        case Node.StringConst s -> GoStrings.quote(s.value());
        case Node.NumberConst n -> n.text();
        case Node.BoolConst b -> String.valueOf(b.value());
        case Node.Dot d -> ".";
        default -> "pipeline";
      };
    }

    Object fields(
        Object dot,
        Object receiver,
        List<String> names,
        List<Node.Arg> args,
        boolean hasFinal,
        Object fin,
        String at) {
      if (!names.isEmpty() && (!args.isEmpty() || hasFinal)) {
        Object r = receiver;
        for (String f : names.subList(0, names.size() - 1)) {
          r = field(r, f, at);
        }
        String method = names.get(names.size() - 1);
        if (!(r instanceof Methods m)) {
          throw error(at, method + " is not a method but has arguments");
        }
        List<Object> vals = new ArrayList<>(args.size() + 1);
        for (Node.Arg a : args) {
          vals.add(arg(dot, a));
        }
        if (hasFinal) {
          vals.add(fin);
        }
        try {
          return m.method(method, vals);
        } catch (IllegalArgumentException e) {
          throw error(at, e.getMessage());
        }
      }
      if (names.isEmpty() && (!args.isEmpty() || hasFinal)) {
        throw error(at, "can't give argument to non-function " + at);
      }
      Object v = receiver;
      for (String f : names) {
        v = field(v, f, at);
      }
      return v;
    }

    Object field(Object receiver, String f, String at) {
      return switch (receiver) {
        case null -> throw error(at, "nil pointer evaluating interface {}." + f);
        case Fields s -> {
          try {
            yield s.field(f);
          } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
          }
        }
        case Map<?, ?> m -> {
          Object v = m.get(f);
          yield v == null ? "" : v;
        }
        default ->
            throw error(
                at, "can't evaluate field " + f + " in type " + GoFormat.typeName(receiver));
      };
    }

    Object arg(Object dot, Node.Arg a) {
      return switch (a) {
        case Node.Dot d -> dot;
        case Node.Nil n -> null;
        case Node.StringConst s -> s.value();
        case Node.BoolConst b -> b.value();
        case Node.NumberConst n -> n.isInt() ? (Object) n.intValue() : (Object) n.floatValue();
        case Node.Field f ->
            fields(dot, dot, f.names(), List.of(), false, null, "." + String.join(".", f.names()));
        case Node.Variable v ->
            fields(dot, variable(v.name()), v.fields(), List.of(), false, null, v.name());
        case Node.Chain ch ->
            fields(dot, arg(dot, ch.node()), ch.fields(), List.of(), false, null, "");
        case Node.Pipe p -> {
          int mark = varNames.size();
          Object v = pipeline(dot, p);
          pop(mark);
          yield v;
        }
        case Node.Ident id -> call(dot, id.name(), List.of(), false, null);
      };
    }

    Object call(Object dot, String fn, List<Node.Arg> args, boolean hasFinal, Object fin) {
      if (fn.equals("and") || fn.equals("or")) {
        int n = args.size() + (hasFinal ? 1 : 0);
        if (n < 1) {
          throw error(fn, "wrong number of args for " + fn + ": want at least 1 got 0");
        }
        Object v = null;
        for (int i = 0; i < n; i++) {
          v = i < args.size() ? arg(dot, args.get(i)) : fin;
          if (truth(v) != fn.equals("and")) {
            return v;
          }
        }
        return v;
      }
      List<Object> vals = new ArrayList<>(args.size() + 1);
      for (Node.Arg a : args) {
        vals.add(arg(dot, a));
      }
      if (hasFinal) {
        vals.add(fin);
      }
      try {
        Function f = functions.get(fn);
        if (f != null) {
          return f.call(vals);
        }
        return builtin(fn, vals);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw error(fn, "error calling " + fn + ": " + e.getMessage());
      }
    }

    private void arity(String fn, List<Object> a, int n) {
      if (a.size() != n) {
        throw error(fn, "wrong number of args for " + fn + ": want " + n + " got " + a.size());
      }
    }

    Object builtin(String fn, List<Object> a) {
      return switch (fn) {
        case "not" -> {
          arity(fn, a, 1);
          yield !truth(a.get(0));
        }
        case "len" -> {
          arity(fn, a, 1);
          yield switch (a.get(0)) {
            case String s -> (long) s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> (long) l.size();
            case Map<?, ?> m -> (long) m.size();
            default ->
                throw new IllegalArgumentException("len of type " + GoFormat.typeName(a.get(0)));
          };
        }
        case "index" -> {
          if (a.isEmpty()) {
            throw error(fn, "wrong number of args for index: want at least 1 got 0");
          }
          Object v = a.get(0);
          for (int i = 1; i < a.size(); i++) {
            v = index(v, a.get(i));
          }
          yield v;
        }
        case "print" -> sprint(a, false);
        case "println" -> sprint(a, true);
        case "printf" -> {
          if (a.isEmpty() || !(a.get(0) instanceof String format)) {
            throw new IllegalArgumentException("printf needs a format string");
          }
          yield GoFormat.sprintf(format, a.subList(1, a.size()));
        }
        case "eq" -> {
          if (a.size() < 2) {
            throw new IllegalArgumentException("missing argument for comparison");
          }
          boolean any = false;
          for (int i = 1; i < a.size() && !any; i++) {
            any = compare(a.get(0), a.get(i), true) == 0;
          }
          yield any;
        }
        case "ne" -> {
          arity(fn, a, 2);
          yield compare(a.get(0), a.get(1), true) != 0;
        }
        case "lt" -> {
          arity(fn, a, 2);
          yield compare(a.get(0), a.get(1), false) < 0;
        }
        case "le" -> {
          arity(fn, a, 2);
          yield compare(a.get(0), a.get(1), false) <= 0;
        }
        case "gt" -> {
          arity(fn, a, 2);
          yield compare(a.get(0), a.get(1), false) > 0;
        }
        case "ge" -> {
          arity(fn, a, 2);
          yield compare(a.get(0), a.get(1), false) >= 0;
        }
        case "html" -> html(sprint(a, false));
        case "js" -> js(sprint(a, false));
        case "urlquery" -> java.net.URLEncoder.encode(sprint(a, false), StandardCharsets.UTF_8);
        default -> throw error(fn, "function \"" + fn + "\" not defined");
      };
    }

    private Object index(Object item, Object key) {
      return switch (item) {
        case Map<?, ?> m -> {
          Object v = m.get(key instanceof String ? key : GoFormat.value(key));
          yield v == null ? "" : v;
        }
        case List<?> l -> {
          if (!(key instanceof Long i)) {
            throw new IllegalArgumentException(
                "cannot index slice/array with type " + GoFormat.typeName(key));
          }
          if (i < 0 || i >= l.size()) {
            throw new IllegalArgumentException("index out of range: " + i);
          }
          yield l.get(i.intValue());
        }
        case null -> throw new IllegalArgumentException("index of untyped nil");
        default ->
            throw new IllegalArgumentException(
                "can't index item of type " + GoFormat.typeName(item));
      };
    }
  }

  /** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
  static boolean truth(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Long l -> l != 0;
      case Double d -> d != 0;
      case String s -> !s.isEmpty();
      case List<?> l -> !l.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }

  /** Go's {@code fmt.Sprint} / {@code Sprintln}. */
  static String sprint(List<Object> a, boolean ln) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      boolean isString = a.get(i) instanceof String;
      if (i > 0 && (ln || (!isString && !(a.get(i - 1) instanceof String)))) {
        b.append(' ');
      }
      b.append(GoFormat.value(a.get(i)));
    }
    if (ln) {
      b.append('\n');
    }
    return b.toString();
  }

  /** Go's comparison functions: same basic kind, or two integers. */
  static int compare(Object x, Object y, boolean equality) {
    if (x instanceof Long a && y instanceof Long b) {
      return Long.compare(a, b);
    }
    if (x instanceof Double a && y instanceof Double b) {
      return a.equals(b) || a.doubleValue() == b.doubleValue() ? 0 : Double.compare(a, b);
    }
    if (x instanceof String a && y instanceof String b) {
      return a.compareTo(b);
    }
    if (equality && x instanceof Boolean a && y instanceof Boolean b) {
      return a.equals(b) ? 0 : 1;
    }
    if (equality && x == null && y == null) {
      return 0;
    }
    if (x == null || y == null || x.getClass() != y.getClass()) {
      throw new IllegalArgumentException("incompatible types for comparison");
    }
    throw new IllegalArgumentException("invalid type for comparison");
  }

  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '\'' -> b.append("&#39;");
        case '"' -> b.append("&#34;");
        case '\0' -> b.append('\uFFFD');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code html/template}'s escaping of a value printed between tags. */
  static String htmlText(String s) {
    return html(s).replace("+", "&#43;");
  }

  static String js(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '<' -> b.append("\\u003C");
        case '>' -> b.append("\\u003E");
        case '&' -> b.append("\\u0026");
        case '=' -> b.append("\\u003D");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The names of the built-in functions every template has. */
  static Set<String> builtins() {
    return BUILTINS;
  }
}
