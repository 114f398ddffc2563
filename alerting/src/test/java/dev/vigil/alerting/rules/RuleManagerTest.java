package dev.vigil.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.Alert;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.QueryResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rule evaluation over the in-memory storage, driven step by step: recording, staleness, the
 * pending/firing/resolved life of alerts, resends, keep_firing_for, and restore after a restart.
 */
class RuleManagerTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000;

  private final MemoryStorage storage = new MemoryStorage();
  private final Engine engine = new Engine();
  private final List<Alert> sent = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong now = new AtomicLong(T0);
  private final List<RuleManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(RuleManager::close);
  }

  private RuleGroup group(String yaml, long forGrace) throws Exception {
    List<RuleGroupSpec> specs = new RuleFileParser().parse("test.yml", yaml);
    // No evaluation threads: the test drives evaluate() itself.
    RuleManager m = new RuleManager(engine, storage, storage, sent::addAll, null, now::get, false);
    managers.add(m);
    m.update(
        specs,
        new RuleManager.Options(
            MIN, MIN, forGrace, 3_600_000, Map.of("region", "eu"), "http://vigil:7070"));
    return m.groups().get(0);
  }

  private double at(String query, long t) {
    QueryResult r = engine.instantQuery(storage, query, t);
    List<QueryResult.Sample> s = ((QueryResult.Vector) r.value()).samples();
    return s.isEmpty() ? Double.NaN : s.get(0).v();
  }

  @Test
  void recordingRuleWritesAndMarksStale() throws Exception {
    RuleGroup g =
        group(
            """
            groups:
            - name: rec
              rules:
              - record: job:x:sum
                expr: sum by (job) (x)
                labels: {team: infra}
            """,
            600_000);
    storage.add(Labels.of("__name__", "x", "job", "a", "i", "1"), T0, 2);
    storage.add(Labels.of("__name__", "x", "job", "a", "i", "2"), T0, 3);
    g.evaluate(T0);
    assertThat(at("job:x:sum{job=\"a\",team=\"infra\"}", T0)).isEqualTo(5);
    storage.add(Labels.of("__name__", "x", "job", "a", "i", "1"), T0 + MIN, Values.STALE_NAN);
    storage.add(Labels.of("__name__", "x", "job", "a", "i", "2"), T0 + MIN, Values.STALE_NAN);
    g.evaluate(T0 + MIN);
    // The recorded series ended with a stale marker: it is gone at once, not after 5 minutes.
    assertThat(at("job:x:sum", T0 + MIN + 1000)).isNaN();
    assertThat(g.rules().get(0).health()).isEqualTo("ok");
  }

  @Test
  void alertGoesPendingFiringResolved() throws Exception {
    RuleGroup g =
        group(
            """
            groups:
            - name: alerts
              rules:
              - alert: High
                expr: x > 10
                for: 2m
                labels: {severity: "{{ if gt $value 50.0 }}page{{ else }}ticket{{ end }}"}
                annotations: {summary: "{{ $labels.instance }} at {{ $value | humanize }}"}
            """,
            600_000);
    AlertingRule rule = (AlertingRule) g.rules().get(0);
    Labels x = Labels.of("__name__", "x", "instance", "h1");
    for (int i = 0; i <= 3; i++) {
      storage.add(x, T0 + i * MIN, 20);
    }
    g.evaluate(T0);
    assertThat(rule.state()).isEqualTo(AlertState.PENDING);
    assertThat(sent).isEmpty();
    g.evaluate(T0 + MIN);
    assertThat(rule.state()).isEqualTo(AlertState.PENDING);
    assertThat(at("ALERTS{alertstate=\"pending\"}", T0 + MIN)).isEqualTo(1);
    assertThat(at("ALERTS_FOR_STATE", T0 + MIN)).isEqualTo(T0 / 1000);
    g.evaluate(T0 + 2 * MIN);
    assertThat(rule.state()).isEqualTo(AlertState.FIRING);
    assertThat(sent).hasSize(1);
    Alert a = sent.get(0);
    assertThat(a.labels())
        .isEqualTo(
            Labels.of("alertname", "High", "instance", "h1", "severity", "ticket", "region", "eu"));
    assertThat(a.annotations().get("summary")).isEqualTo("h1 at 20");
    assertThat(a.startsAt().toEpochMilli()).isEqualTo(T0 + 2 * MIN);
    assertThat(a.endsAt().toEpochMilli()).isEqualTo(T0 + 2 * MIN + 4 * MIN);
    assertThat(a.generatorUrl()).startsWith("http://vigil:7070/graph?g0.expr=x+%3E+10");
    assertThat(at("ALERTS{alertstate=\"firing\"}", T0 + 2 * MIN)).isEqualTo(1);
    // Not re-sent before the resend delay has passed.
    g.evaluate(T0 + 3 * MIN);
    assertThat(sent).hasSize(1);
    g.evaluate(T0 + 3 * MIN + 30_000);
    assertThat(sent).hasSize(2);
    // Condition clears: sent once as resolved, kept 15 minutes, then dropped.
    storage.add(x, T0 + 4 * MIN, 1);
    g.evaluate(T0 + 4 * MIN);
    assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).endsAt().toEpochMilli()).isEqualTo(T0 + 4 * MIN);
    assertThat(at("ALERTS", T0 + 4 * MIN + 1000)).isNaN();
    g.evaluate(T0 + 5 * MIN);
    assertThat(rule.alerts()).hasSize(1);
    g.evaluate(T0 + 20 * MIN);
    assertThat(rule.alerts()).isEmpty();
  }

  @Test
  void keepFiringFor() throws Exception {
    RuleGroup g =
        group(
            """
            groups:
            - name: k
              rules:
              - alert: Flappy
                expr: x > 10
                keep_firing_for: 3m
            """,
            600_000);
    AlertingRule rule = (AlertingRule) g.rules().get(0);
    Labels x = Labels.of("__name__", "x");
    storage.add(x, T0, 20);
    g.evaluate(T0);
    g.evaluate(T0 + 1000);
    assertThat(rule.state()).isEqualTo(AlertState.FIRING);
    storage.add(x, T0 + MIN, 1);
    g.evaluate(T0 + MIN);
    assertThat(rule.state()).isEqualTo(AlertState.FIRING);
    assertThat(rule.alerts().get(0).keepFiringSince()).isEqualTo(T0 + MIN);
    g.evaluate(T0 + 4 * MIN);
    assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
  }

  @Test
  void pendingStateIsRestoredAfterRestart() throws Exception {
    String yaml =
        """
        groups:
        - name: r
          rules:
          - alert: Slow
            expr: x > 10
            for: 10m
        """;
    Labels x = Labels.of("__name__", "x");
    for (int i = 0; i <= 30; i++) {
      storage.add(x, T0 + i * MIN, 20);
    }
    RuleGroup before = group(yaml, 2 * MIN);
    for (int i = 0; i <= 4; i++) {
      before.evaluate(T0 + i * MIN);
    }
    managers.get(0).close();
    // Down for 3 minutes; a new process evaluates for the first time and restores activeAt.
    long restart = T0 + 7 * MIN;
    now.set(restart);
    RuleGroup after = group(yaml, 2 * MIN);
    after.evaluate(restart);
    AlertingRule rule = (AlertingRule) after.rules().get(0);
    // Pending 4 minutes before the outage, the outage does not count: 6 minutes remain.
    assertThat(rule.alerts().get(0).activeAt()).isEqualTo(T0 + 3 * MIN);
    after.evaluate(restart + 5 * MIN);
    assertThat(rule.state()).isEqualTo(AlertState.PENDING);
    after.evaluate(restart + 6 * MIN);
    assertThat(rule.state()).isEqualTo(AlertState.FIRING);
  }
}
