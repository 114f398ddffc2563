package dev.vigil.alerting.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.alerting.yaml.YamlTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifier configuration written back as alertmanager.yml text with every secret replaced by
 * {@code <secret>}, as Alertmanager shows it in {@code /api/v2/status} (amtool reads the routing
 * tree from there).
 */
public final class ConfigText {
  static final String MASK = "<secret>";
  private static final Set<String> SECRETS =
      Set.of(
          "smtp_auth_password",
          "smtp_auth_secret",
          "slack_api_url",
          "victorops_api_key",
          "opsgenie_api_key",
          "wechat_api_secret",
          "rocketchat_token",
          "rocketchat_token_id",
          "auth_password",
          "auth_secret",
          "password",
          "credentials",
          "bearer_token",
          "client_secret",
          "api_key",
          "api_secret",
          "service_key",
          "routing_key",
          "bot_token",
          "token",
          "user_key",
          "webhook_url");

  /** Keys that are secret only inside one integration's entries. */
  private static final Map<String, Set<String>> SECRETS_IN =
      Map.of(
          "slack_configs", Set.of("api_url"),
          "discord_configs", Set.of("webhook_url"));

  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private ConfigText() {}

  /**
   * Vigil's own keys in an alertmanager.yml ({@code escalate} on routes, {@code action_configs} on
   * receivers), left out of the text Alertmanager's clients read: amtool refuses unknown fields.
   */
  private static final Set<String> VIGIL_ONLY = Set.of("escalate", "action_configs");

  /**
   * The YAML text of {@code node} with secrets masked, as Alertmanager's {@code /api/v2/status}
   * shows it: without Vigil's own keys.
   */
  public static String masked(YamlTree.Node node) {
    try {
      return MAPPER.writeValueAsString(withoutVigilKeys(maskedTree(node)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the notifier config back as YAML", e);
    }
  }

  private static Object withoutVigilKeys(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            if (!VIGIL_ONLY.contains(String.valueOf(k))) {
              out.put(k, withoutVigilKeys(v));
            }
          });
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(withoutVigilKeys(x)));
      return out;
    }
    return o;
  }

  /** {@code node} as maps, lists and scalars with secrets masked, for any Jackson writer. */
  public static Object maskedTree(YamlTree.Node node) {
    return plain(node, "", "");
  }

  private static Object plain(YamlTree.Node n, String key, String integration) {
    return switch (n) {
      case YamlTree.MapNode m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree.Entry> e : m.entries().entrySet()) {
          String k = e.getKey();
          YamlTree.Node v = e.getValue().value();
          boolean secret =
              SECRETS.contains(k) || SECRETS_IN.getOrDefault(integration, Set.of()).contains(k);
          if (secret && v instanceof YamlTree.Scalar s && s.text() != null && !s.text().isEmpty()) {
            out.put(k, MASK);
          } else if (k.equals("url") && v instanceof YamlTree.Scalar s && s.text() != null) {
            // webhook_configs and http actions: a password or query may hold a token
            out.put(k, maskUrl(s.text()));
          } else if (k.equals("headers") && v instanceof YamlTree.MapNode h) {
            // http actions' headers carry credentials (Authorization, API keys)
            Map<String, Object> masked = new LinkedHashMap<>();
            h.entries().keySet().forEach(name -> masked.put(name, MASK));
            out.put(k, masked);
          } else {
            out.put(k, plain(v, k, k.endsWith("_configs") ? k : integration));
          }
        }
        yield out;
      }
      case YamlTree.ListNode l -> {
        List<Object> out = new ArrayList<>();
        for (YamlTree.Node item : l.items()) {
          out.add(plain(item, key, integration));
        }
        yield out;
      }
      case YamlTree.Scalar s -> scalar(s);
    };
  }

  /**
   * A webhook URL with its password and query masked. Alertmanager 0.25 (and its amtool, which
   * parses this text) has the webhook URL as a plain URL, so it must stay one.
   */
  static String maskUrl(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      String user = u.getUserInfo() == null ? null : u.getUserInfo().replaceAll(":.*", ":" + MASK);
      String query = u.getQuery() == null ? null : MASK;
      return new java.net.URI(
              u.getScheme(), user, u.getHost(), u.getPort(), u.getPath(), query, null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return MASK;
    }
  }

  private static Object scalar(YamlTree.Scalar s) {
    if (s.text() == null) {
      return null;
    }
    JsonToken t = s.token();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return Boolean.valueOf(s.text());
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      try {
        return new BigDecimal(s.text());
      } catch (NumberFormatException e) {
        return s.text();
      }
    }
    return s.text();
  }
}
