package dev.vigil.server.api.otlp;

import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.otlp.OtlpDecoder;
import dev.vigil.ingest.otlp.OtlpSettings;
import dev.vigil.ingest.otlp.OtlpTranslator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pool of OTLP decoders (each keeps buffers and name caches between requests and serves one
 * request at a time), shared by the HTTP route and the gRPC service. Thread-safe.
 */
public final class OtlpDecoders {
  private final ConcurrentLinkedQueue<OtlpDecoder> idle = new ConcurrentLinkedQueue<>();
  private final int maxDecodedBytes;
  private final OtlpSettings settings;
  private final MetadataSink metadata;

  /** Decoders translating with {@code settings}, sending metadata to {@code metadata}. */
  public OtlpDecoders(int maxDecodedBytes, OtlpSettings settings, MetadataSink metadata) {
    this.maxDecodedBytes = maxDecodedBytes;
    this.settings = settings;
    this.metadata = metadata;
  }

  /** A decoder for one request; give it back with {@link #give}. */
  public OtlpDecoder take() {
    OtlpDecoder d = idle.poll();
    return d != null
        ? d
        : new OtlpDecoder(
            maxDecodedBytes,
            new OtlpTranslator(settings, LabelRules.DEFAULT).metadataSink(metadata));
  }

  /** Returns a decoder taken with {@link #take}. */
  public void give(OtlpDecoder d) {
    if (idle.size() < 64) {
      idle.offer(d);
    }
  }
}
