package dev.vigil.alerting.receivers;

import dev.vigil.alerting.config.HttpConfig;
import dev.vigil.alerting.config.OAuth2;
import dev.vigil.alerting.notify.NotifyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one HTTP request for a notifier and sorts the outcome the way Alertmanager does: 2xx is
 * delivered; 429, 5xx, timeouts and connection failures may succeed later (retryable); any other
 * status will not (not retryable). The error names the integration, the status and the start of the
 * response body.
 *
 * <p>Thread-safe; each receiver sends with the client of its {@code http_config}.
 */
final class HttpDelivery {
  private static final int BODY_IN_ERROR = 256;

  private HttpDelivery() {}

  /** A delivered response: its status and body. */
  record Response(int status, String body) {}

  /** POSTs a JSON body. */
  static Response postJson(
      String integration,
      HttpConfig http,
      URI url,
      String json,
      Map<String, String> headers,
      Duration timeout)
      throws NotifyException, InterruptedException {
    return send(integration, http, "POST", url, json, "application/json", headers, timeout);
  }

  /**
   * Sends {@code body} (null: none) with {@code method}.
   *
   * @throws NotifyException with {@code retryable} set as the class comment says
   */
  static Response send(
      String integration,
      HttpConfig http,
      String method,
      URI url,
      String body,
      String contentType,
      Map<String, String> headers,
      Duration timeout)
      throws NotifyException, InterruptedException {
    HttpRequest.Builder b =
        HttpConfig.newRequest(url)
            .timeout(timeout)
            .header("User-Agent", "Vigil")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    HttpResponse<String> r;
    try {
      r = http.send(b, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (OAuth2.TokenException e) {
      throw new NotifyException(integration + ": " + e.getMessage(), e.retryable(), e);
    } catch (HttpConfig.CredentialsException e) {
      throw new NotifyException(integration + ": " + e.getMessage(), true, e);
    } catch (HttpTimeoutException e) {
      throw new NotifyException(
          integration + ": no answer from " + redacted(url) + " within " + timeout, true, e);
    } catch (IOException e) {
      throw new NotifyException(
          integration + ": cannot reach " + redacted(url) + ": " + e, true, e);
    } catch (IllegalArgumentException e) {
      throw new NotifyException(integration + ": bad request: " + e.getMessage(), false, e);
    }
    int s = r.statusCode();
    if (s / 100 == 2) {
      return new Response(s, r.body());
    }
    boolean retryable = s == 429 || s / 100 == 5;
    String text = r.body() == null ? "" : r.body().strip();
    if (text.length() > BODY_IN_ERROR) {
      text = text.substring(0, BODY_IN_ERROR) + "…";
    }
    throw new NotifyException(
        integration + ": " + redacted(url) + " answered " + s + (text.isEmpty() ? "" : ": " + text),
        retryable);
  }

  /**
   * The URL without its path and query, which often carry the secret (Slack and Teams webhook URLs,
   * Telegram bot tokens).
   */
  static String redacted(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority() + "/…";
  }
}
