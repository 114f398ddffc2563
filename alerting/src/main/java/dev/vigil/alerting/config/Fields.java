package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from one YAML mapping of the notifier config, each failing with a {@link
 * ConfigException} at the offending line. Every config element is read through one of these, so
 * unknown keys and wrong types are reported alike everywhere.
 */
public final class Fields {
  private final YamlTree.MapNode map;
  private final String where;

  private Fields(YamlTree.MapNode map, String where) {
    this.map = map;
    this.where = where;
  }

  /**
   * Reads {@code node} as a mapping whose keys must be among {@code known}.
   *
   * @param where what the mapping is, for messages ("route", "receiver \"ops\"")
   */
  public static Fields of(YamlTree.Node node, String where, Set<String> known)
      throws ConfigException {
    YamlTree.MapNode m = map(node, where);
    for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new ConfigException(
            e.getValue().line(),
            e.getValue().col(),
            "field "
                + e.getKey()
                + " not found in "
                + where
                + " (known fields: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      }
    }
    return new Fields(m, where);
  }

  /** {@code node} as a mapping; an empty YAML value is an empty mapping. */
  public static YamlTree.MapNode map(YamlTree.Node node, String where) throws ConfigException {
    if (node instanceof YamlTree.MapNode m) {
      return m;
    }
    if (node instanceof YamlTree.Scalar s && s.text() == null) {
      return new YamlTree.MapNode(s.line(), s.col(), Map.of());
    }
    throw new ConfigException(node, where + " must be a mapping");
  }

  /** The mapping read. */
  public YamlTree.MapNode node() {
    return map;
  }

  /** Whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    YamlTree.Entry e = map.entries().get(key);
    return e != null && !(e.value() instanceof YamlTree.Scalar s && s.text() == null);
  }

  /** The value node under {@code key}, or null when absent. */
  public YamlTree.Node get(String key) {
    YamlTree.Entry e = map.entries().get(key);
    return e == null ? null : e.value();
  }

  /** Where the key is written, or the mapping's position when absent. */
  public YamlTree.Node at(String key) {
    YamlTree.Entry e = map.entries().get(key);
    if (e == null) {
      return map;
    }
    return new YamlTree.Scalar(e.line(), e.col(), key, null);
  }

  /** A string value, or {@code dflt} when absent. */
  public String string(String key, String dflt) throws ConfigException {
    if (!has(key)) {
      return dflt;
    }
    return scalar(get(key), where + "." + key);
  }

  /** A scalar's text; lists and mappings are errors. */
  public static String scalar(YamlTree.Node n, String what) throws ConfigException {
    if (n instanceof YamlTree.Scalar s && s.text() != null) {
      return s.text();
    }
    throw new ConfigException(n, what + " must be a single value");
  }

  /** A boolean value, or {@code dflt} when absent. */
  public boolean bool(String key, boolean dflt) throws ConfigException {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigException(
              get(key), where + "." + key + ": \"" + s + "\" is not a boolean (true or false)");
    };
  }

  /** A positive integer value, or {@code dflt} when absent. */
  public long nonNegative(String key, long dflt) throws ConfigException {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(s.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          get(key), where + "." + key + ": \"" + s + "\" is not a non-negative integer");
    }
  }

  /** A Prometheus-style duration ({@code 30s}, {@code 1h30m}), or {@code dflt} when absent. */
  public Duration duration(String key, Duration dflt) throws ConfigException {
    String s = string(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      return Duration.ofMillis(Durations.parseMillis(s.trim()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(get(key), where + "." + key + ": " + e.getMessage());
    }
  }

  /** A list of strings; a single string is not accepted. Empty when absent. */
  public List<String> strings(String key) throws ConfigException {
    List<String> out = new ArrayList<>();
    for (YamlTree.Node n : list(key)) {
      out.add(scalar(n, where + "." + key + " item"));
    }
    return out;
  }

  /** The items of a list value; empty when absent. */
  public List<YamlTree.Node> list(String key) throws ConfigException {
    if (!has(key)) {
      return List.of();
    }
    YamlTree.Node n = get(key);
    if (n instanceof YamlTree.ListNode l) {
      return l.items();
    }
    throw new ConfigException(n, where + "." + key + " must be a list");
  }
}
