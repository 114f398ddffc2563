package dev.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.inhibit.InhibitRule;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class InhibitRulesTest {
  private static List<InhibitRule> parse(String yaml) throws Exception {
    return InhibitRules.parse((YamlTree.ListNode) YamlTree.read(yaml));
  }

  @Test
  void readsNewAndOldForms() throws Exception {
    List<InhibitRule> rules =
        parse(
            """
            - source_matchers: ['severity="critical"', 'team=~"db|ops"']
              target_matchers: [severity!=critical]
              equal: [alertname, cluster]
            - source_match: {severity: page}
              source_match_re: {service: 'api.*'}
              target_match: {severity: ticket}
              target_match_re: {service: 'api.*'}
            """);
    assertThat(rules).hasSize(2);
    InhibitRule a = rules.get(0);
    assertThat(a.equal()).containsExactly("alertname", "cluster");
    assertThat(a.sourceMatches(Labels.of("severity", "critical", "team", "db"))).isTrue();
    assertThat(a.sourceMatches(Labels.of("severity", "critical", "team", "web"))).isFalse();
    assertThat(a.targetMatches(Labels.of("severity", "warning"))).isTrue();
    InhibitRule b = rules.get(1);
    assertThat(b.sourceMatches(Labels.of("severity", "page", "service", "api-gw"))).isTrue();
    assertThat(b.sourceMatches(Labels.of("severity", "page", "service", "xapi"))).isFalse();
    assertThat(b.targetMatches(Labels.of("severity", "ticket", "service", "api"))).isTrue();
  }

  @Test
  void errorsNameTheLine() {
    record Row(String yaml, String message) {}
    List<Row> rows =
        List.of(
            new Row("- source_matchers: ['a=~\"(\"']\n", "line 1:"),
            new Row("- equal: ['1x']\n", "invalid label name \"1x\" in equal"),
            new Row("- target_match: {'1x': a}\n", "invalid label name \"1x\" in target_match"),
            new Row("- sourc_matchers: []\n", "sourc_matchers"));
    for (Row r : rows) {
      assertThatThrownBy(() -> parse(r.yaml())).as(r.yaml()).hasMessageContaining(r.message());
    }
  }
}
