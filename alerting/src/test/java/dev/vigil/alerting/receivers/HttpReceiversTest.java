package dev.vigil.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack, PagerDuty, Teams, Telegram, Opsgenie and SMS receivers against a real HTTP server on the
 * loopback: the bodies carry the fields the providers document, and failures are sorted into
 * retryable and not.
 */
class HttpReceiversTest {
  private Loopback http;

  @BeforeEach
  void start() throws Exception {
    http = new Loopback();
  }

  @AfterEach
  void stop() {
    http.close();
  }

  private Notifier create(NotifierFactory f, String yaml) throws ConfigException {
    return Configs.create(f, yaml.replace("URL", http.url()), null);
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void slackAttachment() throws Exception {
    Notifier n =
        create(
            new SlackNotifier.Factory(),
            """
            api_url: URL/services/T0/B0/XYZ
            channel: '#ops'
            fields:
              - {title: Severity, value: '{{ .CommonLabels.severity }}', short: true}
            actions:
              - {type: button, text: Runbook, url: 'http://wiki/{{ .GroupLabels.alertname }}'}
            """);
    assertThat(n.integration()).isEqualTo("slack");
    n.notify(TemplateFixtures.hostDown());
    Loopback.Request r = http.last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo("/services/T0/B0/XYZ");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    JsonNode b = r.json();
    assertThat(b.get("channel").asText()).isEqualTo("#ops");
    assertThat(b.get("username").asText()).isEqualTo("Vigil");
    JsonNode a = b.get("attachments").get(0);
    assertThat(a.get("title").asText()).isEqualTo("FIRING (2) HostDown");
    assertThat(a.get("title_link").asText())
        .isEqualTo("http://vigil.example:7070/#/alerts?receiver=team-infra");
    assertThat(a.get("color").asText()).isEqualTo("danger");
    assertThat(a.get("text").asText()).contains("* web-1 is down <since boot>");
    assertThat(a.get("fallback").asText()).startsWith("FIRING (2) HostDown | http://");
    assertThat(a.get("mrkdwn_in").toString()).isEqualTo("[\"fallback\",\"pretext\",\"text\"]");
    assertThat(a.get("fields").toString())
        .isEqualTo("[{\"title\":\"Severity\",\"value\":\"page\",\"short\":true}]");
    assertThat(a.get("actions").get(0).get("url").asText()).isEqualTo("http://wiki/HostDown");

    http.reply(200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
    assertThatThrownBy(() -> n.notify(TemplateFixtures.hostDown()))
        .hasMessageContaining("channel_not_found")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
  }

  @Test
  void slackChatPostMessageSendsTheBotToken() throws Exception {
    Notifier n =
        create(
            new SlackNotifier.Factory(),
            """
            api_url: URL/api/chat.postMessage
            channel: C123
            http_config: {authorization: {credentials: xoxb-1}}
            """);
    n.notify(TemplateFixtures.resolved());
    assertThat(http.last().header("Authorization")).isEqualTo("Bearer xoxb-1");
    assertThat(http.last().json().get("attachments").get(0).get("color").asText())
        .isEqualTo("good");
  }

  @Test
  void oauth2ClientCredentialsTokenIsCachedAndRenewedAfterA401() throws Exception {
    try (Loopback tokens = new Loopback()) {
      String yaml =
          """
          url: URL/v2/enqueue
          routing_key: R0UT1NG
          http_config:
            oauth2:
              client_id: vigil
              client_secret: 's&cret'
              token_url: TOKENS/oauth/token?tenant=t1
              scopes: [alerts.write, incidents]
              endpoint_params: {audience: pagerduty}
          """
              .replace("TOKENS", tokens.url());
      Notifier n = create(new PagerDutyNotifier.Factory(), yaml);
      tokens.reply(200, "{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":3600}");
      n.notify(TemplateFixtures.hostDown());
      assertThat(tokens.requests).hasSize(1);
      Loopback.Request t = tokens.last();
      assertThat(t.method()).isEqualTo("POST");
      assertThat(t.uri()).isEqualTo("/oauth/token?tenant=t1");
      assertThat(t.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
      assertThat(t.body())
          .isEqualTo(
              "grant_type=client_credentials&scope=alerts.write+incidents&audience=pagerduty");
      // RFC 6749 2.3.1: id and secret are form-encoded before the Basic encoding.
      assertThat(t.header("Authorization"))
          .isEqualTo(
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString("vigil:s%26cret".getBytes(StandardCharsets.UTF_8)));
      assertThat(http.last().header("Authorization")).isEqualTo("Bearer t1");

      n.notify(TemplateFixtures.resolved());
      assertThat(tokens.requests).as("the token is kept until it expires").hasSize(1);
      assertThat(http.last().header("Authorization")).isEqualTo("Bearer t1");

      // The receiver revokes t1: one new token and one more attempt, within the same notify.
      http.reply(401, "{\"message\":\"token revoked\"}");
      tokens.reply(200, "{\"access_token\":\"t2\",\"expires_in\":3600}");
      int before = http.requests.size();
      n.notify(TemplateFixtures.hostDown());
      assertThat(http.requests).hasSize(before + 2);
      assertThat(tokens.requests).hasSize(2);
      assertThat(http.last().header("Authorization")).isEqualTo("Bearer t2");

      // A token that expires within ten seconds is not used again.
      Notifier shortLived = create(new PagerDutyNotifier.Factory(), yaml);
      tokens.reply(200, "{\"access_token\":\"t3\",\"expires_in\":5}");
      tokens.reply(200, "{\"access_token\":\"t4\",\"expires_in\":5}");
      shortLived.notify(TemplateFixtures.hostDown());
      shortLived.notify(TemplateFixtures.hostDown());
      assertThat(http.last().header("Authorization")).isEqualTo("Bearer t4");

      // Refused credentials: not retryable, the endpoint's answer shown, the secret not.
      Notifier refused = create(new PagerDutyNotifier.Factory(), yaml);
      tokens.reply(401, "{\"error\":\"invalid_client\"}");
      int sent = http.requests.size();
      assertThatThrownBy(() -> refused.notify(TemplateFixtures.hostDown()))
          .isInstanceOf(NotifyException.class)
          .hasMessageContaining("pagerduty: oauth2: token request to " + tokens.url())
          .hasMessageContaining("/oauth/token answered 401: {\"error\":\"invalid_client\"}")
          .hasMessageNotContaining("s&cret")
          .hasMessageNotContaining("tenant")
          .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
      assertThat(http.requests).as("nothing sent without a token").hasSize(sent);
      tokens.reply(503, "busy");
      assertThatThrownBy(() -> refused.notify(TemplateFixtures.hostDown()))
          .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
    }
    Notifier unreachable =
        create(
            new PagerDutyNotifier.Factory(),
            """
            {url: URL/v2/enqueue, routing_key: R,
             http_config: {oauth2: {client_id: a, client_secret: b,
                                    token_url: 'http://127.0.0.1:9/token'}}}
            """);
    assertThatThrownBy(() -> unreachable.notify(TemplateFixtures.hostDown()))
        .hasMessageContaining("oauth2: token request to http://127.0.0.1:9/token failed")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
  }

  @Test
  void globalHttpConfigAppliesWhenTheEntryHasNone() throws Exception {
    Notifier n =
        Configs.create(
            new TeamsNotifier.Factory(),
            "{webhook_url: " + http.url() + "/hook}",
            "{http_config: {basic_auth: {username: u, password: p}}}");
    n.notify(TemplateFixtures.hostDown());
    assertThat(http.last().header("Authorization")).isEqualTo("Basic dTpw");
    // Opsgenie's own GenieKey header wins over http_config credentials.
    Notifier og =
        Configs.create(
            new OpsgenieNotifier.Factory(),
            "{api_url: " + http.url() + ", api_key: k3y}",
            "{http_config: {bearer_token: other}}");
    og.notify(TemplateFixtures.hostDown());
    assertThat(http.last().header("Authorization")).isEqualTo("GenieKey k3y");
  }

  @Test
  void pagerDutyTriggerAndResolve() throws Exception {
    Notifier n =
        create(
            new PagerDutyNotifier.Factory(),
            """
            url: URL/v2/enqueue
            routing_key: R0UT1NG
            severity: '{{ if eq .CommonLabels.severity "page" }}critical{{ else }}warning{{ end }}'
            component: '{{ .CommonLabels.alertname }}'
            links: [{href: 'http://wiki/x', text: runbook}]
            """);
    http.reply(202, "{\"status\":\"success\",\"dedup_key\":\"x\"}");
    n.notify(TemplateFixtures.hostDown());
    JsonNode b = http.last().json();
    String key = sha256(TemplateFixtures.hostDown().groupKey());
    assertThat(b.get("routing_key").asText()).isEqualTo("R0UT1NG");
    assertThat(b.get("event_action").asText()).isEqualTo("trigger");
    assertThat(b.get("dedup_key").asText()).isEqualTo(key);
    JsonNode p = b.get("payload");
    assertThat(p.get("summary").asText()).isEqualTo("FIRING (2) HostDown");
    assertThat(p.get("source").asText()).isEqualTo("Vigil");
    assertThat(p.get("severity").asText()).isEqualTo("critical");
    assertThat(p.get("component").asText()).isEqualTo("HostDown");
    assertThat(p.get("timestamp").asText()).isEqualTo("2026-11-22T06:10:00Z");
    assertThat(p.get("custom_details").get("num_firing").asText()).isEqualTo("2");
    assertThat(p.get("custom_details").get("firing").asText()).contains("web-2 is down");
    assertThat(b.get("client").asText()).isEqualTo("Vigil");
    assertThat(b.get("links").get(0).get("text").asText()).isEqualTo("runbook");

    n.notify(TemplateFixtures.resolved());
    b = http.last().json();
    assertThat(b.get("event_action").asText()).isEqualTo("resolve");
    assertThat(b.get("dedup_key").asText()).isEqualTo(key);
    assertThat(b.has("payload")).isFalse();
    assertThatThrownBy(() -> create(new PagerDutyNotifier.Factory(), "service_key: abc"))
        .hasMessageContaining("routing_key");
  }

  @Test
  void teamsMessageCardAndAdaptiveCard() throws Exception {
    create(new TeamsNotifier.Factory(), "webhook_url: URL/webhookb2/abc")
        .notify(TemplateFixtures.hostDown());
    JsonNode b = http.last().json();
    assertThat(b.get("@type").asText()).isEqualTo("MessageCard");
    assertThat(b.get("@context").asText()).isEqualTo("http://schema.org/extensions");
    assertThat(b.get("themeColor").asText()).isEqualTo("8C1A1A");
    assertThat(b.get("title").asText()).isEqualTo("FIRING (2) HostDown");
    assertThat(b.get("summary").asText()).isEqualTo("FIRING (2) HostDown");
    assertThat(b.get("text").asText()).contains("Firing now (2):");

    create(new TeamsNotifier.AdaptiveFactory(), "webhook_url: URL/workflows/abc")
        .notify(TemplateFixtures.resolved());
    b = http.last().json();
    assertThat(b.get("type").asText()).isEqualTo("message");
    JsonNode att = b.get("attachments").get(0);
    assertThat(att.get("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = att.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("RESOLVED HostDown");
    assertThat(card.get("body").get(0).get("color").asText()).isEqualTo("Good");
  }

  @Test
  void telegramSendMessage() throws Exception {
    Notifier n =
        create(
            new TelegramNotifier.Factory(),
            "{api_url: URL, bot_token: '123:abc', chat_id: -1001234, message_thread_id: 7}");
    n.notify(TemplateFixtures.hostDown());
    Loopback.Request r = http.last();
    assertThat(r.uri()).isEqualTo("/bot123:abc/sendMessage");
    JsonNode b = r.json();
    assertThat(b.get("chat_id").asLong()).isEqualTo(-1001234L);
    assertThat(b.get("message_thread_id").asLong()).isEqualTo(7);
    assertThat(b.get("parse_mode").asText()).isEqualTo("HTML");
    assertThat(b.get("disable_notification").asBoolean()).isFalse();
    assertThat(b.get("text").asText())
        .startsWith("<b>FIRING (2) HostDown</b>\n")
        .contains("web-1 is down &lt;since boot&gt;");

    http.reply(
        400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
    assertThatThrownBy(() -> n.notify(TemplateFixtures.hostDown()))
        .hasMessageContaining("chat not found")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
    assertThat(http.requests.get(1).body()).doesNotContain("123:abc");
  }

  @Test
  void opsgenieCreateAndClose() throws Exception {
    Notifier n =
        create(
            new OpsgenieNotifier.Factory(),
            """
            api_url: URL/
            api_key: k3y
            priority: '{{ if eq .CommonLabels.severity "page" }}P1{{ else }}P3{{ end }}'
            tags: 'infra, {{ .CommonLabels.alertname }}'
            responders: [{name: ops, type: team}]
            details: {runbook: 'http://wiki/{{ .CommonLabels.alertname }}'}
            message: '{{ range .Alerts }}{{ .Labels.instance }} is down and this is a long message. {{ end }}'
            """);
    http.reply(202, "{\"result\":\"Request will be processed\"}");
    n.notify(TemplateFixtures.hostDown());
    Loopback.Request r = http.last();
    assertThat(r.uri()).isEqualTo("/v2/alerts");
    assertThat(r.header("Authorization")).isEqualTo("GenieKey k3y");
    JsonNode b = r.json();
    String alias = sha256(TemplateFixtures.hostDown().groupKey());
    assertThat(b.get("alias").asText()).isEqualTo(alias);
    assertThat(b.get("message").asText()).hasSize(130).endsWith("…");
    assertThat(b.get("priority").asText()).isEqualTo("P1");
    assertThat(b.get("tags").toString()).isEqualTo("[\"infra\",\"HostDown\"]");
    assertThat(b.get("responders").toString()).isEqualTo("[{\"name\":\"ops\",\"type\":\"team\"}]");
    assertThat(b.get("details").get("severity").asText()).isEqualTo("page");
    assertThat(b.get("details").get("runbook").asText()).isEqualTo("http://wiki/HostDown");
    assertThat(b.get("source").asText()).startsWith("http://vigil.example:7070/");

    n.notify(TemplateFixtures.resolved());
    assertThat(http.last().uri()).isEqualTo("/v2/alerts/" + alias + "/close?identifierType=alias");
    assertThat(http.requests).hasSize(2);

    Notifier updating =
        create(
            new OpsgenieNotifier.Factory(),
            "{api_url: URL/, api_key: k3y, update_alerts: true, description: 'now {{ .Status }}'}");
    updating.notify(TemplateFixtures.hostDown());
    List<Loopback.Request> rs = http.requests.subList(2, http.requests.size());
    assertThat(rs).extracting(Loopback.Request::method).containsExactly("POST", "PUT", "PUT");
    assertThat(rs.get(1).uri()).isEqualTo("/v2/alerts/" + alias + "/message?identifierType=alias");
    assertThat(rs.get(1).json().get("message").asText())
        .isEqualTo(rs.get(0).json().get("message").asText());
    assertThat(rs.get(2).uri())
        .isEqualTo("/v2/alerts/" + alias + "/description?identifierType=alias");
    assertThat(rs.get(2).json().toString()).isEqualTo("{\"description\":\"now firing\"}");
    assertThat(rs.get(2).header("Authorization")).isEqualTo("GenieKey k3y");
  }

  @Test
  void smsGatewayOneRequestPerNumber() throws Exception {
    Notifier post =
        create(
            new SmsNotifier.Factory(),
            """
            url: URL/send
            to: ['+15550001', '+15550002']
            headers: {X-Api-Key: s3}
            """);
    post.notify(TemplateFixtures.hostDown());
    assertThat(http.requests).hasSize(2);
    JsonNode first = http.requests.get(0).json();
    assertThat(first.get("to").asText()).isEqualTo("+15550001");
    assertThat(first.get("message").asText()).isEqualTo("FIRING (2) HostDown");
    assertThat(http.requests.get(1).json().get("to").asText()).isEqualTo("+15550002");
    assertThat(http.requests.get(0).header("X-Api-Key")).isEqualTo("s3");

    Notifier get =
        create(
            new SmsNotifier.Factory(),
            """
            url: 'URL/api?to={{ .To | urlquery }}&text={{ .Message | urlquery }}'
            method: GET
            to: '+15550003'
            message: '{{ .Status }}: {{ .CommonLabels.alertname }} on {{ len .Alerts.Firing }} hosts'
            max_length: 20
            """);
    get.notify(TemplateFixtures.hostDown());
    Loopback.Request r = http.last();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.uri()).isEqualTo("/api?to=%2B15550003&text=firing%3A+HostDown+on%E2%80%A6");
  }

  @Test
  void failuresAreSortedIntoRetryableAndNot() throws Exception {
    Notifier n = create(new TeamsNotifier.Factory(), "{webhook_url: URL/hook}");
    record Row(int status, boolean retryable) {}
    for (Row row :
        List.of(
            new Row(500, true),
            new Row(503, true),
            new Row(429, true),
            new Row(400, false),
            new Row(404, false),
            new Row(413, false))) {
      http.reply(row.status(), "nope " + row.status());
      assertThatThrownBy(() -> n.notify(TemplateFixtures.hostDown()))
          .as("status %d", row.status())
          .isInstanceOf(NotifyException.class)
          .hasMessageContaining("answered " + row.status() + ": nope")
          .satisfies(e -> assertThat(((NotifyException) e).retryable()).isEqualTo(row.retryable()));
    }
    Notifier impatient =
        create(new TeamsNotifier.Factory(), "{webhook_url: URL/hook, timeout: 1s}");
    http.replyLate(3000);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> impatient.notify(TemplateFixtures.hostDown()))
        .hasMessageContaining("within PT1S")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2900);
    Notifier refused =
        Configs.create(new TeamsNotifier.Factory(), "webhook_url: http://127.0.0.1:9/x", null);
    assertThatThrownBy(() -> refused.notify(TemplateFixtures.hostDown()))
        .hasMessageContaining("cannot reach http://127.0.0.1:9/…")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
  }

  @Test
  void configErrorsNameTheProblem() {
    record Row(NotifierFactory f, String yaml, String message) {}
    for (Row row :
        List.of(
            new Row(new SlackNotifier.Factory(), "channel: x", "missing api_url"),
            new Row(new SlackNotifier.Factory(), "api_url: ftp://x", "must be an http(s) URL"),
            new Row(new PagerDutyNotifier.Factory(), "url: URL", "missing routing_key"),
            new Row(new TelegramNotifier.Factory(), "bot_token: a", "missing chat_id"),
            new Row(new TelegramNotifier.Factory(), "{bot_token: a, chat_id: x}", "integer"),
            new Row(new OpsgenieNotifier.Factory(), "message: x", "missing api_key"),
            new Row(
                new OpsgenieNotifier.Factory(),
                "{api_key: k, responders: [{name: x, type: robot}]}",
                "responder type"),
            new Row(new SmsNotifier.Factory(), "url: URL", "missing to"),
            new Row(
                new TeamsNotifier.Factory(),
                "{webhook_url: URL, http_config: {oauth2: {client_id: a}}}",
                "oauth2.token_url must be an http or https URL (it is required)"),
            new Row(
                new TeamsNotifier.Factory(),
                "{webhook_url: URL, http_config: {oauth2: {token_url: URL}}}",
                "oauth2.client_id is required"),
            new Row(
                new TeamsNotifier.Factory(),
                "{webhook_url: URL, http_config: {bearer_token: x,"
                    + " oauth2: {client_id: a, token_url: URL}}}",
                "at most one of basic_auth, authorization, bearer_token and oauth2"),
            new Row(new SmsNotifier.Factory(), "{url: URL, to: x, method: DELETE}", "method"),
            new Row(
                new TeamsNotifier.Factory(),
                "{webhook_url: URL, titel: x}",
                "unknown field \"titel\""),
            new Row(
                new TeamsNotifier.Factory(),
                "{webhook_url: URL, title: '{{ end }}'}",
                "bad template"))) {
      assertThatThrownBy(() -> create(row.f(), row.yaml()))
          .as(row.yaml())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(row.message());
    }
  }
}
