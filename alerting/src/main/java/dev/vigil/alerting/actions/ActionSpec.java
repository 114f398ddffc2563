package dev.vigil.alerting.actions;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One automated action from the {@code actions:} section of {@code vigil.yml}: an {@code exec}
 * action runs a fixed command (alert data reaches it only on stdin and in environment variables,
 * never in its arguments), an {@code http} action calls a fixed URL. Both have a timeout, a rate
 * limit, a concurrency limit and a dry-run switch.
 *
 * @param name the key under {@code actions:}, which receivers name in {@code action_configs}
 * @param kind {@code exec} or {@code http}
 * @param command the program and its arguments ({@code exec})
 * @param url the URL to call ({@code http})
 * @param method the HTTP method ({@code http}; default POST)
 * @param headers HTTP headers ({@code http})
 * @param body the body template ({@code http}; empty: the webhook JSON payload)
 * @param timeout how long one run may take (default 30s)
 * @param maxConcurrent how many runs of this action may be in progress (default 1)
 * @param rateMax how many runs may start within {@code ratePer} (0: no limit)
 * @param ratePer the rate-limit window
 * @param maxOutput how many bytes of output (or response body) the audit keeps (default 4096)
 * @param dryRun record what would run, run nothing
 */
public record ActionSpec(
    String name,
    Kind kind,
    List<String> command,
    URI url,
    String method,
    Map<String, String> headers,
    String body,
    Duration timeout,
    int maxConcurrent,
    int rateMax,
    Duration ratePer,
    int maxOutput,
    boolean dryRun) {

  /** What an action does. */
  public enum Kind {
    EXEC,
    HTTP
  }

  private static final Set<String> EXEC_KEYS =
      Set.of("type", "command", "timeout", "max_concurrent", "rate_limit", "max_output", "dry_run");
  private static final Set<String> HTTP_KEYS =
      Set.of(
          "type",
          "url",
          "method",
          "headers",
          "body",
          "timeout",
          "max_concurrent",
          "rate_limit",
          "max_output",
          "dry_run");

  /**
   * Reads the {@code actions:} mapping (name → action); null or an empty node gives none.
   *
   * @throws ConfigException naming the line and the problem
   */
  public static Map<String, ActionSpec> parseAll(YamlTree.Node node) throws ConfigException {
    Map<String, ActionSpec> out = new LinkedHashMap<>();
    if (node == null || (node instanceof YamlTree.Scalar s && s.text() == null)) {
      return out;
    }
    if (!(node instanceof YamlTree.MapNode m)) {
      throw new ConfigException(node, "actions must be a map from action name to action");
    }
    for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
      if (!e.getKey().matches("[A-Za-z0-9_.-]+")) {
        throw new ConfigException(
            e.getValue().value(), "action name \"" + e.getKey() + "\" must match [A-Za-z0-9_.-]+");
      }
      out.put(e.getKey(), parse(e.getKey(), e.getValue().value()));
    }
    return out;
  }

  private static ActionSpec parse(String name, YamlTree.Node node) throws ConfigException {
    if (!(node instanceof YamlTree.MapNode m)) {
      throw new ConfigException(node, "action " + name + " must be a map");
    }
    String type = scalar(m, "type");
    if (type == null) {
      throw new ConfigException(m, "action " + name + ": missing type (exec or http)");
    }
    Kind kind =
        switch (type) {
          case "exec" -> Kind.EXEC;
          case "http" -> Kind.HTTP;
          default ->
              throw new ConfigException(
                  m, "action " + name + ": type must be exec or http, got \"" + type + "\"");
        };
    Set<String> keys = kind == Kind.EXEC ? EXEC_KEYS : HTTP_KEYS;
    for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
      if (!keys.contains(e.getKey())) {
        throw new ConfigException(
            e.getValue().value(),
            "action "
                + name
                + ": unknown field \""
                + e.getKey()
                + "\" for type "
                + type
                + " (known: "
                + String.join(", ", new TreeSet<>(keys))
                + ")");
      }
    }
    List<String> command = List.of();
    URI url = null;
    String method = "POST";
    Map<String, String> headers = Map.of();
    String body = "";
    if (kind == Kind.EXEC) {
      command = strings(m, "command", name);
      if (command.isEmpty() || command.get(0).isEmpty()) {
        throw new ConfigException(m, "action " + name + ": missing command");
      }
    } else {
      String u = scalar(m, "url");
      if (u == null) {
        throw new ConfigException(m, "action " + name + ": missing url");
      }
      try {
        url = new URI(u);
      } catch (URISyntaxException e) {
        throw new ConfigException(m, "action " + name + ": bad url: " + e.getReason());
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new ConfigException(m, "action " + name + ": url must be http(s)");
      }
      method = orDefault(scalar(m, "method"), "POST").toUpperCase(java.util.Locale.ROOT);
      headers = stringMap(m, "headers", name);
      body = orDefault(scalar(m, "body"), "");
    }
    Duration timeout = duration(m, "timeout", Duration.ofSeconds(30), name);
    int maxConcurrent = integer(m, "max_concurrent", 1, name);
    int maxOutput = integer(m, "max_output", 4096, name);
    int rateMax = 0;
    Duration ratePer = Duration.ofHours(1);
    YamlTree.Entry rl = m.entries().get("rate_limit");
    if (rl != null) {
      if (!(rl.value() instanceof YamlTree.MapNode r)) {
        throw new ConfigException(rl.value(), "action " + name + ": rate_limit must be {max, per}");
      }
      rateMax = integer(r, "max", 0, name);
      ratePer = duration(r, "per", Duration.ofHours(1), name);
    }
    if (maxConcurrent < 1 || rateMax < 0 || maxOutput < 0) {
      throw new ConfigException(
          m, "action " + name + ": max_concurrent must be ≥ 1, rate_limit.max and max_output ≥ 0");
    }
    boolean dryRun = "true".equals(scalar(m, "dry_run"));
    return new ActionSpec(
        name,
        kind,
        command,
        url,
        method,
        headers,
        body,
        timeout,
        maxConcurrent,
        rateMax,
        ratePer,
        maxOutput,
        dryRun);
  }

  private static String orDefault(String v, String def) {
    return v == null ? def : v;
  }

  private static String scalar(YamlTree.MapNode m, String key) throws ConfigException {
    YamlTree.Entry e = m.entries().get(key);
    if (e == null) {
      return null;
    }
    if (!(e.value() instanceof YamlTree.Scalar s)) {
      throw new ConfigException(e.value(), key + " must be a single value");
    }
    return s.text();
  }

  private static int integer(YamlTree.MapNode m, String key, int def, String name)
      throws ConfigException {
    String v = scalar(m, key);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          m.entries().get(key).value(), "action " + name + ": " + key + " must be an integer");
    }
  }

  private static Duration duration(YamlTree.MapNode m, String key, Duration def, String name)
      throws ConfigException {
    String v = scalar(m, key);
    if (v == null) {
      return def;
    }
    try {
      Duration d = Duration.ofMillis(Durations.parseMillis(v));
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          m.entries().get(key).value(), "action " + name + ": " + key + ": " + e.getMessage());
    }
  }

  private static List<String> strings(YamlTree.MapNode m, String key, String name)
      throws ConfigException {
    YamlTree.Entry e = m.entries().get(key);
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (!(e.value() instanceof YamlTree.ListNode l)) {
      throw new ConfigException(
          e.value(), "action " + name + ": " + key + " must be a list: [program, arg, ...]");
    }
    for (YamlTree.Node n : l.items()) {
      if (!(n instanceof YamlTree.Scalar s) || s.text() == null) {
        throw new ConfigException(n, "action " + name + ": " + key + " items must be strings");
      }
      out.add(s.text());
    }
    return List.copyOf(out);
  }

  private static Map<String, String> stringMap(YamlTree.MapNode m, String key, String name)
      throws ConfigException {
    YamlTree.Entry e = m.entries().get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (e == null) {
      return out;
    }
    if (!(e.value() instanceof YamlTree.MapNode hm)) {
      throw new ConfigException(e.value(), "action " + name + ": " + key + " must be a map");
    }
    for (Map.Entry<String, YamlTree.Entry> h : hm.entries().entrySet()) {
      if (!(h.getValue().value() instanceof YamlTree.Scalar s) || s.text() == null) {
        throw new ConfigException(
            h.getValue().value(), "action " + name + ": header values must be strings");
      }
      out.put(h.getKey(), s.text());
    }
    return Map.copyOf(out);
  }
}
