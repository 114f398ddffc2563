package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.collect.config.CollectorsConfig;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.config.ScrapeGlobals;
import dev.vigil.collect.probe.ProbeConfig;
import dev.vigil.collect.scrape.LocalTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole of {@code vigil.yml}. Keys that {@code prometheus.yml} has keep their meaning ({@code
 * global}); Vigil's own keys cover the rest. Every field is optional: a missing key takes the
 * default documented in docs/configuration.md, and an empty file is a valid configuration.
 *
 * <p>Immutable; a reload builds a new instance.
 *
 * @param global settings shared by scraping and rule evaluation, as in prometheus.yml
 * @param server the HTTP server
 * @param storage where and how data is kept
 * @param query PromQL engine settings and limits
 * @param scrapeConfigs Prometheus {@code scrape_configs}, read as prometheus.yml has them
 * @param collectors what Vigil measures in-process (this host, databases); see docs/collectors.md
 * @param ruleFiles Prometheus {@code rule_files}: rule file paths or globs, relative to this file
 * @param rules how rules are evaluated, and whether the built-in rules run
 * @param probes endpoints checked from the outside (HTTP, TCP, DNS, ICMP), blackbox-style
 * @param otlp how OpenTelemetry metrics are translated
 * @param statsd the StatsD listener
 * @param pushgateway the Pushgateway-compatible push API
 * @param alertmanager the notifier's configuration: an {@code alertmanager.yml} body, kept as YAML
 *     nodes with their lines in this file and read by {@code NotifierConfig}
 * @param alertmanagerConfigFile an {@code alertmanager.yml} to read instead of {@code
 *     alertmanager:}, relative to this file
 * @param actions the automated actions receivers may trigger ({@code action_configs}), kept as YAML
 *     nodes with their lines in this file and read by {@code ActionSpec}
 * @param notifier limits of the notifier's state: silences, alert history, flap suppression
 * @param remoteWrite where {@code vigil agent} forwards its samples (at most one entry; the server
 *     ignores it)
 */
public record VigilConfig(
    @JsonProperty("global") GlobalConfig global,
    @JsonProperty("server") ServerConfig server,
    @JsonProperty("storage") StorageConfig storage,
    @JsonProperty("query") QueryConfig query,
    @JsonProperty("scrape_configs") List<ScrapeConfig> scrapeConfigs,
    @JsonProperty("collectors") CollectorsConfig collectors,
    @JsonProperty("rule_files") List<String> ruleFiles,
    @JsonProperty("rules") RulesConfig rules,
    @JsonProperty("probes") List<ProbeConfig> probes,
    @JsonProperty("otlp") OtlpConfig otlp,
    @JsonProperty("statsd") StatsdConfig statsd,
    @JsonProperty("pushgateway") PushgatewayConfig pushgateway,
    @JsonProperty("alertmanager") YamlTree.Node alertmanager,
    @JsonProperty("alertmanager_config_file") String alertmanagerConfigFile,
    @JsonProperty("actions") YamlTree.Node actions,
    @JsonProperty("notifier") NotifierSettings notifier,
    @JsonProperty("remote_write") List<RemoteWriteConfig> remoteWrite) {

  /** Fills in defaults for missing sections. */
  public VigilConfig {
    global = global == null ? GlobalConfig.defaults() : global;
    server = server == null ? ServerConfig.defaults() : server;
    storage = storage == null ? StorageConfig.defaults() : storage;
    query = query == null ? QueryConfig.defaults() : query;
    scrapeConfigs = scrapeConfigs == null ? List.of() : List.copyOf(scrapeConfigs);
    collectors = collectors == null ? CollectorsConfig.defaults() : collectors;
    ruleFiles = ruleFiles == null ? List.of() : List.copyOf(ruleFiles);
    rules = rules == null ? RulesConfig.defaults() : rules;
    probes = probes == null ? List.of() : List.copyOf(probes);
    ProbeConfig.checkUnique(probes);
    otlp = otlp == null ? OtlpConfig.defaults() : otlp;
    statsd = statsd == null ? StatsdConfig.defaults() : statsd;
    pushgateway = pushgateway == null ? PushgatewayConfig.defaults() : pushgateway;
    notifier = notifier == null ? NotifierSettings.defaults() : notifier;
    if (alertmanager instanceof YamlTree.Scalar sc && sc.text() == null) {
      alertmanager = null;
    }
    if (alertmanager != null && alertmanagerConfigFile != null) {
      throw new IllegalArgumentException(
          "alertmanager and alertmanager_config_file are both set; use one of them");
    }
    remoteWrite = remoteWrite == null ? List.of() : List.copyOf(remoteWrite);
    if (remoteWrite.size() > 1) {
      throw new IllegalArgumentException(
          "remote_write: vigil agent forwards to one receiver; found " + remoteWrite.size());
    }
    ScrapeConfig.checkUniqueJobs(scrapeConfigs);
    for (ScrapeConfig sc : scrapeConfigs) {
      sc.resolve(scrapeGlobals(global));
    }
  }

  /** The {@code global:} values scrape jobs inherit. */
  public ScrapeGlobals scrapeGlobals() {
    return scrapeGlobals(global);
  }

  private static ScrapeGlobals scrapeGlobals(GlobalConfig g) {
    return new ScrapeGlobals(
        PromDuration.ofMillis(g.scrapeInterval().toMillis()),
        PromDuration.ofMillis(g.scrapeTimeout().toMillis()),
        g.externalLabels());
  }

  /** The in-process targets: enabled collectors, then probes. */
  public List<LocalTarget> localTargets() {
    List<LocalTarget> out = new ArrayList<>(collectors.targets());
    for (ProbeConfig p : probes) {
      out.add(p.localTarget());
    }
    return out;
  }

  /** A copy with another server section. */
  public VigilConfig withServer(ServerConfig s) {
    return new VigilConfig(
        global,
        s,
        storage,
        query,
        scrapeConfigs,
        collectors,
        ruleFiles,
        rules,
        probes,
        otlp,
        statsd,
        pushgateway,
        alertmanager,
        alertmanagerConfigFile,
        actions,
        notifier,
        remoteWrite);
  }

  /** A copy with another storage section. */
  public VigilConfig withStorage(StorageConfig s) {
    return new VigilConfig(
        global,
        server,
        s,
        query,
        scrapeConfigs,
        collectors,
        ruleFiles,
        rules,
        probes,
        otlp,
        statsd,
        pushgateway,
        alertmanager,
        alertmanagerConfigFile,
        actions,
        notifier,
        remoteWrite);
  }

  /** The configuration Vigil runs with when there is no file. */
  public static VigilConfig defaults() {
    return new VigilConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }
}
