package dev.vigil.alerting.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into nodes that remember their line and column, so that rule file errors can
 * point at the exact place (what Prometheus gets from {@code yaml.Node}).
 */
public final class YamlTree {
  private static final YAMLFactory FACTORY = newFactory();

  private YamlTree() {}

  private static YAMLFactory newFactory() {
    YAMLFactory f = YAMLFactory.builder().build();
    f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return f;
  }

  /** A node with its position (1-based). */
  public sealed interface Node {
    int line();

    int col();

    default String pos() {
      return line() + ":" + col();
    }
  }

  /** A mapping; keys keep their own positions. */
  public record MapNode(int line, int col, Map<String, Entry> entries) implements Node {}

  /** A key and its value. */
  public record Entry(int line, int col, Node value) {}

  /** A sequence. */
  public record ListNode(int line, int col, List<Node> items) implements Node {}

  /** A scalar; {@code text} is null for YAML null. */
  public record Scalar(int line, int col, String text, JsonToken token) implements Node {}

  /** The YAML text could not be read. */
  public static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    public YamlException(String message) {
      super(message);
    }
  }

  /** Reads the first document; null when the text holds no document. */
  public static Node read(String text) throws YamlException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      return node(p);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String msg = e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      msg = nl > 0 ? msg.substring(0, nl) : msg;
      throw new YamlException(
          "yaml: " + (l != null && l.getLineNr() > 0 ? "line " + l.getLineNr() + ": " : "") + msg);
    } catch (IOException e) {
      throw new YamlException("yaml: " + e.getMessage());
    }
  }

  /**
   * Reads the value at {@code p}'s current token (and its children) into nodes, so that a section
   * of a larger document bound by Jackson keeps its positions in that document.
   */
  public static Node readValue(JsonParser p) throws IOException {
    return node(p);
  }

  private static Node node(JsonParser p) throws IOException {
    JsonLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int col = l.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Entry> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          JsonLocation kl = p.currentTokenLocation();
          String key = p.currentName();
          p.nextToken();
          m.put(key, new Entry(kl.getLineNr(), kl.getColumnNr(), node(p)));
        }
        if (!m.isEmpty()) {
          Entry first = m.values().iterator().next();
          line = first.line();
          col = first.col();
        }
        return new MapNode(line, col, m);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(p));
        }
        return new ListNode(line, col, items);
      }
      case VALUE_NULL -> {
        return new Scalar(line, col, null, t);
      }
      default -> {
        return new Scalar(line, col, p.getText(), t);
      }
    }
  }
}
