package dev.vigil.collect.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Custom SQL turned into metrics: every row of {@code query} gives one sample per value column,
 * named {@code <name>_<column>}, labelled with the label columns.
 *
 * @param name the metric name prefix
 * @param query the SQL, run read-only
 * @param values numeric columns that become samples
 * @param labels columns that become labels
 * @param type {@code gauge} (default) or {@code counter}
 * @param help the help text
 */
public record SqlMetric(
    @JsonProperty("name") String name,
    @JsonProperty("query") String query,
    @JsonProperty("values") List<String> values,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("type") String type,
    @JsonProperty("help") String help) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Checks the entry. */
  public SqlMetric {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name \"" + name + "\" must be a metric name matching [a-zA-Z_][a-zA-Z0-9_]*");
    }
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query of \"" + name + "\" is required");
    }
    values = values == null ? List.of() : List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "values of \"" + name + "\" must name at least one column");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
    for (String c : values) {
      if (!NAME.matcher(c).matches()) {
        throw new IllegalArgumentException("value column \"" + c + "\" is not a valid name part");
      }
    }
    for (String c : labels) {
      if (!NAME.matcher(c).matches()) {
        throw new IllegalArgumentException("label column \"" + c + "\" is not a valid label name");
      }
    }
    type = type == null ? "gauge" : type;
    if (!type.equals("gauge") && !type.equals("counter")) {
      throw new IllegalArgumentException("type must be gauge or counter, got \"" + type + "\"");
    }
    help = help == null ? "Custom SQL metric " + name + "." : help;
  }
}
