package dev.vigil.collect.scrape;

import dev.vigil.collect.source.Source;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A target measured in-process (the host collector, a probe, a database) that the {@link
 * ScrapeManager} schedules and reports beside its scraped targets.
 *
 * @param job the {@code job} label and the scrape pool it is listed under on {@code
 *     /api/v1/targets}
 * @param labels labels attached to every sample, including {@code instance}; {@code job} is added
 * @param url what {@code /api/v1/targets} shows as the scrape URL (e.g. {@code vigil://host} or the
 *     probed address); never fetched
 * @param intervalMillis how often to collect
 * @param timeoutMillis the collection's deadline, which the source enforces itself
 * @param config the settings the source was made from: on a reload, a target with the same job,
 *     labels and an equal {@code config} keeps running untouched
 * @param source makes the source (called once each time the target is (re)started)
 */
public record LocalTarget(
    String job,
    Labels labels,
    URI url,
    long intervalMillis,
    long timeoutMillis,
    Object config,
    Supplier<Source> source) {

  /** The labels on the target's samples: {@link #labels()} with {@code job}. */
  Labels publicLabels() {
    return labels.toBuilder().set("job", job).build();
  }

  /** Whether {@code o} stands for the same running target (same labels and settings). */
  boolean sameAs(LocalTarget o) {
    return o.job.equals(job)
        && o.labels.equals(labels)
        && o.url.equals(url)
        && o.intervalMillis == intervalMillis
        && o.timeoutMillis == timeoutMillis
        && o.config.equals(config);
  }
}
