package dev.vigil.collect.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.vigil.collect.config.Masked;
import dev.vigil.collect.config.TlsConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code http:} settings of a probe, keyed as blackbox_exporter's {@code http} module so that a
 * module can be pasted.
 *
 * @param method the request method (default GET)
 * @param headers request headers; their values are shown as {@code <secret>}
 * @param body the request body
 * @param validStatusCodes status codes that count as success (default: any 2xx)
 * @param noFollowRedirects do not follow redirects (default: follow up to 10)
 * @param failIfSsl fail when the final response came over TLS
 * @param failIfNotSsl fail when it did not
 * @param failIfBodyMatchesRegexp fail when the body matches any of these
 * @param failIfBodyNotMatchesRegexp fail when the body does not match each of these
 * @param tlsConfig CA, client certificate, {@code insecure_skip_verify}, {@code server_name}
 */
public record HttpProbeConfig(
    @JsonProperty("method") String method,
    @JsonProperty("headers") @JsonSerialize(contentUsing = Masked.class)
        Map<String, String> headers,
    @JsonProperty("body") String body,
    @JsonProperty("valid_status_codes") List<Integer> validStatusCodes,
    @JsonProperty("no_follow_redirects") boolean noFollowRedirects,
    @JsonProperty("fail_if_ssl") boolean failIfSsl,
    @JsonProperty("fail_if_not_ssl") boolean failIfNotSsl,
    @JsonProperty("fail_if_body_matches_regexp") List<String> failIfBodyMatchesRegexp,
    @JsonProperty("fail_if_body_not_matches_regexp") List<String> failIfBodyNotMatchesRegexp,
    @JsonProperty("tls_config") TlsConfig tlsConfig) {

  /** Fills in defaults and checks the values. */
  public HttpProbeConfig {
    method = method == null || method.isEmpty() ? "GET" : method;
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException(
          "method must be an upper-case HTTP method such as GET or POST, got \"" + method + "\"");
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? "" : body;
    validStatusCodes = validStatusCodes == null ? List.of() : List.copyOf(validStatusCodes);
    for (int c : validStatusCodes) {
      if (c < 100 || c > 599) {
        throw new IllegalArgumentException(
            "valid_status_codes: " + c + " is not an HTTP status code (100-599)");
      }
    }
    failIfBodyMatchesRegexp = regexes("fail_if_body_matches_regexp", failIfBodyMatchesRegexp);
    failIfBodyNotMatchesRegexp =
        regexes("fail_if_body_not_matches_regexp", failIfBodyNotMatchesRegexp);
    tlsConfig = tlsConfig == null ? TlsConfig.NONE : tlsConfig;
  }

  static List<String> regexes(String key, List<String> res) {
    if (res == null) {
      return List.of();
    }
    for (String r : res) {
      try {
        Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            key + ": \"" + r + "\" is not a valid regular expression: " + e.getDescription(), e);
      }
    }
    return List.copyOf(res);
  }

  static HttpProbeConfig defaults() {
    return new HttpProbeConfig(null, null, null, null, false, false, false, null, null, null);
  }

  /** Headers are shown without their values: they often carry credentials. */
  @Override
  public String toString() {
    return "HttpProbeConfig[method=" + method + ", headers=" + headers.keySet() + "]";
  }
}
