package dev.vigil.ingest.otlp;

import dev.vigil.ingest.IngestException;
import java.util.Locale;

/** The two encodings of OTLP over HTTP, chosen by the request's Content-Type. */
public enum OtlpEncoding {
  /** {@code application/x-protobuf}: binary protobuf. */
  PROTOBUF("application/x-protobuf"),
  /** {@code application/json}: the OTLP/JSON mapping of protobuf. */
  JSON("application/json");

  private final String contentType;

  OtlpEncoding(String contentType) {
    this.contentType = contentType;
  }

  /** The Content-Type of requests and responses in this encoding. */
  public String contentType() {
    return contentType;
  }

  /**
   * The encoding a Content-Type names (parameters such as {@code charset} ignored).
   *
   * @throws IngestException of kind UNSUPPORTED_MEDIA_TYPE for anything else, or none
   */
  public static OtlpEncoding fromContentType(String header) {
    String t = header == null ? "" : header;
    int semi = t.indexOf(';');
    t = (semi >= 0 ? t.substring(0, semi) : t).strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
      case "application/json" -> JSON;
      default ->
          throw new IngestException(
              IngestException.Kind.UNSUPPORTED_MEDIA_TYPE,
              "unsupported Content-Type "
                  + (header == null ? "(none)" : "\"" + header + "\"")
                  + ": OTLP/HTTP takes application/x-protobuf or application/json");
    };
  }
}
