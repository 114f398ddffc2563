package dev.vigil.alerting.config;

import dev.vigil.alerting.inhibit.InhibitRule;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code inhibit_rules:} of an alertmanager.yml (the raw list the notifier config keeps):
 * {@code source_matchers}/{@code target_matchers} (Alertmanager matcher text), the older {@code
 * source_match}/{@code source_match_re}/{@code target_match}/{@code target_match_re} maps, and
 * {@code equal}. Errors name the line, as the rest of the notifier config does.
 */
public final class InhibitRules {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> KEYS =
      Set.of(
          "source_match",
          "source_match_re",
          "source_matchers",
          "target_match",
          "target_match_re",
          "target_matchers",
          "equal");

  private InhibitRules() {}

  /** The rules of {@code list} (each item one rule), in order. */
  public static List<InhibitRule> parse(YamlTree.ListNode list) throws ConfigException {
    List<InhibitRule> out = new ArrayList<>();
    for (YamlTree.Node item : list.items()) {
      Fields f = Fields.of(item, "inhibit rule", KEYS);
      List<String> equal = new ArrayList<>();
      for (YamlTree.Node n : f.list("equal")) {
        String l = Fields.scalar(n, "equal item");
        if (!LABEL_NAME.matcher(l).matches()) {
          throw new ConfigException(n, "invalid label name \"" + l + "\" in equal");
        }
        equal.add(l);
      }
      out.add(new InhibitRule(side(f, "source_"), side(f, "target_"), equal));
    }
    return out;
  }

  private static List<Matcher> side(Fields f, String prefix) throws ConfigException {
    List<Matcher> out = new ArrayList<>();
    for (String key : List.of(prefix + "match", prefix + "match_re")) {
      if (!f.has(key)) {
        continue;
      }
      for (Map.Entry<String, YamlTree.Entry> e : Fields.map(f.get(key), key).entries().entrySet()) {
        if (!LABEL_NAME.matcher(e.getKey()).matches()) {
          throw new ConfigException(
              e.getValue().value(), "invalid label name \"" + e.getKey() + "\" in " + key);
        }
        String v = Fields.scalar(e.getValue().value(), key + "." + e.getKey());
        try {
          out.add(
              Matcher.of(
                  key.endsWith("_re") ? Matcher.Type.REGEX : Matcher.Type.EQUAL, e.getKey(), v));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(
              e.getValue().value(), key + "." + e.getKey() + ": " + ex.getMessage());
        }
      }
    }
    for (YamlTree.Node n : f.list(prefix + "matchers")) {
      String text = Fields.scalar(n, prefix + "matchers item");
      try {
        out.addAll(MatcherSyntax.parse(text));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(n, prefix + "matchers: " + text + ": " + ex.getMessage());
      }
    }
    return out;
  }
}
