package dev.vigil.ingest.push;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The grouping key of a Pushgateway push, read from the request path {@code
 * job/<job>{/<label>/<value>}} (what follows {@code /metrics/}).
 *
 * <p>As the Pushgateway reads it: segments are URL-decoded; a name ending in {@code @base64} takes
 * its value in base64 with the URL-safe alphabet (RFC 4648 §5, padding optional, a lone {@code =}
 * for the empty value) — the only way to pass a value holding {@code /}. The job must not be empty;
 * an empty other value means the label is absent. Names must be valid label names, must not start
 * with {@code __} and must not repeat.
 */
public final class GroupingKey {
  private static final String BASE64 = "@base64";

  private GroupingKey() {}

  /**
   * Parses {@code rawPath}, still URL-encoded, e.g. {@code job/backup/path@base64/L3Zhci90bXA}.
   *
   * @throws IngestException (400) naming what is wrong
   */
  public static Labels parse(String rawPath) {
    String path = rawPath;
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] parts = path.split("/", -1);
    if (parts.length % 2 != 0) {
      throw bad("the path must be job/<job>{/<label>/<value>}, got an odd number of segments");
    }
    Labels.Builder b = Labels.builder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < parts.length; i += 2) {
      String name = urlDecode(parts[i]);
      String value = urlDecode(parts[i + 1]);
      if (name.endsWith(BASE64)) {
        name = name.substring(0, name.length() - BASE64.length());
        value = base64(name, parts[i + 1]);
      }
      if (i == 0 && !name.equals("job")) {
        throw bad("the path must start with job/<job>, got \"" + name + "\"");
      }
      if (!LabelRules.DEFAULT.isValidLabelName(name) || name.startsWith("__")) {
        throw bad(
            "bad label name \""
                + name
                + "\" in the grouping key: must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
      }
      if (!seen.add(name)) {
        throw bad("label \"" + name + "\" appears twice in the grouping key");
      }
      if (value.length() > LabelRules.DEFAULT.maxValueLength()) {
        throw bad(
            "the value of \""
                + name
                + "\" is longer than "
                + LabelRules.DEFAULT.maxValueLength()
                + " characters");
      }
      b.set(name, value);
    }
    Labels key = b.build();
    if (key.get("job").isEmpty()) {
      throw bad("the job name must not be empty");
    }
    return key;
  }

  /**
   * The path for {@code key} ({@code job/<job>/...}), every value in base64 so any value fits: what
   * {@link #parse} reads back to {@code key}.
   */
  public static String path(Labels key) {
    StringBuilder sb = new StringBuilder();
    sb.append("job@base64/").append(encode(key.get("job")));
    for (int i = 0; i < key.size(); i++) {
      if (!key.name(i).equals("job")) {
        sb.append('/').append(key.name(i)).append("@base64/").append(encode(key.value(i)));
      }
    }
    return sb.toString();
  }

  private static String encode(String v) {
    return v.isEmpty()
        ? "="
        : Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(v.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(String name, String raw) {
    String s = urlDecode(raw);
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(s.substring(0, end));
    } catch (IllegalArgumentException e) {
      throw bad(
          "the value of \""
              + name
              + "@base64\" is not base64 with the URL-safe alphabet: "
              + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad("the value of \"" + name + "@base64\" does not decode to UTF-8 text");
    }
  }

  private static String urlDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad("bad URL encoding in the grouping key segment \"" + s + "\"");
    }
  }

  private static IngestException bad(String message) {
    return IngestException.malformed(message);
  }
}
