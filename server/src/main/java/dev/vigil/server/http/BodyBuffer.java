package dev.vigil.server.http;

import dev.vigil.ingest.IngestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read into a buffer that is kept for the next request: a body of known {@code
 * Content-Length} is read straight into it (reading through a growing stream copied a remote-write
 * body about four times), one without a length the usual way. Not thread-safe: one request at a
 * time.
 */
public final class BodyBuffer {
  /** Buffers that grew past this are not worth keeping for the next request. */
  public static final int KEEP_BYTES = 1 << 20;

  private byte[] bytes = new byte[64 * 1024];
  private int length;

  /**
   * Reads the body of {@code ctx}. The server refused bodies over {@code server.max_request_size}
   * before the handler ran when they announced their length, and Javalin bounds the others.
   *
   * @throws IngestException {@code MALFORMED} when the body ends before its announced length or
   *     cannot be read
   */
  public BodyBuffer read(Context ctx) {
    long announced = ctx.req().getContentLengthLong();
    if (announced < 0 || announced > Integer.MAX_VALUE - 16) {
      bytes = ctx.bodyAsBytes();
      length = bytes.length;
      return this;
    }
    int n = (int) announced;
    if (bytes.length < n) {
      bytes = new byte[Math.max(n, Math.min(2 * bytes.length, Integer.MAX_VALUE - 16))];
    }
    try {
      InputStream in = ctx.req().getInputStream();
      int got = in.readNBytes(bytes, 0, n);
      if (got < n) {
        throw new IngestException(
            IngestException.Kind.MALFORMED,
            "the body ended after " + got + " of the " + n + " bytes its Content-Length announced");
      }
    } catch (IOException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED, "cannot read the body: " + e.getMessage(), e);
    }
    length = n;
    return this;
  }

  /** The buffer; the body is its first {@link #length()} bytes. */
  public byte[] bytes() {
    return bytes;
  }

  /** The body's length. */
  public int length() {
    return length;
  }

  /** Whether the buffer is small enough to keep for another request. */
  public boolean worthKeeping() {
    return bytes.length <= KEEP_BYTES;
  }
}
