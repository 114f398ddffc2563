package dev.vigil.alerting.receivers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** JSON building and the small text rules the HTTP receivers share. */
final class Payloads {
  static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The response body as JSON, or null when it is not JSON. */
  static JsonNode read(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * At most {@code max} characters (code points); a cut text ends with "…", as receivers with
   * length limits (PagerDuty summary, Opsgenie message, Telegram text) require.
   */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int end = s.offsetByCodePoints(0, max - 1);
    return s.substring(0, end) + "…";
  }

  /**
   * The stable key of an alert group at an external service (PagerDuty {@code dedup_key}, Opsgenie
   * {@code alias}): the SHA-256 of the group key in hex, as Alertmanager computes it.
   */
  static String groupKeyHash(String groupKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(groupKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
