package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertSender;
import dev.vigil.alerting.config.Globs;
import dev.vigil.alerting.template.Expander;
import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Queryable;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.QueryResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs rule groups: each on its own virtual thread at its interval, recording rules writing through
 * the {@link Appendable}, alerting rules keeping state and sending alerts to the {@link
 * AlertSender}. {@link #update} applies a new set of groups: groups whose definition did not change
 * keep running untouched, changed groups take over the state of their rules, removed groups end
 * their series with stale markers.
 *
 * <p>Thread-safe.
 */
public final class RuleManager implements AutoCloseable {
  /**
   * Settings from the configuration.
   *
   * @param defaultIntervalMillis {@code global.evaluation_interval}
   * @param resendDelayMillis how often a still-firing alert is sent again (Prometheus: 1m)
   * @param forGracePeriodMillis the least time an alert restored after a restart waits before it
   *     fires again (Prometheus: 10m); rules with a shorter {@code for} are not restored
   * @param outageToleranceMillis how far back {@code ALERTS_FOR_STATE} is read on restore (1h)
   * @param externalLabels added to alerts sent (not overriding their own labels)
   * @param externalUrl the base of generator URLs and of {@code $externalURL}
   */
  public record Options(
      long defaultIntervalMillis,
      long resendDelayMillis,
      long forGracePeriodMillis,
      long outageToleranceMillis,
      Map<String, String> externalLabels,
      String externalUrl) {
    public Options {
      externalLabels = Map.copyOf(externalLabels);
    }

    /** Prometheus's defaults with the given evaluation interval. */
    public static Options defaults(long defaultIntervalMillis) {
      return new Options(defaultIntervalMillis, 60_000, 600_000, 3_600_000, Map.of(), "");
    }
  }

  /** What groups share. */
  record Env(
      Engine engine,
      Queryable queryable,
      Appendable appendable,
      AlertSender sender,
      Expander expander,
      RuleMetrics metrics,
      Options options,
      LongSupplier clock) {}

  private final Engine engine;
  private final Queryable queryable;
  private final Appendable appendable;
  private final AlertSender sender;
  private final RuleMetrics metrics;
  private final LongSupplier clock;
  private final Map<String, RuleGroup> groups = new LinkedHashMap<>();
  private final boolean runGroups;
  private boolean closed;
  private Options currentOptions;

  /**
   * @param registry where the {@code vigil_rule_*} metrics go; null for none
   */
  public RuleManager(
      Engine engine,
      Queryable queryable,
      Appendable appendable,
      AlertSender sender,
      MetricsRegistry registry) {
    this(engine, queryable, appendable, sender, registry, System::currentTimeMillis, true);
  }

  RuleManager(
      Engine engine,
      Queryable queryable,
      Appendable appendable,
      AlertSender sender,
      MetricsRegistry registry,
      LongSupplier clock,
      boolean runGroups) {
    this.runGroups = runGroups;
    this.engine = engine;
    this.queryable = queryable;
    this.appendable = appendable;
    this.sender = sender;
    this.metrics = registry == null ? new RuleMetrics() : new RuleMetrics(registry);
    this.clock = clock;
  }

  /**
   * Reads the rule files that {@code patterns} name (globs in the file-name part, relative to
   * {@code baseDir}), checking all of them.
   *
   * @throws RuleFileException listing the problems of every file
   */
  public static List<RuleGroupSpec> load(List<String> patterns, Path baseDir)
      throws RuleFileException {
    RuleFileParser parser = new RuleFileParser();
    List<RuleGroupSpec> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path f : Globs.expand(patterns, baseDir, "rule file", errors)) {
      try {
        out.addAll(parser.load(f));
      } catch (RuleFileException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new RuleFileException(errors);
    }
    return out;
  }

  /**
   * Applies {@code specs}: starts new groups, restarts changed ones with their rules' state, stops
   * removed ones. Expressions were checked when the files were read.
   */
  public synchronized void update(List<RuleGroupSpec> specs, Options options) {
    if (closed) {
      return;
    }
    Env env =
        new Env(
            engine,
            queryable,
            appendable,
            sender,
            new Expander(this::templateQuery, options.externalUrl()),
            metrics,
            options,
            clock);
    Map<String, RuleGroup> next = new LinkedHashMap<>();
    for (RuleGroupSpec s : specs) {
      String key = s.file() + ";" + s.name();
      long interval = s.intervalMillis() > 0 ? s.intervalMillis() : options.defaultIntervalMillis();
      RuleGroup old = groups.get(key);
      if (old != null
          && old.spec().equals(s)
          && old.intervalMillis() == interval
          && options.equals(currentOptions)) {
        next.put(key, old);
        continue;
      }
      RuleGroup g = build(s, interval, env);
      if (old != null) {
        old.stop(false);
        g.takeStateFrom(old);
      }
      next.put(key, g);
      if (runGroups) {
        g.start();
      }
    }
    for (Map.Entry<String, RuleGroup> e : groups.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        e.getValue().stop(true);
      }
    }
    groups.clear();
    groups.putAll(next);
    currentOptions = options;
  }

  private RuleGroup build(RuleGroupSpec s, long interval, Env env) {
    List<Rule> rules = new ArrayList<>();
    for (RuleSpec r : s.rules()) {
      var expr = engine.parse(r.expr());
      rules.add(r.isAlert() ? new AlertingRule(r, expr) : new RecordingRule(r, expr));
    }
    return new RuleGroup(s, rules, interval, env);
  }

  private List<Expander.QuerySample> templateQuery(String q) {
    QueryResult r = engine.instantQuery(queryable, q, clock.getAsLong());
    List<Expander.QuerySample> out = new ArrayList<>();
    switch (r.value()) {
      case QueryResult.Vector v -> {
        for (QueryResult.Sample s : v.samples()) {
          out.add(new Expander.QuerySample(s.labels().toMap(), s.v()));
        }
      }
      case QueryResult.Scalar s -> out.add(new Expander.QuerySample(Map.of(), s.v()));
      default ->
          throw new IllegalArgumentException(
              "query result is a " + r.value().resultType() + ", templates need a vector");
    }
    return out;
  }

  /** The running groups, ordered by file and name. */
  public synchronized List<RuleGroup> groups() {
    List<RuleGroup> out = new ArrayList<>(groups.values());
    out.sort(Comparator.comparing(RuleGroup::file).thenComparing(RuleGroup::name));
    return out;
  }

  /** Stops every group (without stale markers: the series resume after a restart). */
  @Override
  public synchronized void close() {
    closed = true;
    for (RuleGroup g : groups.values()) {
      g.stop(false);
    }
    groups.clear();
  }
}
