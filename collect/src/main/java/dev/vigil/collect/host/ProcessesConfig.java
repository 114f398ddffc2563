package dev.vigil.collect.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code collectors.host.processes} section.
 *
 * @param top how many process names ({@code comm}) with the most CPU time since the previous
 *     collection are reported besides the named groups (default 10; 0 for none)
 * @param names groups of processes to report always, matched by name or command line
 */
public record ProcessesConfig(
    @JsonProperty("top") Integer top, @JsonProperty("names") List<ProcessMatch> names) {

  /** Fills in defaults and checks the values. */
  public ProcessesConfig {
    top = top == null ? 10 : top;
    if (top < 0) {
      throw new IllegalArgumentException("top must not be negative, got " + top);
    }
    names = names == null ? List.of() : List.copyOf(names);
    Set<String> seen = new HashSet<>();
    for (ProcessMatch m : names) {
      if (m != null && !seen.add(m.name())) {
        throw new IllegalArgumentException("two process groups are named \"" + m.name() + "\"");
      }
    }
  }

  static ProcessesConfig defaults() {
    return new ProcessesConfig(null, null);
  }
}
