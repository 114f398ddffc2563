package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.yaml.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Prometheus's common {@code http_config} as the notifier integrations use it: {@code basic_auth},
 * {@code authorization}, {@code bearer_token}(_file), {@code tls_config} ({@code ca_file}, {@code
 * cert_file}/{@code key_file} in PEM with a PKCS#8 key, {@code insecure_skip_verify}), {@code
 * proxy_url}, {@code follow_redirects} and {@code oauth2} (client credentials, see {@link OAuth2}).
 * An integration's entry overrides {@code global.http_config} as a whole, as in Alertmanager.
 *
 * <p>Immutable and thread-safe; {@link #client} builds the client once per configuration.
 */
public final class HttpConfig {
  private static final Set<String> KEYS =
      Set.of(
          "basic_auth",
          "authorization",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "proxy_url",
          "follow_redirects",
          "enable_http2",
          "oauth2",
          "proxy_from_environment",
          "no_proxy",
          "proxy_connect_header");

  /** No {@code http_config}: no credentials, default TLS, redirects followed. */
  private static final HttpConfig DEFAULT =
      new HttpConfig(null, null, null, null, defaults().build());

  private final String authorization;
  private final Path credentialsFile;
  private final String authType;
  private final OAuth2 oauth2;
  private final HttpClient client;

  private HttpConfig(
      String authorization, Path credentialsFile, String authType, OAuth2 oauth2, HttpClient c) {
    this.authorization = authorization;
    this.credentialsFile = credentialsFile;
    this.authType = authType;
    this.oauth2 = oauth2;
    this.client = c;
  }

  private static HttpClient.Builder defaults() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL);
  }

  /**
   * Reads {@code http_config} from an integration entry, falling back to {@code global.http_config}
   * when the entry has none.
   */
  public static HttpConfig of(YamlTree.MapNode entry, YamlTree.MapNode global)
      throws ConfigException {
    YamlTree.Entry own = entry.entries().get("http_config");
    YamlTree.Entry g = global.entries().get("http_config");
    YamlTree.Node node = own != null ? own.value() : g != null ? g.value() : null;
    return node == null ? parse(null) : parse(node);
  }

  /** Reads one {@code http_config} mapping; null means defaults. */
  public static HttpConfig parse(YamlTree.Node node) throws ConfigException {
    if (node == null) {
      return DEFAULT;
    }
    HttpClient.Builder b = defaults();
    Fields f = Fields.of(node, "http_config", KEYS);
    String auth = null;
    Path credFile = null;
    String type = "Bearer";
    int schemes = 0;
    OAuth2 oauth2 = null;
    if (f.has("oauth2")) {
      schemes++;
      // The token endpoint gets oauth2's own tls_config and proxy_url, not the receiver's.
      Fields o = Fields.of(f.get("oauth2"), "oauth2", OAuth2.KEYS);
      HttpClient.Builder tb = defaults();
      proxy(o, tb);
      if (o.has("tls_config")) {
        tb.sslContext(tls(o.get("tls_config")));
      }
      oauth2 = OAuth2.parse(f.get("oauth2"), tb.build());
    }
    if (f.has("basic_auth")) {
      schemes++;
      Fields ba =
          Fields.of(
              f.get("basic_auth"), "basic_auth", Set.of("username", "password", "password_file"));
      String user = ba.string("username", "");
      String pass = ba.string("password", null);
      if (pass == null && ba.has("password_file")) {
        pass = read(ba, "password_file");
      }
      String token = user + ":" + (pass == null ? "" : pass);
      auth = "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }
    if (f.has("authorization")) {
      schemes++;
      Fields a =
          Fields.of(
              f.get("authorization"),
              "authorization",
              Set.of("type", "credentials", "credentials_file"));
      type = a.string("type", "Bearer");
      if (a.has("credentials") && a.has("credentials_file")) {
        throw new ConfigException(
            f.get("authorization"), "at most one of credentials and credentials_file");
      }
      if (a.has("credentials")) {
        auth = type + " " + a.string("credentials", "");
      } else if (a.has("credentials_file")) {
        credFile = Path.of(a.string("credentials_file", ""));
      }
    }
    if (f.has("bearer_token") || f.has("bearer_token_file")) {
      schemes++;
      if (f.has("bearer_token")) {
        auth = "Bearer " + f.string("bearer_token", "");
      } else {
        credFile = Path.of(f.string("bearer_token_file", ""));
      }
    }
    if (schemes > 1) {
      throw new ConfigException(
          node,
          "at most one of basic_auth, authorization, bearer_token and oauth2 may be configured");
    }
    b.followRedirects(
        f.bool("follow_redirects", true) ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (!f.bool("enable_http2", true)) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    proxy(f, b);
    if (f.has("tls_config")) {
      b.sslContext(tls(f.get("tls_config")));
    }
    return new HttpConfig(auth, credFile, type, oauth2, b.build());
  }

  private static void proxy(Fields f, HttpClient.Builder b) throws ConfigException {
    String proxy = f.string("proxy_url", null);
    if (proxy != null && !proxy.isEmpty()) {
      URI p;
      try {
        p = new URI(proxy);
      } catch (java.net.URISyntaxException e) {
        p = null;
      }
      if (p == null || p.getHost() == null) {
        throw new ConfigException(f.get("proxy_url"), "proxy_url: not a URL: " + proxy);
      }
      b.proxy(
          ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 80 : p.getPort())));
    }
  }

  private static String read(Fields f, String key) throws ConfigException {
    String file = f.string(key, "");
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new ConfigException(f.get(key), key + ": cannot read " + file + ": " + e);
    }
  }

  private static SSLContext tls(YamlTree.Node node) throws ConfigException {
    Fields t =
        Fields.of(
            node,
            "tls_config",
            Set.of(
                "ca_file",
                "ca",
                "cert_file",
                "key_file",
                "server_name",
                "insecure_skip_verify",
                "min_version",
                "max_version"));
    try {
      TrustManager[] trust = null;
      if (t.bool("insecure_skip_verify", false)) {
        trust = new TrustManager[] {new TrustAll()};
      } else if (t.has("ca_file")) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(Path.of(t.string("ca_file", "")))) {
          ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = tmf.getTrustManagers();
      }
      javax.net.ssl.KeyManager[] keys = null;
      if (t.has("cert_file") || t.has("key_file")) {
        Collection<Certificate> chain = certificates(Path.of(t.string("cert_file", "")));
        PrivateKey key = privateKey(Path.of(t.string("key_file", "")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        keys = kmf.getKeyManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException(node, "tls_config: " + e.getMessage());
    }
  }

  private static Collection<Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> cs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (cs.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no certificate");
      }
      return new ArrayList<>(cs);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new GeneralSecurityException(
          file
              + ": only PKCS#8 keys (BEGIN PRIVATE KEY) are supported; convert with openssl pkcs8");
    }
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(b64);
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + ": unreadable private key");
  }

  /** The client to send with. */
  public HttpClient client() {
    return client;
  }

  /**
   * A request builder for {@code uri}. Plain {@code http://} requests use HTTP/1.1, as
   * Alertmanager's Go client does (HTTP/2 only over TLS): the JDK client would otherwise try an
   * {@code h2c} upgrade on every new connection, which receivers rarely support and which costs a
   * round trip per connection when many groups notify at once.
   */
  public static HttpRequest.Builder newRequest(java.net.URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    return "http".equalsIgnoreCase(uri.getScheme()) ? b.version(HttpClient.Version.HTTP_1_1) : b;
  }

  /**
   * Sets the configured {@code Authorization} header: credential files are read each time, an OAuth
   * 2.0 token is the cached one or a new one.
   *
   * @throws OAuth2.TokenException when no OAuth 2.0 token could be had
   * @throws CredentialsException when a credentials file cannot be read
   */
  public HttpRequest.Builder authorize(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    if (oauth2 != null) {
      return b.setHeader("Authorization", oauth2.authorization());
    }
    if (credentialsFile != null) {
      String credentials;
      try {
        credentials = Files.readString(credentialsFile).trim();
      } catch (IOException e) {
        throw new CredentialsException(
            "cannot read the credentials file " + credentialsFile + ": " + e, e);
      }
      return b.setHeader("Authorization", authType + " " + credentials);
    }
    return authorization == null ? b : b.setHeader("Authorization", authorization);
  }

  /**
   * Authorizes and sends a request with this configuration's client. When the receiver answers 401
   * to an OAuth 2.0 token, the token is dropped and the request sent once more with a new one
   * (tokens can be revoked before they expire).
   *
   * @throws OAuth2.TokenException when no OAuth 2.0 token could be had
   */
  public <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest request = b.build();
    // An Authorization header the integration sets itself (Opsgenie's GenieKey, an SMS gateway's
    // header) wins over static credentials, as in Prometheus's HTTP client; OAuth 2.0 always sets
    // it.
    if (oauth2 != null || request.headers().firstValue("Authorization").isEmpty()) {
      request = authorize(b).build();
    }
    HttpResponse<T> r = client.send(request, handler);
    if (r.statusCode() == 401 && oauth2 != null) {
      oauth2.refused(request.headers().firstValue("Authorization").orElse(null));
      r = client.send(authorize(b).build(), handler);
    }
    return r;
  }

  /** A credentials file could not be read. */
  public static final class CredentialsException extends IOException {
    private static final long serialVersionUID = 1L;

    CredentialsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Accepts every server certificate and host name ({@code insecure_skip_verify: true}). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
