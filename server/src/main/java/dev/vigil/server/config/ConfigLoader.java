package dev.vigil.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code vigil.yml} into a {@link VigilConfig}. Values may reference environment variables
 * ({@code ${NAME}}, {@code ${NAME:-default}}). Unknown keys, wrong types, duplicate keys and
 * invalid values all fail with a {@link ConfigException} that names the file, line, column and the
 * key's path.
 *
 * <p>Thread-safe: stateless apart from the environment lookup it was built with.
 */
public final class ConfigLoader {
  private final ObjectMapper mapper;
  private final EnvSubstitution env;

  /** A loader that reads the process environment. */
  public ConfigLoader() {
    this(System::getenv);
  }

  /** A loader with a custom environment, for tests. */
  public ConfigLoader(Function<String, String> env) {
    this.env = new EnvSubstitution(env);
    YAMLFactory yaml = YAMLFactory.builder().build();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper = new ObjectMapper(yaml);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    SimpleModule module = new SimpleModule("vigil-config");
    module.addDeserializer(Duration.class, new DurationDeserializer());
    module.addDeserializer(ListenAddress.class, new ScalarDeserializer<>(ListenAddress::parse));
    module.addDeserializer(ByteSize.class, new ScalarDeserializer<>(ByteSize::parse));
    module.addDeserializer(YamlTree.Node.class, new YamlNodeDeserializer());
    mapper.registerModule(module);
  }

