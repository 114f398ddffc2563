package dev.vigil.alerting.receivers;

import dev.vigil.alerting.config.HttpConfig;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.time.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of a receiver's {@code *_configs} list, read with the {@code global:} defaults and with
 * errors that name the line. Every key a receiver kind knows is declared up front, so a misspelt
 * key is an error (Alertmanager rejects unknown fields too); template-valued keys are parsed at
 * load so that a broken template fails the config, not the first notification.
 */
final class ReceiverConfig {
  /** Keys every receiver kind accepts. */
  private static final Set<String> COMMON = Set.of("send_resolved", "http_config", "timeout");

  private final String kind;
  private final YamlTree.MapNode node;
  private final YamlTree.MapNode global;
  private final NotificationTemplates templates;
  private final NotifierContext ctx;

  private ReceiverConfig(
      String kind,
      YamlTree.MapNode node,
      YamlTree.MapNode global,
      NotificationTemplates templates,
      NotifierContext ctx) {
    this.kind = kind;
    this.node = node;
    this.global = global;
    this.templates = templates;
    this.ctx = ctx;
  }

  /**
   * Reads {@code node}, which may hold only {@code keys} and the common keys.
   *
   * @throws ConfigException naming the first unknown key
   */
  static ReceiverConfig of(
      String kind,
      YamlTree.MapNode node,
      YamlTree.MapNode global,
      NotifierContext ctx,
      Set<String> keys)
      throws ConfigException {
    for (Map.Entry<String, YamlTree.Entry> e : node.entries().entrySet()) {
      if (!keys.contains(e.getKey()) && !COMMON.contains(e.getKey())) {
        throw new ConfigException(
            at(e.getValue()),
            "unknown field \""
                + e.getKey()
                + "\" in "
                + kind
                + " (known: "
                + String.join(", ", new TreeSet<>(keys))
                + ")");
      }
    }
    return new ReceiverConfig(
        kind, node, global == null ? empty() : global, NotificationTemplates.of(ctx), ctx);
  }

  private static YamlTree.MapNode empty() {
    return new YamlTree.MapNode(0, 0, Map.of());
  }

  private static YamlTree.Node at(YamlTree.Entry e) {
    return new YamlTree.Scalar(e.line(), e.col(), "", null);
  }

  NotificationTemplates templates() {
    return templates;
  }

  String externalUrl() {
    return ctx.externalUrl();
  }

  YamlTree.Node node() {
    return node;
  }

  boolean has(String key) {
    YamlTree.Entry e = node.entries().get(key);
    return e != null && !(e.value() instanceof YamlTree.Scalar s && s.text() == null);
  }

  /** A scalar of the entry, else of {@code global:} under {@code globalKey}, else {@code def}. */
  String string(String key, String globalKey, String def) throws ConfigException {
    String v = scalar(node, key);
    if (v == null && globalKey != null) {
      v = scalar(global, globalKey);
    }
    return v == null ? def : v;
  }

  String string(String key, String def) throws ConfigException {
    return string(key, null, def);
  }

  /** A required scalar (from the entry or from {@code global.globalKey}). */
  String required(String key, String globalKey) throws ConfigException {
    String v = string(key, globalKey, null);
    if (v == null || v.isEmpty()) {
      throw new ConfigException(
          node,
          kind
              + ": missing "
              + key
              + (globalKey == null ? "" : " (and no global " + globalKey + ")"));
    }
    return v;
  }

  /**
   * A secret given inline under {@code key} or read from the file under {@code fileKey} (either in
   * the entry or in {@code global:} under the {@code global}-prefixed names); null when none.
   */
  String secret(String key, String fileKey, String globalKey, String globalFileKey)
      throws ConfigException {
    String inline = string(key, null, null);
    String file = fileKey == null ? null : string(fileKey, null, null);
    if (inline != null && file != null) {
      throw new ConfigException(node, kind + ": at most one of " + key + " and " + fileKey);
    }
    if (inline == null && file == null) {
      inline = globalKey == null ? null : scalar(global, globalKey);
      file = globalFileKey == null ? null : scalar(global, globalFileKey);
    }
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException(node, kind + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    return inline;
  }

  boolean bool(String key, String globalKey, boolean def) throws ConfigException {
    String v = string(key, globalKey, null);
    if (v == null) {
      return def;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(node, kind + ": " + key + " must be true or false");
    };
  }

  Duration duration(String key, Duration def) throws ConfigException {
    String v = string(key, null, null);
    if (v == null) {
      return def;
    }
    try {
      return Duration.ofMillis(Durations.parseMillis(v));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(node, kind + ": " + key + ": " + e.getMessage());
    }
  }

  /** The per-request timeout: {@code timeout:} (default 10s). */
  Duration timeout() throws ConfigException {
    Duration d = duration("timeout", Duration.ofSeconds(10));
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(node, kind + ": timeout must be positive");
    }
    return d;
  }

