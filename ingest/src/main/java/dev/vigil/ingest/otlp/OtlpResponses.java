package dev.vigil.ingest.otlp;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bodies OTLP/HTTP answers with: an {@code ExportMetricsServiceResponse} (with {@code
 * partial_success} when points were rejected) on success, a {@code google.rpc.Status} on failure,
 * each in the encoding of the request.
 */
public final class OtlpResponses {
  private OtlpResponses() {}

  /** gRPC's INVALID_ARGUMENT, the Status code of a malformed request. */
  public static final int INVALID_ARGUMENT = 3;

  /** gRPC's RESOURCE_EXHAUSTED. */
  public static final int RESOURCE_EXHAUSTED = 8;

  /** gRPC's UNAVAILABLE. */
  public static final int UNAVAILABLE = 14;

  /** gRPC's INTERNAL. */
  public static final int INTERNAL = 13;

  /** The response message for {@code result}. */
  public static ExportMetricsServiceResponse response(OtlpResult result) {
    ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
    if (result.partial()) {
      b.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(result.rejectedDataPoints())
              .setErrorMessage(result.message()));
    }
    return b.build();
  }

  /** {@link #response} encoded. */
  public static byte[] encode(OtlpResult result, OtlpEncoding encoding) {
    ExportMetricsServiceResponse r = response(result);
    return switch (encoding) {
      case PROTOBUF -> r.toByteArray();
      case JSON -> {
        try {
          yield JsonFormat.printer()
              .omittingInsignificantWhitespace()
              .print(r)
              .getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** A {@code google.rpc.Status} with {@code code} and {@code message}, encoded. */
  public static byte[] status(int code, String message, OtlpEncoding encoding) {
    if (encoding == OtlpEncoding.JSON) {
      JsonObject o = new JsonObject();
      o.addProperty("code", code);
      o.addProperty("message", message);
      return o.toString().getBytes(StandardCharsets.UTF_8);
    }
    ByteString msg = ByteString.copyFromUtf8(message);
    byte[] out =
        new byte
            [CodedOutputStream.computeInt32Size(1, code)
                + CodedOutputStream.computeBytesSize(2, msg)];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeInt32(1, code);
      o.writeBytes(2, msg);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
