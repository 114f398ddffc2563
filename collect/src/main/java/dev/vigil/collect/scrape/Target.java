package dev.vigil.collect.scrape;

import dev.vigil.core.model.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint to scrape: its labels after relabeling (including the {@code __}-prefixed ones that
 * steer the scrape), the labels it was discovered with, and the outcome of its last scrape.
 *
 * <p>Identity ({@link #equals}, {@link #hashCode}) is the job, the labels and the URL: a target
 * rediscovered with the same labels keeps its scrape loop.
 *
 * <p>Thread-safe: immutable except for the {@link ScrapeStatus}, which the scrape loop replaces
 * atomically and any thread may read.
 */
public final class Target {
  private final String job;
  private final Labels labels;
  private final Labels discoveredLabels;
  private final URI url;
  private final long intervalMillis;
  private final long timeoutMillis;
  private volatile ScrapeStatus status = ScrapeStatus.UNKNOWN;
  private volatile Map<String, Metadata> metadata = Map.of();

  /**
   * A metric family's metadata as the target last exposed it.
   *
   * @param type e.g. {@code counter}, {@code gauge}, {@code unknown} (the API's spelling)
   * @param help the HELP text, or {@code ""}
   * @param unit the OpenMetrics unit, or {@code ""}
   */
  public record Metadata(String type, String help, String unit) {}

  /**
   * The outcome of the last scrape.
   *
   * @param health up, down or unknown (never scraped)
   * @param lastScrape when the last scrape started; null before the first
   * @param lastScrapeDurationSeconds how long it took
   * @param lastError why it failed; empty when it succeeded
   * @param samplesScraped samples the target exposed in the last scrape
   */
  public record ScrapeStatus(
      TargetHealth health,
      Instant lastScrape,
      double lastScrapeDurationSeconds,
      String lastError,
      long samplesScraped) {
    /** Before the first scrape. */
    public static final ScrapeStatus UNKNOWN =
        new ScrapeStatus(TargetHealth.UNKNOWN, null, 0, "", 0);
  }

  Target(
      String job,
      Labels labels,
      Labels discoveredLabels,
      Map<String, List<String>> params,
      long intervalMillis,
      long timeoutMillis) {
    this.job = job;
    this.labels = labels;
    this.discoveredLabels = discoveredLabels;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    this.url = buildUrl(labels, params);
  }

  /** A target measured in-process: its URL only names it and is never fetched. */
  Target(String job, Labels labels, URI url, long intervalMillis, long timeoutMillis) {
    this.job = job;
    this.labels = labels;
    this.discoveredLabels = labels;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    this.url = url;
  }

  private static URI buildUrl(Labels labels, Map<String, List<String>> configParams) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    configParams.forEach((k, v) -> params.put(k, new ArrayList<>(v)));
    labels.forEach(
        (n, v) -> {
          if (n.startsWith("__param_")) {
            String k = n.substring("__param_".length());
            List<String> vs = params.computeIfAbsent(k, x -> new ArrayList<>());
            if (vs.isEmpty()) {
              vs.add(v);
            } else {
              vs.set(0, v);
            }
          }
        });
    StringBuilder q = new StringBuilder();
    params.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              for (String v : params.get(k)) {
                q.append(q.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
              }
            });
    String s =
        labels.get("__scheme__")
            + "://"
            + labels.get("__address__")
            + labels.get("__metrics_path__")
            + (q.isEmpty() ? "" : "?" + q);
    return URI.create(s);
  }

  /** The job (scrape pool) this target belongs to. */
  public String job() {
    return job;
  }

  /** All labels after relabeling, including {@code __address__}, {@code __scheme__}, .... */
  public Labels labels() {
    return labels;
  }

  /** The labels attached to every sample: {@link #labels()} without {@code __}-prefixed ones. */
  public Labels publicLabels() {
    Labels.Builder b = Labels.builder();
    labels.forEach(
        (n, v) -> {
          if (!n.startsWith("__")) {
            b.set(n, v);
          }
        });
    return b.build();
  }

  /** The labels before relabeling, as discovered. */
  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  /** The URL scraped. */
  public URI url() {
    return url;
  }

  /** The scrape interval (from {@code __scrape_interval__}). */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** The scrape timeout (from {@code __scrape_timeout__}). */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** The outcome of the last scrape. */
  public ScrapeStatus status() {
    return status;
  }

  void status(ScrapeStatus s) {
    status = s;
  }

  /** Metadata by metric family name, from the last successful scrape. */
  public Map<String, Metadata> metadata() {
    return metadata;
  }

  void metadata(Map<String, Metadata> m) {
    metadata = Map.copyOf(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t
        && t.job.equals(job)
        && t.labels.equals(labels)
        && t.url.equals(url);
  }

  @Override
  public int hashCode() {
    return (job.hashCode() * 31 + labels.hashCode()) * 31 + url.hashCode();
  }

  @Override
  public String toString() {
    return job + " " + url;
  }
}
