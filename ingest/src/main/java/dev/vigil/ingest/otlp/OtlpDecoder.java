package dev.vigil.ingest.otlp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.IngestException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an OTLP/HTTP metrics body ({@code ExportMetricsServiceRequest}, protobuf or JSON,
 * optionally gzip-compressed) and hands it to an {@link OtlpTranslator}.
 *
 * <p>Memory is bounded by the body: gzip output stops at {@code maxDecodedBytes} (413), protobuf is
 * parsed from one array, whose length fields are checked against the bytes left before anything is
 * allocated, and JSON nesting deeper than {@value #MAX_JSON_DEPTH} is refused before parsing. The
 * parsed request takes a small multiple of the body's size.
 *
 * <p>OTLP/JSON differs from protobuf's JSON mapping in one point, handled here: trace and span ids
 * are hex, not base64. Field names may be lowerCamelCase or snake_case, enums names or numbers,
 * 64-bit integers strings or numbers; unknown fields are ignored, as the specification asks.
 *
 * <p>Not thread-safe (the translator is not); reusable.
 */
public final class OtlpDecoder {
  static final int MAX_JSON_DEPTH = 64;
  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private final int maxDecodedBytes;
  private final OtlpTranslator translator;

  /** A decoder refusing bodies that decompress beyond {@code maxDecodedBytes}. */
  public OtlpDecoder(int maxDecodedBytes, OtlpTranslator translator) {
    this.maxDecodedBytes = maxDecodedBytes;
    this.translator = translator;
  }

  /** The translator this decoder feeds. */
  public OtlpTranslator translator() {
    return translator;
  }

  /**
   * Decodes {@code body} and appends its samples to {@code app} (never committing).
   *
   * @param gzip whether the body is gzip-compressed ({@code Content-Encoding: gzip})
   * @throws IngestException when the body cannot be read as a whole (nothing is appended then)
   */
  public OtlpResult decode(byte[] body, OtlpEncoding encoding, boolean gzip, Appender app) {
    return translator.translate(parse(body, encoding, gzip), app);
  }

  /** Parses the body without storing anything. */
  public ExportMetricsServiceRequest parse(byte[] body, OtlpEncoding encoding, boolean gzip) {
    byte[] bytes = body;
    int len = body.length;
    if (gzip) {
      bytes = gunzip(body);
      len = gunzipped;
    } else if (len > maxDecodedBytes) {
      throw tooLarge();
    }
    return switch (encoding) {
      case PROTOBUF -> protobuf(bytes, len);
      case JSON -> json(bytes, len);
    };
  }

  /** Whether a Content-Encoding header asks for gzip; other encodings are refused with 415. */
  public static boolean isGzip(String contentEncoding) {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String e = contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (e.equals("gzip") || e.equals("x-gzip")) {
      return true;
    }
    if (e.equals("identity")) {
      return false;
    }
    throw new IngestException(
        IngestException.Kind.UNSUPPORTED_MEDIA_TYPE,
        "unsupported Content-Encoding \"" + contentEncoding + "\": OTLP/HTTP takes gzip or none");
  }

  private static ExportMetricsServiceRequest protobuf(byte[] bytes, int len) {
    try {
      return ExportMetricsServiceRequest.parseFrom(CodedInputStream.newInstance(bytes, 0, len));
    } catch (InvalidProtocolBufferException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED,
          "cannot parse ExportMetricsServiceRequest (protobuf): " + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      // protobuf-java signals some corruptions with unchecked exceptions
      throw new IngestException(
          IngestException.Kind.MALFORMED,
          "cannot parse ExportMetricsServiceRequest (protobuf): " + e,
          e);
    }
  }

  private static ExportMetricsServiceRequest json(byte[] bytes, int len) {
    checkDepth(bytes, len);
    String text = new String(bytes, 0, len, StandardCharsets.UTF_8);
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    try {
      JsonElement tree = JsonParser.parseString(text);
      hexIdsToBase64(tree);
      JSON.merge(tree.toString(), b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED,
          "cannot parse ExportMetricsServiceRequest (JSON): " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED,
          "cannot parse ExportMetricsServiceRequest (JSON): " + e.getMessage(),
          e);
    }
  }

  /** Refuses JSON nested deeper than {@link #MAX_JSON_DEPTH} before any parser recurses into it. */
  private static void checkDepth(byte[] b, int len) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < len; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_JSON_DEPTH) {
          throw IngestException.malformed(
              "JSON nested deeper than " + MAX_JSON_DEPTH + " levels at byte " + i);
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  /** OTLP/JSON writes trace and span ids in hex; protobuf's JSON mapping expects base64. */
  private static void hexIdsToBase64(JsonElement e) {
    if (e instanceof JsonArray a) {
      for (JsonElement x : a) {
        hexIdsToBase64(x);
      }
    } else if (e instanceof JsonObject o) {
      for (Map.Entry<String, JsonElement> f : o.entrySet()) {
        String k = f.getKey();
        boolean id =
            k.equals("traceId")
                || k.equals("trace_id")
                || k.equals("spanId")
                || k.equals("span_id");
        if (id && f.getValue() instanceof JsonPrimitive p && p.isString()) {
          f.setValue(new JsonPrimitive(hexToBase64(k, p.getAsString())));
        } else {
          hexIdsToBase64(f.getValue());
        }
      }
    }
  }

  private static String hexToBase64(String field, String hex) {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw IngestException.malformed(
          field
              + " \""
              + (hex.length() > 40 ? hex.substring(0, 40) + "..." : hex)
              + "\" is not hex");
    }
  }

  private byte[] buffer = new byte[0];
  private int gunzipped;

  private byte[] gunzip(byte[] body) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      if (buffer.length < 64 << 10 || buffer.length > 4 << 20) {
        buffer = new byte[Math.min(64 << 10, maxDecodedBytes + 1)];
      }
      int n = 0;
      while (true) {
        if (n == buffer.length) {
          if (n > maxDecodedBytes) {
            throw tooLarge();
          }
          buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(maxDecodedBytes + 1L, 2L * n));
        }
        int r = in.read(buffer, n, buffer.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      if (n > maxDecodedBytes) {
        throw tooLarge();
      }
      gunzipped = n;
      return buffer;
    } catch (IOException e) {
      throw new IngestException(
          IngestException.Kind.MALFORMED, "cannot gunzip the body: " + e.getMessage(), e);
    }
  }

  private IngestException tooLarge() {
    return new IngestException(
        IngestException.Kind.TOO_LARGE,
        "request body decompresses to more than " + maxDecodedBytes + " bytes, over the limit");
  }
}
