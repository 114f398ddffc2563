package dev.vigil.alerting.rules;

import dev.vigil.alerting.Alert;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.StorageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group of rules evaluated in order at one interval on its own virtual thread. Evaluation times
 * are aligned to the interval with a per-group offset (a hash of file and name), so groups are
 * staggered and a restart keeps their rhythm. Series a recording or alerting rule stops producing
 * get a stale marker.
 */
public final class RuleGroup {
  private static final Logger LOG = LoggerFactory.getLogger(RuleGroup.class);

  private final RuleGroupSpec spec;
  private final List<Rule> rules;
  private final long intervalMillis;
  private final List<Set<Labels>> previous = new ArrayList<>();
  private final RuleManager.Env env;
  private final String key;
  private boolean shouldRestore = true;
  private volatile long lastEvaluation;
  private volatile double lastDurationSeconds;
  private volatile boolean stopped;
  private Thread thread;

  RuleGroup(RuleGroupSpec spec, List<Rule> rules, long intervalMillis, RuleManager.Env env) {
    this.spec = spec;
    this.rules = List.copyOf(rules);
    this.intervalMillis = intervalMillis;
    this.env = env;
    this.key = spec.file() + ";" + spec.name();
    for (int i = 0; i < rules.size(); i++) {
      previous.add(new HashSet<>());
    }
  }

  public RuleGroupSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public String file() {
    return spec.file();
  }

  public List<Rule> rules() {
    return rules;
  }

  public long intervalMillis() {
    return intervalMillis;
  }

  /** When the group was last evaluated (milliseconds), 0 if never. */
  public long lastEvaluation() {
    return lastEvaluation;
  }

  /** How long the last evaluation of the whole group took. */
  public double lastDurationSeconds() {
    return lastDurationSeconds;
  }

  /** Takes over the state of the same rules in the group this one replaces on reload. */
  void takeStateFrom(RuleGroup old) {
    boolean[] used = new boolean[old.rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      for (int j = 0; j < old.rules.size(); j++) {
        Rule o = old.rules.get(j);
        if (!used[j] && o.name().equals(rules.get(i).name())) {
          used[j] = true;
          previous.set(i, new HashSet<>(old.previous.get(j)));
          if (rules.get(i) instanceof AlertingRule a && o instanceof AlertingRule oa) {
            a.takeStateFrom(oa);
          }
          break;
        }
      }
    }
    shouldRestore = false;
    lastEvaluation = old.lastEvaluation;
  }

  /** The offset of this group's evaluations within its interval. */
  long offsetMillis() {
    return Math.floorMod((long) key.hashCode() * 2654435761L, intervalMillis);
  }

  /** The first aligned evaluation time at or after {@code now}. */
  long firstEvaluation(long now) {
    long offset = offsetMillis();
    long base = now - Math.floorMod(now - offset, intervalMillis);
    return base < now ? base + intervalMillis : base;
  }

  void start() {
    thread = Thread.ofVirtual().name("rules " + key).start(this::run);
  }

  private void run() {
    String g = key;
    env.metrics().interval.labels(g).set(intervalMillis / 1000.0);
    env.metrics().rules.labels(g).set(rules.size());
    // Counters exist (at 0) from the start, so that increase() and alerts see the first failure.
    env.metrics().missed.labels(g);
    env.metrics().failures.labels(g);
    env.metrics().evaluations.labels(g);
    long next = firstEvaluation(env.clock().getAsLong());
    while (!stopped) {
      long wait = next - env.clock().getAsLong();
      try {
        if (wait > 0) {
          Thread.sleep(wait);
        }
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) {
        return;
      }
      long late = env.clock().getAsLong() - next;
      long missed = late >= intervalMillis ? late / intervalMillis : 0;
      if (missed > 0) {
        env.metrics().missed.labels(g).inc(missed);
        env.metrics().iterations.labels(g).inc(missed);
        next += missed * intervalMillis;
      }
      env.metrics().iterations.labels(g).inc();
      evaluate(next);
      next += intervalMillis;
    }
  }

