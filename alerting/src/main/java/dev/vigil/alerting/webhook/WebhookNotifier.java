package dev.vigil.alerting.webhook;

import dev.vigil.alerting.config.Fields;
import dev.vigil.alerting.config.HttpConfig;
import dev.vigil.alerting.config.OAuth2;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.yaml.YamlTree;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Alertmanager's generic webhook: POSTs {@link WebhookPayload} as JSON to {@code url} (or the URL
 * in {@code url_file}, read at each send). A 2xx is success, a 5xx or 429 or a network error may be
 * retried, any other status is not.
 *
 * <p>Thread-safe; the HTTP client is shared by every send of this entry.
 */
public final class WebhookNotifier implements Notifier {
  private static final Set<String> KEYS =
      Set.of("send_resolved", "http_config", "url", "url_file", "max_alerts", "timeout");

  private final URI url;
  private final Path urlFile;
  private final HttpConfig http;
  private final boolean sendResolved;
  private final int maxAlerts;
  private final Duration timeout;

  /**
   * At most {@value #MAX_IN_FLIGHT} requests of this entry at once: when many groups flush
   * together, reused keep-alive connections deliver them sooner than a connection per group.
   */
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  private static final int MAX_IN_FLIGHT = 64;

  WebhookNotifier(
      URI url,
      Path urlFile,
      HttpConfig http,
      boolean sendResolved,
      int maxAlerts,
      Duration timeout) {
    this.url = url;
    this.urlFile = urlFile;
    this.http = http;
    this.sendResolved = sendResolved;
    this.maxAlerts = maxAlerts;
    this.timeout = timeout;
  }

  /** Reads {@code webhook_configs} entries. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "webhook_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      Fields f = Fields.of(config, "webhook_configs item", KEYS);
      String u = f.string("url", null);
      String file = f.string("url_file", null);
      if ((u == null) == (file == null)) {
        throw new ConfigException(
            config,
            u == null
                ? "one of url or url_file must be configured"
                : "at most one of url & url_file must be configured");
      }
      URI uri = null;
      if (u != null) {
        uri = parseUrl(u, f.get("url"));
      }
      long max = f.nonNegative("max_alerts", 0);
      return new WebhookNotifier(
          uri,
          file == null ? null : Path.of(file),
          HttpConfig.of(config, global),
          f.bool("send_resolved", true),
          (int) Math.min(max, Integer.MAX_VALUE),
          f.duration("timeout", Duration.ZERO));
    }
  }

  private static URI parseUrl(String u, YamlTree.Node at) throws ConfigException {
    try {
      URI uri = new URI(u.trim());
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!web || uri.getHost() == null) {
        throw new URISyntaxException(u, "scheme must be http or https and a host is needed");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(at, "unsupported url \"" + u + "\": " + e.getReason());
    }
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    URI target = url;
    try {
      if (target == null) {
        target = URI.create(Files.readString(urlFile).trim());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new NotifyException("webhook: cannot read url_file " + urlFile + ": " + e, true);
    }
    HttpRequest.Builder req =
        HttpConfig.newRequest(target)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Vigil-Alertmanager/4")
            .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookPayload.encode(n, maxAlerts)));
    if (!timeout.isZero()) {
      req.timeout(timeout);
    }
    HttpResponse<String> resp;
    inFlight.acquire();
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (OAuth2.TokenException e) {
      throw new NotifyException("webhook: " + e.getMessage(), e.retryable(), e);
    } catch (HttpConfig.CredentialsException e) {
      throw new NotifyException("webhook: " + e.getMessage(), true, e);
    } catch (IOException e) {
      // The URL may hold a token: name only the host.
      throw new NotifyException("webhook: POST to " + target.getHost() + " failed: " + e, true);
    } finally {
      inFlight.release();
    }
    int code = resp.statusCode();
    if (code / 100 != 2) {
      String body = resp.body();
      if (body.length() > 200) {
        body = body.substring(0, 200);
      }
      throw new NotifyException(
          "webhook: " + target.getHost() + " answered " + code + ": " + body.strip(),
          code / 100 == 5 || code == 429);
    }
  }

  @Override
  public String integration() {
    return "webhook";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }
}
