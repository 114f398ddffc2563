/**
 * The seam between the scrape manager and things measured in-process: a {@link
 * dev.vigil.collect.source.Source} writes samples through a {@link
 * dev.vigil.collect.source.MetricWriter}; the manager schedules it like a scrape target.
 */
package dev.vigil.collect.source;
