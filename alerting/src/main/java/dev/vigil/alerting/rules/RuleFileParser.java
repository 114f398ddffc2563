package dev.vigil.alerting.rules;

import dev.vigil.alerting.template.Expander;
import dev.vigil.alerting.template.TemplateException;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.alerting.yaml.YamlTree.Entry;
import dev.vigil.alerting.yaml.YamlTree.ListNode;
import dev.vigil.alerting.yaml.YamlTree.MapNode;
import dev.vigil.alerting.yaml.YamlTree.Node;
import dev.vigil.alerting.yaml.YamlTree.Scalar;
import dev.vigil.core.time.Durations;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Prometheus rule files unchanged ({@code groups}, {@code name}, {@code interval}, {@code
 * limit}, {@code query_offset}, rules with {@code record} or {@code alert}, {@code expr}, {@code
 * for}, {@code keep_firing_for}, {@code labels}, {@code annotations}) and checks them the way
 * {@code promtool check rules} does, reporting every problem with its file, line and column.
 *
 * <p>Stateless and thread-safe.
 */
public final class RuleFileParser {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> FILE_KEYS = Set.of("groups");
  private static final Set<String> GROUP_KEYS =
      Set.of("name", "interval", "query_offset", "limit", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private final ParserOptions promql;

  /** A parser that checks expressions with Prometheus's default PromQL features. */
  public RuleFileParser() {
    this(ParserOptions.DEFAULT);
  }

  public RuleFileParser(ParserOptions promql) {
    this.promql = promql;
  }

  /** Reads and checks the file at {@code path}. */
  public List<RuleGroupSpec> load(Path path) throws RuleFileException {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new RuleFileException(List.of(path + ": file not found"));
    } catch (IOException e) {
      throw new RuleFileException(List.of(path + ": cannot read: " + e.getMessage()));
    }
    return parse(path.toString(), text);
  }

  /**
   * Parses and checks {@code text}; {@code file} names it in messages and in the groups.
   *
   * @throws RuleFileException listing every problem found
   */
  public List<RuleGroupSpec> parse(String file, String text) throws RuleFileException {
    Node root;
    try {
      root = YamlTree.read(text);
    } catch (YamlTree.YamlException e) {
      throw new RuleFileException(List.of(file + ": " + e.getMessage()));
    }
    Check c = new Check(file);
    List<RuleGroupSpec> groups = new ArrayList<>();
    if (root == null || (root instanceof Scalar s && s.text() == null)) {
      return groups;
    }
    MapNode top = c.map(root, "the top level");
    if (top != null) {
      c.keys(top, FILE_KEYS, "the top level");
      Entry g = top.entries().get("groups");
      ListNode list = g == null ? null : c.list(g.value(), "groups");
      Set<String> names = new HashSet<>();
      if (list != null) {
        for (Node gn : list.items()) {
          RuleGroupSpec spec = group(c, gn, names);
          if (spec != null) {
            groups.add(spec);
          }
        }
      }
    }
    if (!c.errors.isEmpty()) {
      throw new RuleFileException(c.errors);
    }
    return groups;
  }

