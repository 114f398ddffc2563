package dev.vigil.collect.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-step API check: the steps' HTTP requests run in order within the probe's one deadline,
 * each checked like an {@code http} probe, values taken from one response ({@code extract}, {@code
 * extract_json}) and put into the following requests as {@code {{name}}}. The first failing step
 * ends the probe and names the reason. Each step's blackbox series carry a {@code step} label, plus
 * {@code probe_step_success{step}} and {@code probe_step_duration_seconds{step}}; steps not reached
 * are reported with success 0.
 */
final class StepsProber implements Prober {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final List<StepConfig> steps;

  StepsProber(String target, List<StepConfig> steps) {
    this.base = URI.create(target);
    this.steps = steps;
  }

  /** {@code text} with each {@code {{name}}} replaced; an unknown name is an error. */
  static String fill(String text, Map<String, String> vars) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("variable {{" + m.group(1) + "}} has no value yet");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String probe(MetricWriter out, Deadline d) throws Exception {
    out.family("probe_step_success", MetricType.GAUGE, "Whether the step succeeded.");
    out.family(
        "probe_step_duration_seconds", MetricType.GAUGE, "How long the step's request took.");
    Map<String, String> vars = new HashMap<>();
    String failure = null;
    for (StepConfig step : steps) {
      if (failure != null) {
        out.sample("probe_step_success", 0, "step", step.name());
        continue;
      }
      long start = System.nanoTime();
      String reason;
      try {
        reason = run(step, vars, out.withLabels("step", step.name()), d);
      } catch (Exception e) {
        reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      out.sample(
          "probe_step_duration_seconds", (System.nanoTime() - start) / 1e9, "step", step.name());
      out.sample("probe_step_success", reason == null ? 1 : 0, "step", step.name());
      if (reason != null) {
        failure = "step " + step.name() + ": " + reason;
      }
    }
    return failure;
  }

  private String run(StepConfig step, Map<String, String> vars, MetricWriter out, Deadline d)
      throws Exception {
    HttpProbeConfig h = step.http();
    Map<String, String> headers = new LinkedHashMap<>();
    h.headers().forEach((k, v) -> headers.put(k, fill(v, vars)));
    HttpProbeConfig filled =
        new HttpProbeConfig(
            h.method(),
            headers,
            fill(h.body(), vars),
            h.validStatusCodes(),
            h.noFollowRedirects(),
            h.failIfSsl(),
            h.failIfNotSsl(),
            h.failIfBodyMatchesRegexp(),
            h.failIfBodyNotMatchesRegexp(),
            h.tlsConfig());
    URI url = base.resolve(fill(step.url(), vars));
    HttpProber prober = new HttpProber(url.toString(), filled);
    String reason = prober.probe(out, d);
    if (reason != null) {
      return reason;
    }
    String body = new String(prober.lastBody(), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> e : step.extract().entrySet()) {
      Matcher m = Pattern.compile(e.getValue(), Pattern.MULTILINE).matcher(body);
      if (!m.find()) {
        return "extract " + e.getKey() + ": \"" + e.getValue() + "\" did not match the body";
      }
      vars.put(e.getKey(), m.groupCount() > 0 ? m.group(1) : m.group());
    }
    if (!step.extractJson().isEmpty()) {
      JsonNode doc;
      try {
        doc = JSON.readTree(body);
      } catch (IOException e) {
        return "extract_json: the body is not JSON";
      }
      for (Map.Entry<String, String> e : step.extractJson().entrySet()) {
        JsonNode n = doc.at(e.getValue());
        if (n.isMissingNode() || n.isNull() || n.isContainerNode()) {
          return "extract_json " + e.getKey() + ": no value at " + e.getValue();
        }
        vars.put(e.getKey(), n.asText());
      }
    }
    return null;
  }
}