  /** An absolute http(s) URL. */
  URI url(String key, String globalKey, String def) throws ConfigException {
    String v = string(key, globalKey, def);
    if (v == null || v.isEmpty()) {
      throw new ConfigException(
          node,
          kind
              + ": missing "
              + key
              + (globalKey == null ? "" : " (and no global " + globalKey + ")"));
    }
    return parseUrl(key, v);
  }

  URI parseUrl(String key, String v) throws ConfigException {
    try {
      URI u = new URI(v);
      boolean web = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
      if (!web || u.getHost() == null) {
        throw new ConfigException(node, kind + ": " + key + " must be an http(s) URL: " + v);
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(node, kind + ": bad " + key + " " + v + ": " + e.getReason());
    }
  }

  /** A template-valued key: its text (or {@code def}), checked to parse. */
  String template(String key, String def) throws ConfigException {
    String v = string(key, null, def);
    if (v != null) {
      templates.check(entryNode(key), v);
    }
    return v;
  }

  /** A map of strings (e.g. {@code headers}, {@code details}); values are checked as templates. */
  Map<String, String> templateMap(String key) throws ConfigException {
    YamlTree.Entry e = node.entries().get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (e == null || (e.value() instanceof YamlTree.Scalar s && s.text() == null)) {
      return out;
    }
    if (!(e.value() instanceof YamlTree.MapNode m)) {
      throw new ConfigException(e.value(), kind + ": " + key + " must be a map");
    }
    for (Map.Entry<String, YamlTree.Entry> kv : m.entries().entrySet()) {
      if (!(kv.getValue().value() instanceof YamlTree.Scalar s) || s.text() == null) {
        throw new ConfigException(
            kv.getValue().value(), kind + ": " + key + "." + kv.getKey() + " must be a string");
      }
      templates.check(s, s.text());
      out.put(kv.getKey(), s.text());
    }
    return out;
  }

  /** A list of strings, or a single string as a one-element list. */
  List<String> strings(String key) throws ConfigException {
    YamlTree.Entry e = node.entries().get(key);
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    switch (e.value()) {
      case YamlTree.Scalar s -> {
        if (s.text() != null) {
          out.add(s.text());
        }
      }
      case YamlTree.ListNode l -> {
        for (YamlTree.Node n : l.items()) {
          if (!(n instanceof YamlTree.Scalar s) || s.text() == null) {
            throw new ConfigException(n, kind + ": " + key + " must be a list of strings");
          }
          out.add(s.text());
        }
      }
      case YamlTree.MapNode m ->
          throw new ConfigException(m, kind + ": " + key + " must be a list");
    }
    return out;
  }

  /** The list of maps under {@code key} (e.g. Slack's {@code fields}). */
  List<YamlTree.MapNode> maps(String key) throws ConfigException {
    YamlTree.Entry e = node.entries().get(key);
    List<YamlTree.MapNode> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (!(e.value() instanceof YamlTree.ListNode l)) {
      throw new ConfigException(e.value(), kind + ": " + key + " must be a list");
    }
    for (YamlTree.Node n : l.items()) {
      if (!(n instanceof YamlTree.MapNode m)) {
        throw new ConfigException(n, kind + ": " + key + " items must be maps");
      }
      out.add(m);
    }
    return out;
  }

  /**
   * The entry's {@code http_config}, or {@code global.http_config} when it has none (credentials,
   * OAuth 2.0, TLS, proxy and redirects; see {@link HttpConfig}).
   */
  HttpConfig http() throws ConfigException {
    return HttpConfig.of(node, global);
  }

  /** The config of one element of a nested list, with the same global and templates. */
  ReceiverConfig nested(String nestedKind, YamlTree.MapNode n, Set<String> keys)
      throws ConfigException {
    return of(nestedKind, n, global, ctx, keys);
  }

  private YamlTree.Node entryNode(String key) {
    YamlTree.Entry e = node.entries().get(key);
    return e == null ? node : e.value();
  }

  private String scalar(YamlTree.MapNode m, String key) throws ConfigException {
    YamlTree.Entry e = m.entries().get(key);
    if (e == null) {
      return null;
    }
    if (!(e.value() instanceof YamlTree.Scalar s)) {
      throw new ConfigException(e.value(), kind + ": " + key + " must be a single value");
    }
    return s.text();
  }
}
