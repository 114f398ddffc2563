package dev.vigil.alerting.config;

import dev.vigil.alerting.inhibit.InhibitRule;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.yaml.YamlTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifier's configuration: exactly what an {@code alertmanager.yml} holds, read from the
 * {@code alertmanager:} key of {@code vigil.yml} or from the file {@code alertmanager_config_file:}
 * names. Checked as Alertmanager checks it (unknown fields, undefined or duplicate receivers, bad
 * durations and matchers, undefined time intervals), each error naming its line.
 *
 * <p>Immutable; a reload builds a new one and the running one stays when that fails.
 *
 * @param global the {@code global:} mapping as written, for the integrations' defaults
 * @param resolveTimeout {@code global.resolve_timeout}: how long an alert without {@code endsAt}
 *     lasts (default 5m)
 * @param route the routing tree, inherited values filled in
 * @param receivers the receivers by name, in file order
 * @param inhibitRules the {@code inhibit_rules:} list as written
 * @param inhibitions the inhibition rules read from {@code inhibitRules}
 * @param timeIntervals {@code time_intervals} and {@code mute_time_intervals} by name
 * @param templates the {@code templates:} globs as written
 * @param context the external URL and the template files, as the notifiers got them
 * @param source the whole mapping, for {@code /api/v2/status}
 */
