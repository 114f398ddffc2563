/**
 * The Pushgateway-compatible push API for batch jobs: {@link dev.vigil.ingest.push.GroupingKey}
 * reads the grouping key from the path {@code /metrics/job/<job>{/<label>/<value>}}, {@link
 * dev.vigil.ingest.push.PushParser} reads text or delimited-protobuf bodies into families, and
 * {@link dev.vigil.ingest.push.PushStore} keeps the groups (replace on {@code PUT}, merge by family
 * on {@code POST}, delete) and writes their series every interval so that they stay current until
 * deleted, as a Pushgateway scraped by Prometheus would. {@link
 * dev.vigil.ingest.push.PushStateFile} saves the groups across restarts.
 */
package dev.vigil.ingest.push;
