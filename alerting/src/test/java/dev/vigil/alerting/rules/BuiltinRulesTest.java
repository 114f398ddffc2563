package dev.vigil.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped rules load, and the user's groups and alerts override them by name. */
class BuiltinRulesTest {
  private static List<String> alertNames(List<RuleGroupSpec> groups) {
    return groups.stream().flatMap(g -> g.rules().stream()).map(RuleSpec::name).toList();
  }

  @Test
  void loadAndOverride() throws Exception {
    List<RuleGroupSpec> builtin = BuiltinRules.load();
    assertThat(alertNames(builtin))
        .contains(
            "HostCpuSaturated",
            "HostMemoryPressure",
            "HostDiskWillFillIn24Hours",
            "HostDiskFull",
            "TargetDown",
            "VigilRuleEvaluationFailures");
    List<RuleGroupSpec> user =
        new RuleFileParser()
            .parse(
                "mine.yml",
                """
                groups:
                  - name: vigil-targets
                    rules:
                      - alert: MyTargetDown
                        expr: up == 0
                  - name: mine
                    rules:
                      - alert: HostDiskFull
                        expr: vector(1)
                """);
    List<RuleGroupSpec> all = BuiltinRules.withUser(user);
    List<String> names = alertNames(all);
    assertThat(names).doesNotContain("TargetDown").contains("MyTargetDown", "HostCpuSaturated");
    assertThat(names.stream().filter("HostDiskFull"::equals)).hasSize(1);
    assertThat(all.get(1).file()).isEqualTo("mine.yml");
  }

  /**
   * The probes' SLO series keep every label of the probe (a probe's own {@code labels:} such as
   * {@code team}), so that dashboards and alerts can group and route by them.
   */
  @Test
  void sloSeriesKeepTheProbesLabels() throws Exception {
    java.util.Map<String, String> exprs = new java.util.HashMap<>();
    for (RuleGroupSpec g : BuiltinRules.load()) {
      for (RuleSpec r : g.rules()) {
        exprs.put(r.name(), r.expr());
      }
    }
    var storage = new dev.vigil.core.storage.memory.MemoryStorage();
    var engine = new dev.vigil.promql.engine.Engine();
    dev.vigil.core.model.Labels probe =
        dev.vigil.core.model.Labels.of("job", "probes", "instance", "shop", "team", "web");
    long t0 = 1_700_000_000_000L;
    long now = t0 + 3_600_000L;
    for (long t = t0; t <= now; t += 15_000) {
      // one failure in ten
      storage.add(withName(probe, "probe_success"), t, (t - t0) / 15_000 % 10 == 0 ? 0 : 1);
      storage.add(withName(probe, "probe_slo_objective"), t, 0.99);
    }
    for (String rec :
        List.of(
            "probe:availability:ratio_1h",
            "probe:error_budget_burn_rate:ratio_1h",
            "probe:availability:ratio_30d",
            "probe:error_budget_remaining:ratio_30d")) {
      var result = engine.instantQuery(storage, exprs.get(rec), now);
      var samples = ((dev.vigil.promql.engine.QueryResult.Vector) result.value()).samples();
      assertThat(samples).as(rec).hasSize(1);
      assertThat(samples.get(0).labels()).as(rec).isEqualTo(probe);
      storage.add(withName(probe, rec), now, samples.get(0).v());
    }
    var burn =
        engine.instantQuery(storage, "probe:error_budget_burn_rate:ratio_1h{team=\"web\"}", now);
    double v = ((dev.vigil.promql.engine.QueryResult.Vector) burn.value()).samples().get(0).v();
    // The window (now-1h, now] holds 240 samples, 24 of them failed: 10 % failures against a
    // 1 % budget is ten times too fast.
    assertThat(v).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-9));
  }

  private static dev.vigil.core.model.Labels withName(dev.vigil.core.model.Labels l, String name) {
    return l.toBuilder().set("__name__", name).build();
  }
}
