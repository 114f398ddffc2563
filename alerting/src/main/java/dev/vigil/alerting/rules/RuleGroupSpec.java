package dev.vigil.alerting.rules;

import java.util.List;

/**
 * One group of a rule file. Immutable.
 *
 * @param file the file the group was read from
 * @param name the group's name, unique within its file
 * @param intervalMillis evaluation interval; 0 means the global {@code evaluation_interval}
 * @param queryOffsetMillis how far in the past queries are evaluated; 0 means none
 * @param limit the most alerts or series a rule may produce (0 = no limit)
 * @param rules the rules, evaluated in this order
 */
public record RuleGroupSpec(
    String file,
    String name,
    long intervalMillis,
    long queryOffsetMillis,
    int limit,
    List<RuleSpec> rules) {
  public RuleGroupSpec {
    rules = List.copyOf(rules);
  }
}
