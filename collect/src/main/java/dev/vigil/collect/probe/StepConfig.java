package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One request of a multi-step API check ({@code prober: steps}).
 *
 * @param name the step's name, its {@code step} label; unique within the probe
 * @param url the URL, absolute or relative to the probe's target; may use {@code {{variable}}}
 * @param http the request and its assertions, as an {@code http} probe's section; header values and
 *     the body may use {@code {{variable}}}
 * @param extract variables taken from the response body: a regular expression whose first group (or
 *     whole match) is the value
 * @param extractJson variables taken from a JSON response body by JSON Pointer ({@code /data/id})
 */
public record StepConfig(
    @JsonProperty("name") String name,
    @JsonProperty("url") String url,
    @JsonProperty("http") HttpProbeConfig http,
    @JsonProperty("extract") Map<String, String> extract,
    @JsonProperty("extract_json") Map<String, String> extractJson) {
  private static final Pattern VARIABLE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Fills in defaults and checks the step. */
  public StepConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("every step needs a name");
    }
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("step \"" + name + "\" needs a url");
    }
    http = http == null ? HttpProbeConfig.defaults() : http;
    extract = extract == null ? Map.of() : new LinkedHashMap<>(extract);
    extractJson = extractJson == null ? Map.of() : new LinkedHashMap<>(extractJson);
    for (Map.Entry<String, String> e : extract.entrySet()) {
      checkVariable(name, e.getKey());
      try {
        Pattern.compile(e.getValue());
      } catch (PatternSyntaxException ex) {
        throw new IllegalArgumentException(
            "step \""
                + name
                + "\": extract "
                + e.getKey()
                + ": \""
                + e.getValue()
                + "\" is not a valid regular expression: "
                + ex.getDescription(),
            ex);
      }
    }
    for (Map.Entry<String, String> e : extractJson.entrySet()) {
      checkVariable(name, e.getKey());
      if (!e.getValue().isEmpty() && !e.getValue().startsWith("/")) {
        throw new IllegalArgumentException(
            "step \""
                + name
                + "\": extract_json "
                + e.getKey()
                + ": \""
                + e.getValue()
                + "\" must be a JSON Pointer such as /data/id");
      }
    }
  }

  private static void checkVariable(String step, String v) {
    if (!VARIABLE.matcher(v).matches()) {
      throw new IllegalArgumentException(
          "step \"" + step + "\": variable name \"" + v + "\" must match [a-zA-Z_][a-zA-Z0-9_]*");
    }
  }

  /** Checks that the steps have unique names. */
  static void checkSteps(String probe, List<StepConfig> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps probe \"" + probe + "\" needs at least one step");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (StepConfig s : steps) {
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException(
            "probe \"" + probe + "\" has two steps named \"" + s.name() + "\"");
      }
    }
  }
}
