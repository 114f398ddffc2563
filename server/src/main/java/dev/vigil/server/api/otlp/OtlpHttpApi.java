package dev.vigil.server.api.otlp;

import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.otlp.OtlpDecoder;
import dev.vigil.ingest.otlp.OtlpEncoding;
import dev.vigil.ingest.otlp.OtlpResponses;
import dev.vigil.ingest.otlp.OtlpResult;
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.http.ApiException;
import io.javalin.http.Context;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP metrics, protobuf or JSON, optionally gzip-compressed. The
 * answer follows the OTLP specification: 200 with an {@code ExportMetricsServiceResponse} in the
 * request's encoding ({@code partial_success} naming the rejected data points), or a {@code
 * google.rpc.Status} body with 400 (malformed), 413 (too large), 415 (unknown content type), 429 or
 * 503 with {@code Retry-After} (saturated or not open yet: retry).
 */
public final class OtlpHttpApi {
  static final String PROTOCOL = "otlp";

  private final WriteApi write;
  private final OtlpDecoders decoders;

  /** Writes through {@code write}'s admission and batch, decoding with {@code decoders}. */
  public OtlpHttpApi(WriteApi write, OtlpDecoders decoders) {
    this.write = write;
    this.decoders = decoders;
  }

  /** {@code POST /v1/metrics}. */
  public void metrics(Context ctx) {
    OtlpEncoding encoding = OtlpEncoding.PROTOBUF;
    try {
      encoding = OtlpEncoding.fromContentType(ctx.header("Content-Type"));
      boolean gzip = OtlpDecoder.isGzip(ctx.header("Content-Encoding"));
      byte[] body = ctx.bodyAsBytes();
      OtlpEncoding enc = encoding;
      OtlpDecoder decoder = decoders.take();
      OtlpResult result;
      try {
        result = write.write(PROTOCOL, app -> decoder.decode(body, enc, gzip, app));
      } finally {
        decoders.give(decoder);
      }
      write.count(PROTOCOL, result.stats());
      ctx.status(200).contentType(enc.contentType()).result(OtlpResponses.encode(result, enc));
    } catch (IngestException e) {
      fail(ctx, e.httpStatus(), OtlpResponses.INVALID_ARGUMENT, e.getMessage(), encoding);
    } catch (WriteApi.OverloadedException e) {
      ctx.header("Retry-After", "1");
      fail(ctx, 429, OtlpResponses.RESOURCE_EXHAUSTED, e.getMessage(), encoding);
    } catch (ApiException e) {
      if (e.status() == 503) {
        ctx.header("Retry-After", "1");
      }
      fail(
          ctx,
          e.status(),
          e.status() == 503 ? OtlpResponses.UNAVAILABLE : OtlpResponses.INVALID_ARGUMENT,
          e.getMessage(),
          encoding);
    }
  }

  private static void fail(Context ctx, int status, int code, String message, OtlpEncoding enc) {
    ctx.status(status)
        .contentType(enc.contentType())
        .result(OtlpResponses.status(code, PROTOCOL + ": " + message, enc));
  }
}
