package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node of the routing tree, with the values it inherits from its parent already filled in
 * ({@code receiver}, {@code group_by}, the three intervals, {@code active_time_intervals} is not
 * inherited, as in Alertmanager).
 *
 * @param key Alertmanager's route key: the matchers of every route from the root down, e.g. {@code
 *     {}/{severity="page"}}
 * @param receiver the receiver name
 * @param groupBy labels to group by; empty with {@code groupByAll} false groups everything together
 * @param groupByAll {@code group_by: ['...']}: every label set is its own group
 * @param matchers all must hold for an alert to enter this route
 * @param continueMatching whether matching goes on with the next sibling after this route matched
 * @param escalate Vigil's {@code escalate:} steps, by increasing delay (not inherited)
 * @param line where the route is written
 */
public record Route(
    String key,
    String receiver,
    List<String> groupBy,
    boolean groupByAll,
    List<Matcher> matchers,
    boolean continueMatching,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    List<Route> routes,
    List<Escalation> escalate,
    int line) {

  /**
   * One escalation step: when a firing alert of a group notified on this route is still neither
   * resolved nor acknowledged {@code after} the group's first notification, {@code receiver} is
   * notified too (and then follows the route's repeat and resolve rules like the first receiver).
   *
   * @param after the delay from the group's first notification
   * @param receiver the receiver to add
   * @param line where the step is written
   */
  public record Escalation(Duration after, String receiver, int line) {}

  static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> KEYS =
      Set.of(
          "receiver",
          "group_by",
          "continue",
          "match",
          "match_re",
          "matchers",
          "group_wait",
          "group_interval",
          "repeat_interval",
          "mute_time_intervals",
          "active_time_intervals",
          "routes",
          "escalate");

  public Route {
    groupBy = List.copyOf(groupBy);
    matchers = List.copyOf(matchers);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
    routes = List.copyOf(routes);
    escalate = List.copyOf(escalate);
  }

  /**
   * The routes an alert with {@code labels} goes to, starting at this one (which it is assumed to
   * match): the deepest matching routes, siblings tried in order until one matches without {@code
   * continue}; this route itself when no child matches.
   */
  public List<Route> match(Labels labels) {
    List<Route> out = new ArrayList<>();
    for (Route child : routes) {
      if (child.accepts(labels)) {
        out.addAll(child.match(labels));
        if (!child.continueMatching) {
          break;
        }
      }
    }
    if (out.isEmpty()) {
      out.add(this);
    }
    return out;
  }

  /** Whether every matcher of this route holds for {@code labels}. */
  public boolean accepts(Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** This route and all below it, depth first. */
  public List<Route> flatten() {
    List<Route> out = new ArrayList<>();
    out.add(this);
    for (Route r : routes) {
      out.addAll(r.flatten());
    }
    return out;
  }

  /** The labels of {@code labels} this route groups by. */
  public Labels groupLabels(Labels labels) {
    if (groupByAll) {
      return labels;
    }
    return labels.keep(groupBy);
  }

  /** Reads the root route: it needs a receiver and may not have matchers or time intervals. */
  static Route parseRoot(YamlTree.Node node) throws ConfigException {
    Fields f = Fields.of(node, "route", KEYS);
    if (f.string("receiver", "").isEmpty()) {
      throw new ConfigException(node, "root route must specify a default receiver");
    }
    for (String k : List.of("match", "match_re", "matchers")) {
      if (f.has(k)) {
        throw new ConfigException(f.at(k), "root route must not have any matchers");
      }
    }
    if (f.has("mute_time_intervals")) {
      throw new ConfigException(
          f.at("mute_time_intervals"), "root route must not have any mute time intervals");
    }
    if (f.has("active_time_intervals")) {
      throw new ConfigException(
          f.at("active_time_intervals"), "root route must not have any active time intervals");
    }
    if (f.bool("continue", false)) {
      throw new ConfigException(f.at("continue"), "cannot have continue in root route");
    }
    Route top =
        new Route(
            "{}",
            "",
            List.of(),
            false,
            List.of(),
            false,
            DEFAULT_GROUP_WAIT,
            DEFAULT_GROUP_INTERVAL,
            DEFAULT_REPEAT_INTERVAL,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            node.line());
    return parse(f, top, "{}");
  }

  private static Route parse(Fields f, Route parent, String key) throws ConfigException {
    List<Matcher> matchers = new ArrayList<>();
    if (f.has("match")) {
      YamlTree.MapNode m = Fields.map(f.get("match"), "match");
      for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
        labelName(e.getKey(), e.getValue());
        matchers.add(
            Matcher.equal(e.getKey(), Fields.scalar(e.getValue().value(), "match." + e.getKey())));
      }
    }
    if (f.has("match_re")) {
      YamlTree.MapNode m = Fields.map(f.get("match_re"), "match_re");
      for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
        labelName(e.getKey(), e.getValue());
        String re = Fields.scalar(e.getValue().value(), "match_re." + e.getKey());
        try {
          matchers.add(Matcher.of(Matcher.Type.REGEX, e.getKey(), re));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(
              e.getValue().value(), "match_re." + e.getKey() + ": " + ex.getMessage());
        }
      }
    }
    for (YamlTree.Node n : f.list("matchers")) {
      String text = Fields.scalar(n, "matchers item");
      try {
        matchers.addAll(MatcherSyntax.parse(text));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(n, "matchers: " + text + ": " + ex.getMessage());
      }
    }
    List<String> groupBy = parent.groupBy();
    boolean all = parent.groupByAll();
    if (f.has("group_by")) {
      Set<String> seen = new LinkedHashSet<>();
      all = false;
      List<YamlTree.Node> items = f.list("group_by");
      for (YamlTree.Node n : items) {
        String l = Fields.scalar(n, "group_by item");
        if (l.equals("...")) {
          all = true;
          continue;
        }
        if (!LABEL_NAME.matcher(l).matches()) {
          throw new ConfigException(n, "invalid label name \"" + l + "\" in group_by list");
        }
        if (!seen.add(l)) {
          throw new ConfigException(n, "duplicated label \"" + l + "\" in group_by");
        }
      }
      if (all && !seen.isEmpty()) {
        throw new ConfigException(
            f.at("group_by"),
            "cannot have wildcard group_by (`...`) and other labels at the same time");
      }
      groupBy = List.copyOf(seen);
    }
    Duration groupWait = f.duration("group_wait", parent.groupWait());
    Duration groupInterval = f.duration("group_interval", parent.groupInterval());
    Duration repeatInterval = f.duration("repeat_interval", parent.repeatInterval());
    if (groupInterval.isZero()) {
      throw new ConfigException(f.at("group_interval"), "group_interval cannot be zero");
    }
    if (repeatInterval.isZero()) {
      throw new ConfigException(f.at("repeat_interval"), "repeat_interval cannot be zero");
    }
    List<Route> children = new ArrayList<>();
    Route self =
        new Route(
            key,
            f.string("receiver", parent.receiver()),
            groupBy,
            all,
            matchers,
            f.bool("continue", false),
            groupWait,
            groupInterval,
            repeatInterval,
            f.strings("mute_time_intervals"),
            f.strings("active_time_intervals"),
            List.of(),
            escalation(f),
            f.node().line());
    List<YamlTree.Node> items = f.list("routes");
    for (YamlTree.Node item : items) {
      Fields cf = Fields.of(item, "route", KEYS);
      children.add(parse(cf, self, key + "/" + matcherKey(cf)));
    }
    return self.withRoutes(children);
  }

  /** The route's own matchers as Alertmanager writes them in route keys. */
  private static String matcherKey(Fields f) throws ConfigException {
    List<String> parts = new ArrayList<>();
    if (f.has("match")) {
      for (Map.Entry<String, YamlTree.Entry> e :
          Fields.map(f.get("match"), "match").entries().entrySet()) {
        parts.add(e.getKey() + "=" + quoted(Fields.scalar(e.getValue().value(), "match")));
      }
    }
    if (f.has("match_re")) {
      for (Map.Entry<String, YamlTree.Entry> e :
          Fields.map(f.get("match_re"), "match_re").entries().entrySet()) {
        parts.add(e.getKey() + "=~" + quoted(Fields.scalar(e.getValue().value(), "match_re")));
      }
    }
    for (String m : f.strings("matchers")) {
      try {
        for (Matcher x : MatcherSyntax.parse(m)) {
          parts.add(MatcherSyntax.format(x));
        }
      } catch (IllegalArgumentException e) {
        // reported when the route itself is read
      }
    }
    parts.sort(null);
    return "{" + String.join(",", parts) + "}";
  }

  private static String quoted(String v) {
    return MatcherSyntax.format(Matcher.equal("x", v)).substring(2);
  }

  private static void labelName(String name, YamlTree.Entry at) throws ConfigException {
    if (!LABEL_NAME.matcher(name).matches()) {
      throw new ConfigException(at.line(), at.col(), "invalid label name \"" + name + "\"");
    }
  }

  private Route withRoutes(List<Route> rs) {
    return new Route(
        key,
        receiver,
        groupBy,
        groupByAll,
        matchers,
        continueMatching,
        groupWait,
        groupInterval,
        repeatInterval,
        muteTimeIntervals,
        activeTimeIntervals,
        rs,
        escalate,
        line);
  }

  private static List<Escalation> escalation(Fields f) throws ConfigException {
    List<Escalation> out = new ArrayList<>();
    Duration last = Duration.ZERO;
    for (YamlTree.Node n : f.list("escalate")) {
      Fields step = Fields.of(n, "escalate", Set.of("after", "receiver"));
      if (!step.has("after") || !step.has("receiver")) {
        throw new ConfigException(n, "escalate: each step needs after and receiver");
      }
      Duration after = step.duration("after", Duration.ZERO);
      if (after.compareTo(last) <= 0) {
        throw new ConfigException(
            step.at("after"), "escalate: after must be greater than zero and than the step before");
      }
      last = after;
      out.add(new Escalation(after, step.string("receiver", ""), n.line()));
    }
    return out;
  }
}
