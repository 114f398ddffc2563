package dev.vigil.alerting.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The alerting rules Vigil ships (host CPU, memory, disks, targets, Vigil's own health), from the
 * {@code builtin.yml} resource. A user's group of the same name replaces a built-in group, and a
 * user's alert of the same name replaces a built-in alert.
 */
public final class BuiltinRules {
  /** The name the built-in rules carry as their file. */
  public static final String FILE = "<builtin>/vigil-rules.yml";

  private BuiltinRules() {}

  /** The built-in groups. */
  public static List<RuleGroupSpec> load() {
    try (InputStream in = BuiltinRules.class.getResourceAsStream("builtin.yml")) {
      if (in == null) {
        throw new IllegalStateException("builtin.yml is missing from the alerting jar");
      }
      return new RuleFileParser()
          .parse(FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | RuleFileException e) {
      throw new IllegalStateException("the built-in rules do not load: " + e.getMessage(), e);
    }
  }

  /** The user's groups followed by the built-in ones they do not override. */
  public static List<RuleGroupSpec> withUser(List<RuleGroupSpec> user) {
    Set<String> groups = new HashSet<>();
    Set<String> alerts = new HashSet<>();
    for (RuleGroupSpec g : user) {
      groups.add(g.name());
      for (RuleSpec r : g.rules()) {
        if (r.isAlert()) {
          alerts.add(r.alert());
        }
      }
    }
    List<RuleGroupSpec> out = new ArrayList<>(user);
    for (RuleGroupSpec g : load()) {
      if (groups.contains(g.name())) {
        continue;
      }
      List<RuleSpec> kept = new ArrayList<>();
      for (RuleSpec r : g.rules()) {
        if (!alerts.contains(r.alert())) {
          kept.add(r);
        }
      }
      if (!kept.isEmpty()) {
        out.add(
            new RuleGroupSpec(
                g.file(), g.name(), g.intervalMillis(), g.queryOffsetMillis(), g.limit(), kept));
      }
    }
    return out;
  }
}
