/**
 * OpenTelemetry metrics (OTLP): {@link dev.vigil.ingest.otlp.OtlpDecoder} reads OTLP/HTTP bodies
 * (protobuf or JSON, gzip), {@link dev.vigil.ingest.otlp.OtlpTranslator} turns an {@code
 * ExportMetricsServiceRequest} into Prometheus series as Prometheus's OTLP receiver does, and
 * {@link dev.vigil.ingest.otlp.OtlpResponses} builds the answers. The gRPC transport lives in the
 * server and calls the translator directly.
 */
package dev.vigil.ingest.otlp;
