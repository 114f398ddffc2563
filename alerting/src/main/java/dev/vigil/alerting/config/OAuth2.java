package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The OAuth 2.0 client-credentials grant of Prometheus's {@code http_config.oauth2}: a token is
 * requested from {@code token_url} with the client id and secret (HTTP Basic, form-encoded as RFC
 * 6749 section 2.3.1 asks), the {@code scopes} and the {@code endpoint_params}, kept until ten
 * seconds before it expires, and requested again after the receiver answered 401 to it. The secret
 * file is read at each token request, so a rotated secret is picked up.
 *
 * <p>Thread-safe: one token request at a time.
 */
public final class OAuth2 {
  static final Set<String> KEYS =
      Set.of(
          "client_id",
          "client_secret",
          "client_secret_file",
          "scopes",
          "token_url",
          "endpoint_params",
          "tls_config",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header");
  private static final long EXPIRY_MARGIN_MS = 10_000;
  private static final int BODY_IN_ERROR = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A token could not be had; {@link #retryable()} when a later attempt may succeed. */
  public static final class TokenException extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    TokenException(String message, boolean retryable, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
    }

    /** Whether a later attempt may succeed (unreachable endpoint, 429, 5xx). */
    public boolean retryable() {
      return retryable;
    }
  }

  private final String clientId;
  private final String clientSecret;
  private final Path clientSecretFile;
  private final List<String> scopes;
  private final URI tokenUrl;
  private final Map<String, String> endpointParams;
  private final HttpClient client;
  private final LongSupplier clock;

  private String token;
  private long expiresAtMs;

  OAuth2(
      String clientId,
      String clientSecret,
      Path clientSecretFile,
      List<String> scopes,
      URI tokenUrl,
      Map<String, String> endpointParams,
      HttpClient client,
      LongSupplier clock) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clientSecretFile = clientSecretFile;
    this.scopes = List.copyOf(scopes);
    this.tokenUrl = tokenUrl;
    this.endpointParams = endpointParams;
    this.client = client;
    this.clock = clock;
  }

  /** Reads an {@code oauth2} mapping; {@code client} sends the token requests. */
  static OAuth2 parse(YamlTree.Node node, HttpClient client) throws ConfigException {
    Fields f = Fields.of(node, "oauth2", KEYS);
    String id = f.string("client_id", "");
    if (id.isEmpty()) {
      throw new ConfigException(node, "oauth2.client_id is required");
    }
    if (f.has("client_secret") && f.has("client_secret_file")) {
      throw new ConfigException(
          node, "oauth2: at most one of client_secret and client_secret_file");
    }
    String url = f.string("token_url", "");
    URI tokenUrl;
    try {
      tokenUrl = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(f.at("token_url"), "oauth2.token_url: not a URL: " + url);
    }
    if (!("http".equals(tokenUrl.getScheme()) || "https".equals(tokenUrl.getScheme()))
        || tokenUrl.getHost() == null) {
      throw new ConfigException(
          f.has("token_url") ? f.get("token_url") : node,
          "oauth2.token_url must be an http or https URL"
              + (url.isEmpty() ? " (it is required)" : ": " + url));
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (f.has("endpoint_params")) {
      YamlTree.MapNode m = Fields.map(f.get("endpoint_params"), "oauth2.endpoint_params");
      for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
        params.put(
            e.getKey(),
            Fields.scalar(e.getValue().value(), "oauth2.endpoint_params." + e.getKey()));
      }
    }
    String secretFile = f.string("client_secret_file", null);
    return new OAuth2(
        id,
        f.string("client_secret", ""),
        secretFile == null || secretFile.isEmpty() ? null : Path.of(secretFile),
        f.strings("scopes"),
        tokenUrl,
        Map.copyOf(params),
        client,
        System::currentTimeMillis);
  }

  /** The {@code Authorization} header value: the cached token, or a new one. */
  public synchronized String authorization() throws TokenException, InterruptedException {
    if (token == null || clock.getAsLong() >= expiresAtMs) {
      fetch();
    }
    return token;
  }

  /**
   * Forgets the token sent as {@code authorization} after the receiver refused it, so that the next
   * request gets a new one.
   */
  public synchronized void refused(String authorization) {
    if (authorization != null && authorization.equals(token)) {
      token = null;
    }
  }

  private void fetch() throws TokenException, InterruptedException {
    String secret;
    try {
      secret =
          clientSecretFile == null
              ? clientSecret
              : Files.readString(clientSecretFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new TokenException(
          "oauth2: cannot read client_secret_file " + clientSecretFile + ": " + e, true, e);
    }
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (!scopes.isEmpty()) {
      form.append("&scope=").append(encode(String.join(" ", scopes)));
    }
    endpointParams.forEach(
        (k, v) -> form.append('&').append(encode(k)).append('=').append(encode(v)));
    String basic = encode(clientId) + ":" + encode(secret);
    HttpRequest request =
        HttpConfig.newRequest(tokenUrl)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    String where = "oauth2: token request to " + shown(tokenUrl);
    HttpResponse<String> r;
    long sentAt = clock.getAsLong();
    try {
      r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TokenException(where + " failed: " + e, true, e);
    }
    String body = r.body() == null ? "" : r.body().strip();
    int s = r.statusCode();
    if (s / 100 != 2) {
      String text = body.length() > BODY_IN_ERROR ? body.substring(0, BODY_IN_ERROR) + "…" : body;
      throw new TokenException(
          where + " answered " + s + (text.isEmpty() ? "" : ": " + text),
          s == 429 || s / 100 == 5,
          null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new TokenException(where + ": the answer is not JSON: " + e.getMessage(), false, e);
    }
    JsonNode access = json == null ? null : json.get("access_token");
    if (access == null || !access.isTextual() || access.asText().isEmpty()) {
      throw new TokenException(where + ": the answer holds no access_token", false, null);
    }
    String type = json.path("token_type").asText("");
    // Tokens are sent as "Bearer" whatever case the server wrote it in, as Go's oauth2 does.
    if (type.isEmpty() || type.equalsIgnoreCase("bearer")) {
      type = "Bearer";
    }
    long expiresIn = json.path("expires_in").asLong(0);
    token = type + " " + access.asText();
    expiresAtMs = expiresIn > 0 ? sentAt + expiresIn * 1000 - EXPIRY_MARGIN_MS : Long.MAX_VALUE;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The token URL without its query, which may carry a secret. */
  private static String shown(URI u) {
    return u.getScheme()
        + "://"
        + u.getRawAuthority()
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
