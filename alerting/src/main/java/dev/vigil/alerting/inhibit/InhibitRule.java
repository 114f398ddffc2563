package dev.vigil.alerting.inhibit;

import dev.vigil.alerting.silence.Silence;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.util.List;

/**
 * One entry of {@code inhibit_rules}: while an alert matching the source matchers fires, alerts
 * matching the target matchers that have the same values for every {@code equal} label (an absent
 * label counts as the empty string) are muted. The old {@code source_match}/{@code source_match_re}
 * forms are folded into the matchers when the rule is read.
 *
 * @param source what the inhibiting alert must match
 * @param target what the inhibited alert must match
 * @param equal labels whose values both must share
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
  public InhibitRule {
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
  }

  /** Whether {@code labels} satisfy the source matchers. */
  public boolean sourceMatches(Labels labels) {
    return Silence.allMatch(source, labels);
  }

  /** Whether {@code labels} satisfy the target matchers. */
  public boolean targetMatches(Labels labels) {
    return Silence.allMatch(target, labels);
  }

  /** The values of the {@code equal} labels in {@code labels}, in the rule's order. */
  List<String> equalValues(Labels labels) {
    String[] v = new String[equal.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = labels.get(equal.get(i));
    }
    return List.of(v);
  }
}