  /** Evaluates every rule at {@code ts} (milliseconds), writes their output and sends alerts. */
  void evaluate(long ts) {
    long start = System.nanoTime();
    String g = key;
    Evaluation ev =
        new Evaluation(
            env.engine(),
            env.queryable(),
            env.expander(),
            env.options().externalLabels(),
            spec.queryOffsetMillis(),
            spec.limit());
    Appender app = env.appendable().appender();
    int samples = 0;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      long t0 = System.nanoTime();
      env.metrics().evaluations.labels(g).inc();
      List<Rule.Output> out;
      try {
        out = r.eval(ts, ev);
        r.recordHealth(ts, (System.nanoTime() - t0) / 1e9, null);
      } catch (RuntimeException e) {
        env.metrics().failures.labels(g).inc();
        r.recordHealth(ts, (System.nanoTime() - t0) / 1e9, e);
        LOG.warn("rule {} in group {} failed: {}", r.name(), g, e.getMessage());
        continue;
      } finally {
        env.metrics().evalDuration.observe((System.nanoTime() - t0) / 1e9);
      }
      if (r instanceof AlertingRule a) {
        List<Alert> alerts =
            a.alertsToSend(
                ts,
                env.options().resendDelayMillis(),
                intervalMillis,
                env.options().externalLabels(),
                generatorUrl(r));
        if (!alerts.isEmpty()) {
          env.sender().send(alerts);
        }
      }
      samples += out.size();
      write(app, i, ts, out);
    }
    if (shouldRestore) {
      shouldRestore = false;
      restore(env.clock().getAsLong());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    lastDurationSeconds = seconds;
    lastEvaluation = ts;
    env.metrics().groupDuration.observe(seconds);
    env.metrics().lastDuration.labels(g).set(seconds);
    env.metrics().lastEvaluation.labels(g).set(ts / 1000.0);
    env.metrics().lastSamples.labels(g).set(samples);
  }

  private String generatorUrl(Rule r) {
    return env.options().externalUrl()
        + "/graph?g0.expr="
        + java.net.URLEncoder.encode(r.spec().expr(), java.nio.charset.StandardCharsets.UTF_8)
        + "&g0.tab=1";
  }

  private void write(Appender app, int i, long ts, List<Rule.Output> out) {
    Set<Labels> now = new HashSet<>();
    try {
      for (Rule.Output o : out) {
        now.add(o.labels());
        appendQuietly(app, o.labels(), ts, o.value());
      }
      for (Labels gone : previous.get(i)) {
        if (!now.contains(gone)) {
          appendQuietly(app, gone, ts, Values.STALE_NAN);
        }
      }
      app.commit();
    } catch (StorageException e) {
      LOG.warn("writing the results of group {} failed: {}", key, e.getMessage());
      app.rollback();
    }
    previous.set(i, now);
  }

  private void appendQuietly(Appender app, Labels l, long ts, double v) {
    try {
      app.append(0, l, ts, v);
    } catch (StorageException e) {
      // Out-of-order or duplicate samples (e.g. after a restart) are expected; the rest is kept.
      LOG.debug("rule output {} at {} refused: {}", l, ts, e.getMessage());
    }
  }

  private void restore(long now) {
    long tolerance = env.options().outageToleranceMillis();
    try (Querier q = env.queryable().querier(now - tolerance, now)) {
      for (Rule r : rules) {
        if (r instanceof AlertingRule a) {
          a.restore(now, q, env.options().forGracePeriodMillis(), tolerance);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("restoring the alert state of group {} failed: {}", key, e.getMessage());
    }
  }

  /** Stops the evaluation thread; with {@code markStale}, ends every series the group wrote. */
  void stop(boolean markStale) {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (markStale) {
      Appender app = env.appendable().appender();
      long ts = env.clock().getAsLong();
      for (int i = 0; i < rules.size(); i++) {
        write(app, i, ts, List.of());
      }
    }
  }
}