public record NotifierConfig(
    YamlTree.MapNode global,
    Duration resolveTimeout,
    Route route,
    Map<String, Receiver> receivers,
    YamlTree.ListNode inhibitRules,
    List<InhibitRule> inhibitions,
    Map<String, TimeInterval> timeIntervals,
    List<String> templates,
    NotifierContext context,
    YamlTree.MapNode source) {

  /** A named receiver and the notifiers built from its {@code *_configs} entries. */
  public record Receiver(String name, List<Notifier> notifiers) {
    public Receiver {
      notifiers = List.copyOf(notifiers);
    }
  }

  private static final Set<String> KEYS =
      Set.of(
          "global",
          "route",
          "receivers",
          "inhibit_rules",
          "time_intervals",
          "mute_time_intervals",
          "templates");

  /** Every {@code global:} key Alertmanager knows; the integrations read the ones they need. */
  static final Set<String> GLOBAL_KEYS =
      Set.of(
          "resolve_timeout",
          "http_config",
          "smtp_from",
          "smtp_hello",
          "smtp_smarthost",
          "smtp_auth_username",
          "smtp_auth_password",
          "smtp_auth_password_file",
          "smtp_auth_secret",
          "smtp_auth_identity",
          "smtp_require_tls",
          "smtp_tls_config",
          "slack_api_url",
          "slack_api_url_file",
          "victorops_api_key",
          "victorops_api_key_file",
          "victorops_api_url",
          "pagerduty_url",
          "opsgenie_api_key",
          "opsgenie_api_key_file",
          "opsgenie_api_url",
          "wechat_api_url",
          "wechat_api_secret",
          "wechat_api_corp_id",
          "telegram_api_url",
          "webex_api_url",
          "jira_api_url",
          "rocketchat_api_url",
          "rocketchat_token",
          "rocketchat_token_file",
          "rocketchat_token_id",
          "rocketchat_token_id_file");

  public NotifierConfig {
    receivers = Map.copyOf(receivers);
    inhibitions = List.copyOf(inhibitions);
    timeIntervals = Map.copyOf(timeIntervals);
    templates = List.copyOf(templates);
  }

  /** The receivers' names in the order they are written. */
  public List<String> receiverNames() {
    List<String> out = new ArrayList<>();
    for (YamlTree.Node n : receiverNodes(source)) {
      if (n instanceof YamlTree.MapNode m
          && m.entries().get("name") != null
          && m.entries().get("name").value() instanceof YamlTree.Scalar s) {
        out.add(s.text());
      }
    }
    return out;
  }

  private static List<YamlTree.Node> receiverNodes(YamlTree.MapNode source) {
    YamlTree.Entry e = source.entries().get("receivers");
    return e != null && e.value() instanceof YamlTree.ListNode l ? l.items() : List.of();
  }

  /**
   * Reads and checks a notifier configuration.
   *
   * @param node the {@code alertmanager:} mapping (or an alertmanager.yml document)
   * @param factories the integrations by {@code *_configs} key ({@code Integrations.byKey()})
   * @param externalUrl the URL under which users reach Vigil, for links in messages
   * @param baseDir the folder {@code templates:} globs are relative to
   * @throws ConfigException at the first problem, naming its line
   */
  public static NotifierConfig parse(
      YamlTree.Node node, Map<String, NotifierFactory> factories, String externalUrl, Path baseDir)
      throws ConfigException {
    Fields f = Fields.of(node, "alertmanager config", KEYS);
    NotifierContext ctx = Context.of(externalUrl, f.strings("templates"), baseDir);
    YamlTree.MapNode global =
        f.has("global")
            ? Fields.of(f.get("global"), "global", GLOBAL_KEYS).node()
            : new YamlTree.MapNode(f.node().line(), f.node().col(), Map.of());
    Duration resolveTimeout =
        Fields.of(global, "global", GLOBAL_KEYS).duration("resolve_timeout", Duration.ofMinutes(5));
    if (resolveTimeout.isZero()) {
      throw new ConfigException(global, "global.resolve_timeout cannot be zero");
    }

    Map<String, TimeInterval> intervals = new LinkedHashMap<>();
    for (String key : List.of("mute_time_intervals", "time_intervals")) {
      for (YamlTree.Node n : f.list(key)) {
        TimeInterval ti = TimeInterval.parse(n);
        if (intervals.put(ti.name(), ti) != null) {
          throw new ConfigException(n, "time interval \"" + ti.name() + "\" is not unique");
        }
      }
    }

    Map<String, Receiver> receivers = new LinkedHashMap<>();
    for (YamlTree.Node n : f.list("receivers")) {
      Receiver r = receiver(n, global, factories, ctx);
      if (receivers.put(r.name(), r) != null) {
        throw new ConfigException(n, "notification config name \"" + r.name() + "\" is not unique");
      }
    }

    if (!f.has("route")) {
      throw new ConfigException(f.node(), "no routes provided");
    }
    Route route = Route.parseRoot(f.get("route"));
    for (Route r : route.flatten()) {
      if (!receivers.containsKey(r.receiver())) {
        throw new ConfigException(
            r.line(), 0, "undefined receiver \"" + r.receiver() + "\" used in route");
      }
      for (Route.Escalation e : r.escalate()) {
        if (!receivers.containsKey(e.receiver())) {
          throw new ConfigException(
              e.line(), 0, "undefined receiver \"" + e.receiver() + "\" used in escalate");
        }
      }
      for (String ti : r.muteTimeIntervals()) {
        if (!intervals.containsKey(ti)) {
          throw new ConfigException(
              r.line(), 0, "undefined time interval \"" + ti + "\" used in route");
        }
      }
      for (String ti : r.activeTimeIntervals()) {
        if (!intervals.containsKey(ti)) {
          throw new ConfigException(
              r.line(), 0, "undefined time interval \"" + ti + "\" used in route");
        }
      }
    }

    YamlTree.ListNode inhibit = new YamlTree.ListNode(f.node().line(), 1, List.of());
    if (f.has("inhibit_rules")) {
      if (!(f.get("inhibit_rules") instanceof YamlTree.ListNode l)) {
        throw new ConfigException(f.get("inhibit_rules"), "inhibit_rules must be a list");
      }
      inhibit = l;
    }
    return new NotifierConfig(
        global,
        resolveTimeout,
        route,
        receivers,
        inhibit,
        InhibitRules.parse(inhibit),
        intervals,
        f.strings("templates"),
        ctx,
        f.node());
  }

  private static Receiver receiver(
      YamlTree.Node n,
      YamlTree.MapNode global,
      Map<String, NotifierFactory> factories,
      NotifierContext ctx)
      throws ConfigException {
    YamlTree.MapNode m = Fields.map(n, "receiver");
    Set<String> known = new HashSet<>(factories.keySet());
    known.add("name");
    // Alertmanager's integrations that Vigil does not offer get their own message below.
    for (String k : m.entries().keySet()) {
      if (k.endsWith("_configs")) {
        known.add(k);
      }
    }
    Fields f = Fields.of(m, "receiver", known);
    String name = f.string("name", "");
    if (name.isEmpty()) {
      throw new ConfigException(n, "missing name in receiver");
    }
    List<Notifier> notifiers = new ArrayList<>();
    for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
      if (e.getKey().equals("name")) {
        continue;
      }
      NotifierFactory factory = factories.get(e.getKey());
      if (factory == null) {
        throw new ConfigException(
            e.getValue().line(),
            e.getValue().col(),
            "receiver \""
                + name
                + "\": "
                + e.getKey()
                + " is not supported (supported: "
                + String.join(", ", new java.util.TreeSet<>(factories.keySet()))
                + ")");
      }
      for (YamlTree.Node item : f.list(e.getKey())) {
        notifiers.add(factory.create(Fields.map(item, e.getKey() + " item"), global, ctx));
      }
    }
    return new Receiver(name, notifiers);
  }
}
