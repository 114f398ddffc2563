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
}
