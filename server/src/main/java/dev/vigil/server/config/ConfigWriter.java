package dev.vigil.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vigil.alerting.config.ConfigText;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.time.Durations;
import java.io.IOException;
import java.time.Duration;

/**
 * Writes a configuration back as YAML, with every default filled in, for {@code
 * /api/v1/status/config}. Durations and sizes are written as the file would spell them.
 */
public final class ConfigWriter {
  private static final ObjectMapper YAML;

  static {
    YAMLFactory f =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    SimpleModule m = new SimpleModule("vigil-config-writer");
    m.addSerializer(
        Duration.class,
        new JsonSerializer<Duration>() {
          @Override
          public void serialize(Duration d, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(Durations.format(d.toMillis()));
          }
        });
    m.addSerializer(
        YamlTree.Node.class,
        new JsonSerializer<YamlTree.Node>() {
          @Override
          public void serialize(YamlTree.Node n, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeObject(ConfigText.maskedTree(n));
          }
        });
    YAML = new ObjectMapper(f).registerModule(m);
  }

  private ConfigWriter() {}

  /** The configuration as YAML. */
  public static String toYaml(VigilConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the configuration as YAML", e);
    }
  }
}
