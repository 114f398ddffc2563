/**
 * VictoriaMetrics' JSON-lines series format, one series with its values and timestamps per line:
 * read by {@link dev.vigil.ingest.jsonline.JsonLineDecoder} for {@code POST /api/v1/import},
 * written by {@link dev.vigil.ingest.jsonline.JsonLineWriter} for {@code GET /api/v1/export}, so
 * data moves between Vigil instances (and to and from VictoriaMetrics).
 */
package dev.vigil.ingest.jsonline;
