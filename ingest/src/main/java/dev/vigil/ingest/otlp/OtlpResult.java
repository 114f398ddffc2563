package dev.vigil.ingest.otlp;

import dev.vigil.ingest.WriteStats;

/**
 * What one OTLP export did: the sample counts and errors, and how many OTLP data points were
 * rejected, the number an {@code ExportMetricsServiceResponse}'s {@code partial_success} reports.
 *
 * @param stats the samples written and rejected and the first errors
 * @param rejectedDataPoints data points none or only part of whose samples were stored
 */
public record OtlpResult(WriteStats stats, long rejectedDataPoints) {

  /** Whether the response should carry a {@code partial_success}: points rejected, or errors. */
  public boolean partial() {
    return rejectedDataPoints > 0 || stats.errorCount() > 0;
  }

  /** The message for {@code partial_success.error_message}; empty when nothing went wrong. */
  public String message() {
    return stats.errorCount() == 0 ? "" : stats.errorSummary().strip();
  }
}
