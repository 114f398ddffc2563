package dev.vigil.collect.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Writes a secret configuration value as {@code <secret>} when the configuration is shown (e.g. on
 * {@code /api/v1/status/config}); reading is unaffected. Use with {@code @JsonSerialize(using =
 * Masked.class)} on a string, or {@code contentUsing} on a map of them. An empty value stays empty,
 * as Prometheus shows an unset secret.
 */
public final class Masked extends JsonSerializer<String> {
  /** What is written instead of the value. */
  public static final String TEXT = "<secret>";

  @Override
  public void serialize(String value, JsonGenerator g, SerializerProvider p) throws IOException {
    g.writeString(value.isEmpty() ? "" : TEXT);
  }
}
