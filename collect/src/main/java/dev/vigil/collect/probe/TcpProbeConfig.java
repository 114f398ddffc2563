package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.collect.config.TlsConfig;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code tcp:} settings of a probe, keyed as blackbox_exporter's {@code tcp} module.
 *
 * @param queryResponse steps run in order after connecting: {@code send} writes a line, {@code
 *     expect} reads lines until one matches the regular expression
 * @param tls start TLS right after connecting
 * @param tlsConfig CA, {@code insecure_skip_verify}, {@code server_name}
 */
public record TcpProbeConfig(
    @JsonProperty("query_response") List<Step> queryResponse,
    @JsonProperty("tls") boolean tls,
    @JsonProperty("tls_config") TlsConfig tlsConfig) {

  /**
   * One step of a TCP conversation.
   *
   * @param expect a regular expression a line read must match
   * @param send text sent followed by a newline ({@code \n})
   */
  public record Step(@JsonProperty("expect") String expect, @JsonProperty("send") String send) {
    /** Checks the expression. */
    public Step {
      if (expect != null) {
        try {
          Pattern.compile(expect);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "expect: \"" + expect + "\" is not a valid regular expression: " + e.getDescription(),
              e);
        }
      }
      if (expect == null && send == null) {
        throw new IllegalArgumentException("a query_response step needs expect or send");
      }
    }
  }

  /** Fills in defaults. */
  public TcpProbeConfig {
    queryResponse = queryResponse == null ? List.of() : List.copyOf(queryResponse);
    tlsConfig = tlsConfig == null ? TlsConfig.NONE : tlsConfig;
  }

  static TcpProbeConfig defaults() {
    return new TcpProbeConfig(null, false, null);
  }
}
