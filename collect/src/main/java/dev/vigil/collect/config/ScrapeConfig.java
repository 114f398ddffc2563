package dev.vigil.collect.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.vigil.collect.relabel.RelabelConfig;
import dev.vigil.collect.relabel.Relabeler;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code scrape_configs:}, keyed exactly as {@code prometheus.yml} keys it, so that a
 * Prometheus configuration deserializes unchanged (Jackson, e.g. {@code mapper.readValue(yaml, new
 * TypeReference<List<ScrapeConfig>>() {})}).
 *
 * <p>Absent fields get Prometheus's defaults in the constructor, except the interval and timeout,
 * which come from the {@code global:} section: call {@link #resolve(ScrapeGlobals)} (the {@code
 * ScrapeManager} does) to fill them in and validate the whole entry. Secrets are never printed by
 * {@link #toString()}.
 *
 * @param jobName the {@code job} label of every target; unique across the configuration
 * @param scrapeInterval how often to scrape; the global value when absent
 * @param scrapeTimeout per-scrape timeout; the global value (capped at the interval) when absent
 * @param metricsPath the HTTP path, default {@code /metrics}
 * @param scheme {@code http} (default) or {@code https}
 * @param params URL query parameters
 * @param honorLabels on a clash, keep the scraped label instead of renaming it {@code exported_*}
 * @param honorTimestamps keep timestamps the target exposes (default true)
 * @param sampleLimit more samples than this after metric relabeling fail the scrape; 0 = no limit
 * @param labelLimit more labels than this on a sample fail the scrape; 0 = no limit
 * @param labelNameLengthLimit a longer label name fails the scrape; 0 = no limit
 * @param labelValueLengthLimit a longer label value fails the scrape; 0 = no limit
 * @param targetLimit more targets than this after relabeling fail all of the job's scrapes; 0 = no
 *     limit
 * @param bodySizeLimit a bigger response body fails the scrape, e.g. {@code 10MB}; absent = none
 */
public record ScrapeConfig(
    @JsonProperty("job_name") String jobName,
    @JsonProperty("scrape_interval") PromDuration scrapeInterval,
    @JsonProperty("scrape_timeout") PromDuration scrapeTimeout,
    @JsonProperty("metrics_path") String metricsPath,
    @JsonProperty("scheme") String scheme,
    @JsonProperty("params") Map<String, List<String>> params,
    @JsonProperty("honor_labels") boolean honorLabels,
    @JsonProperty("honor_timestamps") Boolean honorTimestamps,
    @JsonProperty("basic_auth") BasicAuth basicAuth,
    @JsonProperty("authorization") Authorization authorization,
    @JsonProperty("bearer_token") @JsonSerialize(using = Masked.class) String bearerToken,
    @JsonProperty("bearer_token_file") String bearerTokenFile,
    @JsonProperty("tls_config") TlsConfig tlsConfig,
    @JsonProperty("follow_redirects") Boolean followRedirects,
    @JsonProperty("enable_compression") Boolean enableCompression,
    @JsonProperty("body_size_limit") String bodySizeLimit,
    @JsonProperty("scrape_protocols") List<String> scrapeProtocols,
    @JsonProperty("static_configs") List<StaticConfig> staticConfigs,
    @JsonProperty("file_sd_configs") List<FileSdConfig> fileSdConfigs,
    @JsonProperty("relabel_configs") List<RelabelConfig> relabelConfigs,
    @JsonProperty("metric_relabel_configs") List<RelabelConfig> metricRelabelConfigs,
    @JsonProperty("sample_limit") long sampleLimit,
    @JsonProperty("label_limit") long labelLimit,
    @JsonProperty("label_name_length_limit") long labelNameLengthLimit,
    @JsonProperty("label_value_length_limit") long labelValueLengthLimit,
    @JsonProperty("target_limit") long targetLimit,
    @JsonProperty("keep_dropped_targets") long keepDroppedTargets) {

  /** The scrape protocols Vigil understands, in Prometheus's spelling. */
  public static final List<String> KNOWN_PROTOCOLS =
      List.of("OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText0.0.4");

  /** Fills in Prometheus's defaults for everything but the interval and timeout. */
  public ScrapeConfig {
    if (metricsPath == null || metricsPath.isEmpty()) {
      metricsPath = "/metrics";
    }
    if (scheme == null || scheme.isEmpty()) {
      scheme = "http";
    }
    params = params == null ? Map.of() : Map.copyOf(params);
    if (honorTimestamps == null) {
      honorTimestamps = true;
    }
    if (tlsConfig == null) {
      tlsConfig = TlsConfig.NONE;
    }
    if (followRedirects == null) {
      followRedirects = true;
    }
    if (enableCompression == null) {
      enableCompression = true;
    }
    scrapeProtocols = scrapeProtocols == null ? KNOWN_PROTOCOLS : List.copyOf(scrapeProtocols);
    staticConfigs = staticConfigs == null ? List.of() : List.copyOf(staticConfigs);
    fileSdConfigs = fileSdConfigs == null ? List.of() : List.copyOf(fileSdConfigs);
    relabelConfigs = relabelConfigs == null ? List.of() : List.copyOf(relabelConfigs);
    metricRelabelConfigs =
        metricRelabelConfigs == null ? List.of() : List.copyOf(metricRelabelConfigs);
  }

  /**
   * A job scraping {@code targets} statically with every other field at its default; for code and
   * tests.
   */
  public static ScrapeConfig of(String jobName, PromDuration interval, String... targets) {
    return new ScrapeConfig(
        jobName,
        interval,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(new StaticConfig(List.of(targets), null)),
        null,
        null,
        null,
        0,
        0,
        0,
        0,
        0,
        0);
  }

  /**
   * This config with the global interval and timeout filled in where absent (as Prometheus does: an
   * absent timeout is the global one, capped at this job's interval), validated.
   *
   * @throws IllegalArgumentException naming the job and the key that is wrong
   */
  public ScrapeConfig resolve(ScrapeGlobals globals) {
    if (jobName == null || jobName.isEmpty()) {
      throw new IllegalArgumentException("scrape config: job_name is empty or missing");
    }
    PromDuration interval = scrapeInterval == null ? globals.scrapeInterval() : scrapeInterval;
    PromDuration timeout = scrapeTimeout;
    if (timeout == null) {
      timeout =
          globals.scrapeTimeout().millis() > interval.millis() ? interval : globals.scrapeTimeout();
    }
    ScrapeConfig r =
        new ScrapeConfig(
            jobName,
            interval,
            timeout,
            metricsPath,
            scheme,
            params,
            honorLabels,
            honorTimestamps,
            basicAuth,
            authorization,
            bearerToken,
            bearerTokenFile,
            tlsConfig,
            followRedirects,
            enableCompression,
            bodySizeLimit,
            scrapeProtocols,
            staticConfigs,
            fileSdConfigs,
            relabelConfigs,
            metricRelabelConfigs,
            sampleLimit,
            labelLimit,
            labelNameLengthLimit,
            labelValueLengthLimit,
            targetLimit,
            keepDroppedTargets);
    r.validate();
    return r;
  }

  private void validate() {
    String job = jobName;
    if (scrapeInterval.millis() == 0) {
      throw invalid(job, "scrape_interval", "must be greater than 0");
    }
    if (scrapeTimeout.millis() == 0) {
      throw invalid(job, "scrape_timeout", "must be greater than 0");
    }
    if (scrapeTimeout.millis() > scrapeInterval.millis()) {
      throw invalid(
          job,
          "scrape_timeout",
          scrapeTimeout + " is greater than scrape_interval " + scrapeInterval);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(job, "scheme", "\"" + scheme + "\" is not http or https");
    }
    if (!metricsPath.startsWith("/")) {
      throw invalid(job, "metrics_path", "\"" + metricsPath + "\" must start with /");
    }
    int auths =
        (basicAuth != null ? 1 : 0)
            + (authorization != null ? 1 : 0)
            + (bearerToken != null || bearerTokenFile != null ? 1 : 0);
    if (auths > 1) {
      throw invalid(
          job,
          "basic_auth",
          "at most one of basic_auth, authorization and bearer_token/bearer_token_file");
    }
    if (bearerToken != null && bearerTokenFile != null) {
      throw invalid(job, "bearer_token", "at most one of bearer_token and bearer_token_file");
    }
    if (basicAuth != null) {
      basicAuth.validate(job);
    }
    if (authorization != null) {
      authorization.validate(job);
    }
    tlsConfig.validate(job);
    bodySizeLimitBytes();
    if (scrapeProtocols.isEmpty()) {
      throw invalid(job, "scrape_protocols", "must not be empty");
    }
    Set<String> seen = new HashSet<>();
    for (String p : scrapeProtocols) {
      if (!KNOWN_PROTOCOLS.contains(p)) {
        throw invalid(
            job,
            "scrape_protocols",
            "unknown or unsupported protocol \"" + p + "\"; known: " + KNOWN_PROTOCOLS);
      }
      if (!seen.add(p)) {
        throw invalid(job, "scrape_protocols", "duplicated protocol \"" + p + "\"");
      }
    }
    long[] limits = {
      sampleLimit,
      labelLimit,
      labelNameLengthLimit,
      labelValueLengthLimit,
      targetLimit,
      keepDroppedTargets
    };
    String[] limitKeys = {
      "sample_limit",
      "label_limit",
      "label_name_length_limit",
      "label_value_length_limit",
      "target_limit",
      "keep_dropped_targets"
    };
    for (int i = 0; i < limits.length; i++) {
      if (limits[i] < 0) {
        throw invalid(job, limitKeys[i], "must not be negative");
      }
    }
    for (int i = 0; i < staticConfigs.size(); i++) {
      StaticConfig s = staticConfigs.get(i);
      if (s == null) {
        throw invalid(job, "static_configs", "entry " + (i + 1) + " is empty");
      }
      for (String t : s.targets()) {
        if (t == null || t.isBlank()) {
          throw invalid(job, "static_configs.targets", "empty target address");
        }
      }
    }
    for (FileSdConfig f : fileSdConfigs) {
      f.validate(job);
    }
    try {
      Relabeler.compile(relabelConfigs);
    } catch (IllegalArgumentException e) {
      throw invalid(job, "relabel_configs", e.getMessage());
    }
    try {
      Relabeler.compile(metricRelabelConfigs);
    } catch (IllegalArgumentException e) {
      throw invalid(job, "metric_relabel_configs", e.getMessage());
    }
  }

  /** {@code body_size_limit} in bytes (base-2 units as Prometheus reads them); 0 = no limit. */
  public long bodySizeLimitBytes() {
    if (bodySizeLimit == null || bodySizeLimit.isBlank() || bodySizeLimit.equals("0")) {
      return 0;
    }
    String s = bodySizeLimit.trim().toUpperCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    String unit = s.substring(i).replace("IB", "B");
    long mult =
        switch (unit) {
          case "B", "" -> 1L;
          case "KB", "K" -> 1L << 10;
          case "MB", "M" -> 1L << 20;
          case "GB", "G" -> 1L << 30;
          case "TB", "T" -> 1L << 40;
          default -> -1L;
        };
    if (i == 0 || mult < 0) {
      throw invalid(
          jobName, "body_size_limit", "\"" + bodySizeLimit + "\" is not a size such as 10MB");
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.substring(0, i)), mult);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(jobName, "body_size_limit", "\"" + bodySizeLimit + "\" is too large");
    }
  }

  /**
   * The {@code Authorization} header scheme and secret source, folding the legacy {@code
   * bearer_token}/{@code bearer_token_file} into an {@link Authorization}; null when none.
   */
  public Authorization effectiveAuthorization() {
    if (authorization != null) {
      return authorization;
    }
    if (bearerToken != null || bearerTokenFile != null) {
      return new Authorization("Bearer", bearerToken, bearerTokenFile);
    }
    return null;
  }

  static IllegalArgumentException invalid(String job, String key, String what) {
    return new IllegalArgumentException(
        "scrape config for job \"" + job + "\": " + key + ": " + what);
  }

  /**
   * Checks that job names are unique.
   *
   * @throws IllegalArgumentException naming the repeated job
   */
  public static void checkUniqueJobs(List<ScrapeConfig> configs) {
    Set<String> names = new HashSet<>();
    for (ScrapeConfig c : configs) {
      if (c != null && c.jobName() != null && !names.add(c.jobName())) {
        throw new IllegalArgumentException(
            "found multiple scrape configs with job_name \"" + c.jobName() + "\"");
      }
    }
  }

  @Override
  public String toString() {
    return "ScrapeConfig[job_name="
        + jobName
        + ", scrape_interval="
        + scrapeInterval
        + ", scrape_timeout="
        + scrapeTimeout
        + ", scheme="
        + scheme
        + ", metrics_path="
        + metricsPath
        + "]";
  }
}
