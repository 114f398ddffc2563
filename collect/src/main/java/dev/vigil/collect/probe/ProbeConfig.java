package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One entry of {@code probes:} in {@code vigil.yml}: an endpoint checked from the outside, as
 * blackbox_exporter checks it, under its metric names. Each probe is a target with {@code job} =
 * its name and {@code instance} = its target.
 *
 * @param name the probe's name, unique; its {@code job} label
 * @param prober {@code http}, {@code tcp}, {@code dns} or {@code icmp}
 * @param target for http a URL; for tcp {@code host:port}; for dns the name to resolve; for icmp a
 *     host
 * @param interval how often (default 30s)
 * @param timeout how long one probe may take (default 5s, at most the interval)
 * @param http settings of an http probe
 * @param tcp settings of a tcp probe
 * @param dns settings of a dns probe
 * @param icmp settings of an icmp probe
 * @param steps the requests of a multi-step API check ({@code prober: steps})
 * @param sloObjective the share of successful probes aimed for (default 0.999), written as {@code
 *     probe_slo_objective} for the error-budget rules
 */
public record ProbeConfig(
    @JsonProperty("name") String name,
    @JsonProperty("prober") String prober,
    @JsonProperty("target") String target,
    @JsonProperty("interval") PromDuration interval,
    @JsonProperty("timeout") PromDuration timeout,
    @JsonProperty("http") HttpProbeConfig http,
    @JsonProperty("tcp") TcpProbeConfig tcp,
    @JsonProperty("dns") DnsProbeConfig dns,
    @JsonProperty("icmp") IcmpProbeConfig icmp,
    @JsonProperty("steps") List<StepConfig> steps,
    @JsonProperty("slo_objective") Double sloObjective) {

  private static final List<String> PROBERS = List.of("http", "tcp", "dns", "icmp", "steps");

  /** Fills in defaults and checks the entry. */
  public ProbeConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    prober = prober == null ? "" : prober.toLowerCase(Locale.ROOT);
    if (!PROBERS.contains(prober)) {
      throw new IllegalArgumentException(
          "prober of probe \""
              + name
              + "\" must be http, tcp, dns, icmp or steps, got \""
              + prober
              + "\"");
    }
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target of probe \"" + name + "\" is required");
    }
    interval = interval == null ? PromDuration.ofMillis(30_000) : interval;
    timeout = timeout == null ? PromDuration.ofMillis(Math.min(5_000, interval.millis())) : timeout;
    if (interval.millis() <= 0 || timeout.millis() <= 0) {
      throw new IllegalArgumentException(
          "interval and timeout of probe \"" + name + "\" must be greater than zero");
    }
    if (timeout.millis() > interval.millis()) {
      throw new IllegalArgumentException(
          "timeout "
              + timeout
              + " of probe \""
              + name
              + "\" is longer than its interval "
              + interval);
    }
    String other = sectionsOtherThan(prober, http, tcp, dns, icmp);
    if (other != null) {
      throw new IllegalArgumentException(
          "probe \"" + name + "\" is a " + prober + " probe but has a " + other + " section");
    }
    http = http == null ? HttpProbeConfig.defaults() : http;
    tcp = tcp == null ? TcpProbeConfig.defaults() : tcp;
    dns = dns == null ? DnsProbeConfig.defaults() : dns;
    icmp = icmp == null ? IcmpProbeConfig.defaults() : icmp;
    steps = steps == null ? List.of() : List.copyOf(steps);
    sloObjective = sloObjective == null ? 0.999 : sloObjective;
    if (!(sloObjective > 0 && sloObjective < 1)) {
      throw new IllegalArgumentException(
          "slo_objective of probe \""
              + name
              + "\" must be between 0 and 1 (e.g. 0.999), got "
              + sloObjective);
    }
    if (prober.equals("steps")) {
      StepConfig.checkSteps(name, steps);
    } else if (!steps.isEmpty()) {
      throw new IllegalArgumentException(
          "probe \"" + name + "\" is a " + prober + " probe but has steps");
    }
    checkTarget(name, prober, target);
  }

  private static String sectionsOtherThan(
      String prober, Object http, Object tcp, Object dns, Object icmp) {
    Object[] sections = {http, tcp, dns, icmp};
    for (int i = 0; i < sections.length; i++) {
      if (sections[i] != null && !PROBERS.get(i).equals(prober)) {
        return PROBERS.get(i);
      }
    }
    return null;
  }

  private static void checkTarget(String name, String prober, String target) {
    String bad =
        switch (prober) {
          case "http", "steps" -> {
            try {
              URI u = new URI(target);
              yield (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                      && u.getHost() != null)
                  ? null
                  : "an http:// or https:// URL with a host";
            } catch (java.net.URISyntaxException e) {
              yield "a URL (" + e.getMessage() + ")";
            }
          }
          case "tcp" -> HostPort.parse(target) == null ? "host:port" : null;
          default -> target.contains("/") || target.contains(" ") ? "a host name" : null;
        };
    if (bad != null) {
      throw new IllegalArgumentException(
          "target \"" + target + "\" of " + prober + " probe \"" + name + "\" must be " + bad);
    }
  }

  /** Checks that names are unique. */
  public static void checkUnique(List<ProbeConfig> probes) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < probes.size(); i++) {
      if (probes.get(i) == null) {
        throw new IllegalArgumentException("probes[" + i + "]: empty entry");
      }
      if (!seen.add(probes.get(i).name())) {
        throw new IllegalArgumentException(
            "probes[" + i + "]: two probes are named \"" + probes.get(i).name() + "\"");
      }
    }
  }

  /** The target the scrape manager runs for this probe. */
  public LocalTarget localTarget() {
    URI url =
        switch (prober) {
          case "http", "steps" -> URI.create(target);
          default -> URI.create(prober + "://" + target.replace(" ", "%20"));
        };
    return new LocalTarget(
        name,
        Labels.of("instance", target),
        url,
        interval.millis(),
        timeout.millis(),
        this,
        () -> new ProbeSource(this, newProber()));
  }

  private Prober newProber() {
    return switch (prober) {
      case "http" -> new HttpProber(target, http);
      case "tcp" -> new TcpProber(HostPort.parse(target), tcp);
      case "dns" -> new DnsProber(target, dns);
      case "steps" -> new StepsProber(target, steps);
      default -> new IcmpProber(target, icmp);
    };
  }
}
