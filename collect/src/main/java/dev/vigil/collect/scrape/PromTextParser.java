package dev.vigil.collect.scrape;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.promtext.KnownSeries;
import dev.vigil.ingest.promtext.TextDecoder;
import dev.vigil.ingest.promtext.TextFormat;

/**
 * The scrape parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0, chosen by the
 * response's {@code Content-Type} (text when absent or unknown): the ingest module's {@link
 * TextDecoder} in strict mode, so the first bad line fails the whole scrape, as in Prometheus. When
 * the appender is a {@link KnownSeries} (the scrape loop's), series it knows skip label decoding.
 *
 * <p>Not thread-safe: one per scrape loop (pass {@code PromTextParser::new} as the factory).
 */
public final class PromTextParser implements ExpositionParser {
  private final TextDecoder decoder;

  /** A parser enforcing the default {@link LabelRules}. */
  public PromTextParser() {
    this(LabelRules.DEFAULT);
  }

  /** A parser enforcing {@code rules} (label name syntax, count and length limits). */
  public PromTextParser(LabelRules rules) {
    this.decoder = new TextDecoder(rules);
  }

  @Override
  public void parse(
      byte[] body, String contentType, long defaultTimestamp, Appender app, MetadataSink metadata) {
    decoder.metadataSink(metadata);
    decoder.knownSeries(app instanceof KnownSeries k ? k : null);
    decoder.decode(
        body,
        0,
        body.length,
        TextFormat.fromContentType(contentType),
        defaultTimestamp,
        true,
        Labels.empty(),
        app);
  }
}
