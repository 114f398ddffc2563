package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.vigil.collect.config.Masked;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the {@code remote_write:} list, read by {@code vigil agent} (the server ignores it):
 * where the agent forwards its samples, as Prometheus's {@code remote_write} entries are written.
 *
 * @param url the receiver, an http:// or https:// URL
 * @param headers extra request headers
 * @param basicAuth HTTP basic authentication
 * @param queueConfig retry delays and the disk queue's folder and size
 */
public record RemoteWriteConfig(
    @JsonProperty("url") String url,
    @JsonProperty("headers") @JsonSerialize(contentUsing = Masked.class)
        Map<String, String> headers,
    @JsonProperty("basic_auth") BasicAuth basicAuth,
    @JsonProperty("queue_config") QueueConfig queueConfig) {

  /**
   * {@code basic_auth:} of a remote write entry.
   *
   * @param username the user name
   * @param password the password (shown masked on /api/v1/status/config)
   */
  public record BasicAuth(
      @JsonProperty("username") String username,
      @JsonProperty("password") @JsonSerialize(using = Masked.class) String password) {
    /** Checks that the user name is set. */
    public BasicAuth {
      if (username == null || username.isEmpty()) {
        throw new IllegalArgumentException("remote_write.basic_auth.username is required");
      }
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=<secret>]";
    }
  }

  /**
   * {@code queue_config:} of a remote write entry; unset values come from the agent's flags or
   * their defaults.
   *
   * @param minBackoff the first retry's delay
   * @param maxBackoff the longest delay between retries
   * @param path the disk queue's folder
   * @param maxSize the disk queue's size limit
   */
  public record QueueConfig(
      @JsonProperty("min_backoff") Duration minBackoff,
      @JsonProperty("max_backoff") Duration maxBackoff,
      @JsonProperty("path") String path,
      @JsonProperty("max_size") String maxSize) {
    /** Checks the values. */
    public QueueConfig {
      if (minBackoff != null) {
        ConfigChecks.positive("remote_write.queue_config.min_backoff", minBackoff);
      }
      if (maxBackoff != null) {
        ConfigChecks.positive("remote_write.queue_config.max_backoff", maxBackoff);
      }
      if (minBackoff != null && maxBackoff != null && maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException(
            "remote_write.queue_config.max_backoff must be at least min_backoff");
      }
      if (maxSize != null) {
        try {
          ByteSize.parse(maxSize);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "remote_write.queue_config.max_size: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Checks the URL and fills in defaults. */
  public RemoteWriteConfig {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("remote_write.url is required");
    }
    checkUrl("remote_write.url", url);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    queueConfig = queueConfig == null ? new QueueConfig(null, null, null, null) : queueConfig;
  }

  /**
   * Refuses anything but an absolute http:// or https:// URL.
   *
   * @throws IllegalArgumentException naming {@code key}
   */
  public static URI checkUrl(String key, String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": \"" + url + "\" is not a URL", e);
    }
    String scheme = u.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || u.getHost() == null) {
      throw new IllegalArgumentException(
          key + ": \"" + url + "\" must be an http:// or https:// URL");
    }
    return u;
  }

  /** The request headers, with {@code Authorization} from {@code basic_auth} when set. */
  public Map<String, String> requestHeaders() {
    Map<String, String> out = new LinkedHashMap<>(headers);
    if (basicAuth != null) {
      String token = basicAuth.username() + ":" + basicAuth.password();
      out.put(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