  private RuleGroupSpec group(Check c, Node gn, Set<String> names) {
    MapNode g = c.map(gn, "a group");
    if (g == null) {
      return null;
    }
    c.keys(g, GROUP_KEYS, "a group");
    String name = c.string(g, "name");
    if (name.isEmpty()) {
      c.error(g, "Groupname must not be empty");
    } else if (!names.add(name)) {
      c.error(g, "groupname: \"" + name + "\" is repeated in the same file");
    }
    long interval = c.duration(g, "interval");
    long offset = c.duration(g, "query_offset");
    int limit = c.integer(g, "limit");
    List<RuleSpec> rules = new ArrayList<>();
    Entry re = g.entries().get("rules");
    ListNode list = re == null ? null : c.list(re.value(), "rules");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        RuleSpec r = rule(c, list.items().get(i), name, i + 1);
        if (r != null) {
          rules.add(r);
        }
      }
    }
    return new RuleGroupSpec(c.file, name, interval, offset, limit, rules);
  }

  private RuleSpec rule(Check c, Node rn, String group, int index) {
    MapNode r = c.map(rn, "a rule");
    if (r == null) {
      return null;
    }
    c.keys(r, RULE_KEYS, "a rule");
    String record = c.string(r, "record");
    String alert = c.string(r, "alert");
    String expr = c.string(r, "expr");
    long forMs = c.duration(r, "for");
    long keepMs = c.duration(r, "keep_firing_for");
    Map<String, String> labels = c.stringMap(r, "labels");
    Map<String, String> annotations = c.stringMap(r, "annotations");
    String name = record.isEmpty() ? alert : record;
    String prefix = "group \"" + group + "\", rule " + index + ", \"" + name + "\": ";
    Node recordNode = value(r, "record");
    Node alertNode = value(r, "alert");
    if (!record.isEmpty() && !alert.isEmpty()) {
      c.error(
          recordNode.pos() + ": " + alertNode.pos() + ": " + prefix,
          "only one of 'record' and 'alert' must be set");
    } else if (record.isEmpty() && alert.isEmpty()) {
      c.error(r, prefix + "one of 'record' or 'alert' must be set");
    }
    Node exprNode = value(r, "expr");
    if (expr.isEmpty()) {
      c.error(r, prefix + "field 'expr' must be set in rule");
    } else {
      try {
        Parser.parse(expr, promql);
      } catch (ParseException e) {
        c.error(exprNode, prefix + "could not parse expression: " + e.getMessage());
      }
    }
    if (!record.isEmpty()) {
      if (!annotations.isEmpty()) {
        c.error(recordNode, prefix + "invalid field 'annotations' in recording rule");
      }
      if (forMs != 0) {
        c.error(recordNode, prefix + "invalid field 'for' in recording rule");
      }
      if (keepMs != 0) {
        c.error(
            value(r, "keep_firing_for"),
            prefix + "invalid field 'keep_firing_for' in recording rule");
      }
      if (!METRIC_NAME.matcher(record).matches()) {
        c.error(recordNode, prefix + "invalid recording rule name: " + record);
      }
    }
    for (String l : labels.keySet()) {
      if (!LABEL_NAME.matcher(l).matches() || l.equals("__name__")) {
        c.error(value(r, "labels"), prefix + "invalid label name: " + l);
      }
    }
    for (String a : annotations.keySet()) {
      if (!LABEL_NAME.matcher(a).matches()) {
        c.error(value(r, "annotations"), prefix + "invalid annotation name: " + a);
      }
    }
    if (!alert.isEmpty()) {
      checkTemplates(c, r, "labels", "label", alert, prefix, labels);
      checkTemplates(c, r, "annotations", "annotation", alert, prefix, annotations);
    }
    return new RuleSpec(record, alert, expr, forMs, keepMs, labels, annotations);
  }

  private static void checkTemplates(
      Check c,
      MapNode r,
      String key,
      String what,
      String alert,
      String prefix,
      Map<String, String> templates) {
    for (Map.Entry<String, String> t : templates.entrySet()) {
      try {
        Expander.check(alert, t.getValue());
      } catch (TemplateException e) {
        Node at = value(r, key);
        if (at instanceof MapNode m && m.entries().get(t.getKey()) != null) {
          at = m.entries().get(t.getKey()).value();
        }
        c.error(at, prefix + what + " \"" + t.getKey() + "\": " + e.getMessage());
      }
    }
  }

  private static Node value(MapNode m, String key) {
    Entry e = m.entries().get(key);
    return e == null ? m : e.value();
  }

  /** Collects errors while reading one file. */
  private static final class Check {
    final String file;
    final List<String> errors = new ArrayList<>();

    Check(String file) {
      this.file = file;
    }

    void error(Node at, String msg) {
      errors.add(file + ": " + at.pos() + ": " + msg);
    }

    void error(String positionsAndPrefix, String msg) {
      errors.add(file + ": " + positionsAndPrefix + msg);
    }

    MapNode map(Node n, String what) {
      if (n instanceof MapNode m) {
        return m;
      }
      error(n, "expected a mapping for " + what + ", got " + describe(n));
      return null;
    }

    ListNode list(Node n, String what) {
      if (n instanceof ListNode l) {
        return l;
      }
      if (n instanceof Scalar s && s.text() == null) {
        return null;
      }
      error(n, "expected a list for " + what + ", got " + describe(n));
      return null;
    }

    void keys(MapNode m, Set<String> known, String what) {
      for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
        if (!known.contains(e.getKey())) {
          errors.add(
              file
                  + ": "
                  + e.getValue().line()
                  + ":"
                  + e.getValue().col()
                  + ": field "
                  + e.getKey()
                  + " not found in "
                  + what
                  + " (known fields: "
                  + String.join(", ", new java.util.TreeSet<>(known))
                  + ")");
        }
      }
    }

    String string(MapNode m, String key) {
      Entry e = m.entries().get(key);
      if (e == null) {
        return "";
      }
      if (e.value() instanceof Scalar s) {
        return s.text() == null ? "" : s.text();
      }
      error(e.value(), key + ": expected a string, got " + describe(e.value()));
      return "";
    }

    long duration(MapNode m, String key) {
      String s = string(m, key);
      if (s.isEmpty()) {
        return 0;
      }
      try {
        return Durations.parseMillis(s);
      } catch (IllegalArgumentException ex) {
        error(m.entries().get(key).value(), key + ": " + ex.getMessage());
        return 0;
      }
    }

    int integer(MapNode m, String key) {
      String s = string(m, key);
      if (s.isEmpty()) {
        return 0;
      }
      try {
        int v = Integer.parseInt(s);
        if (v < 0) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException ex) {
        error(
            m.entries().get(key).value(),
            key + ": expected a whole number of 0 or more, got \"" + s + "\"");
        return 0;
      }
    }

    Map<String, String> stringMap(MapNode m, String key) {
      Map<String, String> out = new LinkedHashMap<>();
      Entry e = m.entries().get(key);
      if (e == null || (e.value() instanceof Scalar s && s.text() == null)) {
        return out;
      }
      if (!(e.value() instanceof MapNode mm)) {
        error(
            e.value(),
            key + ": expected a mapping of names to strings, got " + describe(e.value()));
        return out;
      }
      for (Map.Entry<String, Entry> kv : mm.entries().entrySet()) {
        Node v = kv.getValue().value();
        if (v instanceof Scalar s) {
          out.put(kv.getKey(), s.text() == null ? "" : s.text());
        } else {
          error(v, key + "." + kv.getKey() + ": expected a string, got " + describe(v));
        }
      }
      return out;
    }

    private static String describe(Node n) {
      return switch (n) {
        case MapNode m -> "a mapping";
        case ListNode l -> "a list";
        case Scalar s -> s.text() == null ? "null" : "\"" + s.text() + "\"";
      };
    }
  }
}
