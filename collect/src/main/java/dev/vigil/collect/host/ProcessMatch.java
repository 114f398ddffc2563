package dev.vigil.collect.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of {@code collectors.host.processes.names}: a group of processes reported under {@code
 * groupname} = {@code name}, like a process-exporter {@code process_names} entry. A process belongs
 * to the first entry it matches.
 *
 * @param name the group's name, the {@code groupname} label
 * @param comm process names ({@code /proc/PID/comm}, at most 15 characters) that match exactly
 * @param cmdline a regular expression searched in the command line (arguments joined by blanks)
 */
public record ProcessMatch(
    @JsonProperty("name") String name,
    @JsonProperty("comm") List<String> comm,
    @JsonProperty("cmdline") String cmdline) {

  /** Checks the entry. */
  public ProcessMatch {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    comm = comm == null ? List.of() : List.copyOf(comm);
    if (comm.isEmpty() && (cmdline == null || cmdline.isEmpty())) {
      throw new IllegalArgumentException(
          "process group \"" + name + "\" needs comm (names) or cmdline (a regular expression)");
    }
    if (cmdline != null) {
      try {
        Pattern.compile(cmdline);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "cmdline of process group \""
                + name
                + "\" is not a valid regular expression: "
                + e.getDescription(),
            e);
      }
    }
  }

  /** The compiled {@code cmdline} expression, or null. */
  Pattern cmdlinePattern() {
    return cmdline == null || cmdline.isEmpty() ? null : Pattern.compile(cmdline);
  }
}
