package dev.vigil.server.http;

import dev.vigil.ingest.IngestException;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The body of a write request after its {@code Content-Encoding}: as sent when the header is absent
 * or {@code identity}, gunzipped when it is {@code gzip} (what Pushgateway clients, Telegraf and
 * {@code curl --data-binary @file.gz} send), refused otherwise. The decoded size is bounded so that
 * a small compressed body cannot expand without limit. Thread-safe (stateless).
 */
public final class RequestBody {
  private RequestBody() {}

  /**
   * The decoded body of {@code ctx}, at most {@code maxDecodedBytes} long.
   *
   * @throws IngestException {@code UNSUPPORTED_MEDIA_TYPE} for an encoding other than gzip, {@code
   *     TOO_LARGE} past the bound, {@code MALFORMED} for a body that is not gzip
   */
  public static byte[] decoded(Context ctx, int maxDecodedBytes) {
    byte[] raw = ctx.bodyAsBytes();
    String ce = ctx.header("Content-Encoding");
    if (ce == null || ce.isBlank() || ce.strip().equalsIgnoreCase("identity")) {
      if (raw.length > maxDecodedBytes) {
        throw new IngestException(
            IngestException.Kind.TOO_LARGE, "body over " + maxDecodedBytes + " bytes");
      }
      return raw;
    }
    if (!ce.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
      throw new IngestException(
          IngestException.Kind.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Encoding \"" + ce + "\": send gzip or none");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] out = in.readNBytes(maxDecodedBytes + 1);
      if (out.length > maxDecodedBytes) {
        throw new IngestException(
            IngestException.Kind.TOO_LARGE,
            "body decompresses to more than " + maxDecodedBytes + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED, "cannot gunzip the body: " + e.getMessage(), e);
    }
  }
}
