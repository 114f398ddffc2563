package dev.vigil.ingest.otlp;

import dev.vigil.ingest.Numbers;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;

/**
 * Attribute values as label values, as the OpenTelemetry Collector's {@code Value.AsString} gives
 * them: strings as they are, booleans and integers in decimal, doubles as JavaScript prints
 * numbers, bytes in base64, arrays and maps as JSON.
 */
final class AnyValues {
  private AnyValues() {}

  static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue() ? "true" : "false";
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> number(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        StringBuilder b = new StringBuilder();
        json(b, v, 0);
        yield b.toString();
      }
      case VALUE_NOT_SET -> "";
      default -> "";
    };
  }

  /** ECMAScript number-to-string: plain between 1e-6 and 1e21, exponent notation outside. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "json: unsupported value: " + Numbers.formatPlain(d);
    }
    double abs = Math.abs(d);
    if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
      return Numbers.formatPlain(d);
    }
    String s = Double.toString(d); // e.g. 1.0E-7
    int e = s.indexOf('E');
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    String exp = s.substring(e + 1);
    return mantissa + "e" + (exp.startsWith("-") ? exp : "+" + exp);
  }

  private static void json(StringBuilder b, AnyValue v, int depth) {
    if (depth > 32) {
      b.append("null");
      return;
    }
    switch (v.getValueCase()) {
      case STRING_VALUE -> quote(b, v.getStringValue());
      case BYTES_VALUE -> quote(b, asString(v));
      case BOOL_VALUE, INT_VALUE -> b.append(asString(v));
      case DOUBLE_VALUE -> {
        double d = v.getDoubleValue();
        if (Double.isFinite(d)) {
          b.append(number(d));
        } else {
          quote(b, Numbers.formatPlain(d));
        }
      }
      case ARRAY_VALUE -> {
        b.append('[');
        int i = 0;
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          if (i++ > 0) {
            b.append(',');
          }
          json(b, e, depth + 1);
        }
        b.append(']');
      }
      case KVLIST_VALUE -> {
        b.append('{');
        int i = 0;
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          if (i++ > 0) {
            b.append(',');
          }
          quote(b, kv.getKey());
          b.append(':');
          json(b, kv.getValue(), depth + 1);
        }
        b.append('}');
      }
      default -> b.append("null");
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