  /** Reads and checks the file at {@code path}. */
  public VigilConfig load(Path path) throws ConfigException {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(path + ": file not found", e);
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
    }
    return parse(path.toString(), text);
  }

  /** Parses {@code text}; {@code source} names the file in error messages. */
  public VigilConfig parse(String source, String text) throws ConfigException {
    if (text.isBlank()) {
      return VigilConfig.defaults();
    }
    try (JsonParser raw = mapper.getFactory().createParser(text);
        JsonParser parser = new Substituting(raw, env)) {
      if (parser.nextToken() == null) {
        return VigilConfig.defaults(); // only comments
      }
      if (parser.currentToken() == JsonToken.VALUE_NULL
          || (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().isBlank())) {
        return VigilConfig.defaults();
      }
      VigilConfig config = mapper.readValue(parser, VigilConfig.class);
      if (parser.nextToken() != null) {
        throw new ConfigException(
            source + ": more than one YAML document; vigil.yml holds exactly one", null);
      }
      return config;
    } catch (JsonMappingException e) {
      throw new ConfigException(describe(source, e, keyLocation(text, e.getPath())), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source
              + location(e.getLocation())
              + ": invalid YAML: "
              + firstLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String describe(String source, JsonMappingException e, JsonLocation keyLocation) {
    String path = path(e.getPath());
    String where = source + location(e.getLocation()) + ": ";
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException pe && !(t instanceof JsonMappingException)) {
        return source
            + location(pe.getLocation())
            + ": invalid YAML: "
            + firstLine(pe.getOriginalMessage());
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      if (keyLocation != null) {
        where = source + location(keyLocation) + ": ";
      }
      String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
      TreeSet<String> known = new TreeSet<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      }
      return where
          + "unknown key \""
          + u.getPropertyName()
          + "\""
          + (parent.isEmpty() ? " at the top level" : " in " + parent)
          + " (known keys: "
          + String.join(", ", known)
          + ")";
    }
    if (e.getCause() instanceof IllegalArgumentException iae) {
      String msg = iae.getMessage();
      boolean namesKey = !path.isEmpty() && msg.startsWith(path);
      return where + (path.isEmpty() || namesKey ? "" : path + ": ") + msg;
    }
    // Jackson's own message starts with a Java-centric sentence; keep its first line only.
    String msg = firstLine(e.getOriginalMessage());
    msg = msg.replaceAll("`[a-z.]*\\.([A-Z][A-Za-z]*)`", "$1");
    return where + "wrong type for " + (path.isEmpty() ? "document" : path) + ": " + msg;
  }

  private static String firstLine(String msg) {
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }

  /** Finds where the key at {@code refs} is written, by walking the YAML again without binding. */
  private JsonLocation keyLocation(String text, List<JsonMappingException.Reference> refs) {
    List<String> want = new ArrayList<>();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        want.add(r.getFieldName());
      }
    }
    List<String> stack = new ArrayList<>();
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            int depth = p.getParsingContext().getNestingDepth();
            while (stack.size() >= depth) {
              stack.remove(stack.size() - 1);
            }
            stack.add(p.currentName());
            if (stack.equals(want)) {
              return p.currentTokenLocation();
            }
          }
          default -> {}
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    List<String> parts = new ArrayList<>();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        parts.add(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        parts.add("[" + r.getIndex() + "]");
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static String location(JsonLocation loc) {
    if (loc == null || loc.getLineNr() <= 0) {
      return "";
    }
    return ":" + loc.getLineNr() + ":" + loc.getColumnNr();
  }

  /** Substitutes environment references in string values as the mapper reads them. */
  private static final class Substituting extends JsonParserDelegate {
    private final EnvSubstitution env;
    private JsonToken substitutedFor;
    private String substituted;

    Substituting(JsonParser delegate, EnvSubstitution env) {
      super(delegate);
      this.env = env;
    }

    @Override
    public String getText() throws IOException {
      if (currentToken() != JsonToken.VALUE_STRING) {
        return super.getText();
      }
      return value();
    }

    @Override
    public String getValueAsString() throws IOException {
      return currentToken() == JsonToken.VALUE_STRING ? value() : super.getValueAsString();
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
      return currentToken() == JsonToken.VALUE_STRING
          ? value()
          : super.getValueAsString(defaultValue);
    }

    @Override
    public char[] getTextCharacters() throws IOException {
      return currentToken() == JsonToken.VALUE_STRING
          ? value().toCharArray()
          : super.getTextCharacters();
    }

    @Override
    public int getTextLength() throws IOException {
      return currentToken() == JsonToken.VALUE_STRING ? value().length() : super.getTextLength();
    }

    @Override
    public int getTextOffset() throws IOException {
      return currentToken() == JsonToken.VALUE_STRING ? 0 : super.getTextOffset();
    }

    @Override
    public JsonToken nextToken() throws IOException {
      substitutedFor = null;
      return super.nextToken();
    }

    private String value() throws IOException {
      if (substitutedFor == null) {
        String raw = delegate.getText();
        try {
          substituted = env.apply(raw);
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(this, e.getMessage(), e);
        }
        substitutedFor = JsonToken.VALUE_STRING;
      }
      return substituted;
    }
  }

  /** Reads a value written as one scalar (string or number) through a parse function. */
  private static final class ScalarDeserializer<T> extends JsonDeserializer<T> {
    private final Function<String, T> parse;

    ScalarDeserializer(Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        throw JsonMappingException.from(p, "expected a single value, got " + p.currentToken());
      }
      try {
        return parse.apply(p.getText().trim());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }

  /**
   * Keeps a section as YAML nodes with their positions in this file (env references substituted),
   * for the components that read it themselves ({@code alertmanager:}).
   */
  private static final class YamlNodeDeserializer extends JsonDeserializer<YamlTree.Node> {
    @Override
    public YamlTree.Node deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return YamlTree.readValue(p);
    }

    @Override
    public YamlTree.Node getNullValue(DeserializationContext ctxt) {
      return null;
    }
  }

  /** Reads durations written as Prometheus writes them ({@code 15s}, {@code 1h30m}). */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == 0) {
          return Duration.ZERO;
        }
        throw JsonMappingException.from(
            p, "expected a duration such as 15s, 1m or 2h, got " + p.getText());
      }
      try {
        return Duration.ofMillis(Durations.parseMillis(p.getText().trim()));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
