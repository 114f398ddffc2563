package dev.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON responses in the envelope Prometheus's API uses. Thread-safe. */
public final class Json {
  /** The mapper used for every JSON response. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Answers {@code {"status":"success","data":data}}. */
  public static void success(Context ctx, Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("data", data);
    write(ctx, 200, body);
  }

  /** Answers {@code {"status":"error","errorType":...,"error":...}} with {@code status}. */
  public static void error(Context ctx, int status, ErrorType type, String message) {
    write(ctx, status, errorBody(type, message));
  }

  /** The error envelope as a map. */
  static Map<String, Object> errorBody(ErrorType type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("errorType", type.wire());
    body.put("error", message);
    return body;
  }

  /** Serializes {@code value}; our response types always serialize. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize response", e);
    }
  }

  private static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(bytes(body));
  }
}
