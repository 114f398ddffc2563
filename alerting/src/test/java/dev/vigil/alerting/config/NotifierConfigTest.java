package dev.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {
  /** A factory that reads {@code url} and keeps it, so tests see what each entry was given. */
  record Recording(String url, String globalValue) implements Notifier {
    @Override
    public void notify(Notification n) {}

    @Override
    public String integration() {
      return "test";
    }

    @Override
    public boolean sendResolved() {
      return true;
    }
  }

  static final NotifierFactory FACTORY =
      new NotifierFactory() {
        @Override
        public String configKey() {
          return "webhook_configs";
        }

        @Override
        public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext c)
            throws ConfigException {
          YamlTree.Entry url = config.entries().get("url");
          if (url == null) {
            throw new ConfigException(config, "one of url or url_file must be configured");
          }
          YamlTree.Entry g = global.entries().get("slack_api_url");
          return new Recording(
              ((YamlTree.Scalar) url.value()).text(),
              g == null ? null : ((YamlTree.Scalar) g.value()).text());
        }
      };

  static NotifierConfig parse(String yaml) throws Exception {
    return NotifierConfig.parse(
        YamlTree.read(yaml), Map.of("webhook_configs", FACTORY), "http://vigil", Path.of("."));
  }

  static final String FULL =
      """
      global:
        resolve_timeout: 2m
        slack_api_url: https://hooks.example/T0
      route:
        receiver: default
        group_by: [alertname, cluster]
        group_wait: 10s
        routes:
          - matchers: ['severity="page"', 'team=~"db|web"']
            receiver: pager
            continue: true
            group_wait: 1s
            routes:
              - match: {env: dev}
                receiver: default
                group_by: ['...']
          - match_re: {service: "^(foo|bar)$"}
            receiver: default
            repeat_interval: 1h
            mute_time_intervals: [weekend]
      receivers:
        - name: default
        - name: pager
          webhook_configs:
            - url: http://a/1
            - url: http://a/2
      inhibit_rules:
        - source_matchers: [severity="critical"]
          target_matchers: [severity="warning"]
          equal: [alertname]
      time_intervals:
        - name: weekend
          time_intervals:
            - weekdays: [saturday, sunday]
      """;

  @Test
  void readsEveryPartAndInheritsRouteValues() throws Exception {
    NotifierConfig c = parse(FULL);
    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.receiverNames()).containsExactly("default", "pager");
    assertThat(c.receivers().get("pager").notifiers())
        .containsExactly(
            new Recording("http://a/1", "https://hooks.example/T0"),
            new Recording("http://a/2", "https://hooks.example/T0"));
    assertThat(c.inhibitRules().items()).hasSize(1);
    Route root = c.route();
    assertThat(root.key()).isEqualTo("{}");
    assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(5));
    Route pager = root.routes().get(0);
    assertThat(pager.key()).isEqualTo("{}/{severity=\"page\",team=~\"db|web\"}");
    assertThat(pager.groupBy()).containsExactly("alertname", "cluster");
    assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(1));
    Route dev = pager.routes().get(0);
    assertThat(dev.groupWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(dev.groupByAll()).isTrue();
    assertThat(dev.receiver()).isEqualTo("default");
    Route svc = root.routes().get(1);
    assertThat(svc.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(svc.repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(c.timeIntervals().get("weekend").contains(Instant.parse("2026-11-22T10:00:00Z")))
        .isTrue(); // a Sunday
    assertThat(c.timeIntervals().get("weekend").contains(Instant.parse("2026-11-23T10:00:00Z")))
        .isFalse();
  }

  @Test
  void routesLikeAlertmanager() throws Exception {
    Route root = parse(FULL).route();
    // rows: labels, the receivers of the routes they reach, in order
    Object[][] rows = {
      {Labels.of("alertname", "x"), List.of("default")},
      {Labels.of("severity", "page", "team", "db"), List.of("pager")},
      {Labels.of("severity", "page", "team", "db", "service", "foo"), List.of("pager", "default")},
      {Labels.of("severity", "page", "team", "db", "env", "dev"), List.of("default")},
      {Labels.of("severity", "page", "team", "ops", "service", "bar"), List.of("default")},
      {Labels.of("service", "foobar"), List.of("default")},
    };
    for (Object[] row : rows) {
      List<String> got = root.match((Labels) row[0]).stream().map(Route::receiver).toList();
      assertThat(got).as("%s", row[0]).isEqualTo(row[1]);
    }
    List<Route> two = root.match(Labels.of("severity", "page", "team", "db", "service", "foo"));
    assertThat(two.get(1).key()).isEqualTo("{}/{service=~\"^(foo|bar)$\"}");
    assertThat(two.get(0).groupLabels(Labels.of("alertname", "a", "cluster", "c", "x", "y")))
        .isEqualTo(Labels.of("alertname", "a", "cluster", "c"));
  }

  @Test
  void rejectsWhatAlertmanagerRejects() {
    String recv = "receivers:\n  - name: r\n";
    Object[][] rows = {
      {"route: {receiver: r}\nreceivers:\n  - name: r\n  - name: r\n", 4, "\"r\" is not unique"},
      {
        "route:\n  receiver: r\n  routes:\n    - receiver: nope\n" + recv,
        4,
        "undefined receiver \"nope\""
      },
      {"route: {receiver: r, group_wait: 5x}\n" + recv, 1, "group_wait"},
      {"route: {receiver: r, group_interval: 0s}\n" + recv, 1, "group_interval cannot be zero"},
      {
        "route: {receiver: r, matchers: [a=b]}\n" + recv, 1, "root route must not have any matchers"
      },
      {"route: {receiver: r}\nreceivers:\n  - name: r\n    foo: 1\n", 4, "field foo not found"},
      {
        "route: {receiver: r}\nreceivers:\n  - name: r\n    victorops_configs: []\n",
        4,
        "victorops_configs is not supported"
      },
      {
        "route: {receiver: r}\nreceivers:\n  - name: r\n    webhook_configs:\n      - send_resolved: true\n",
        5,
        "url or url_file"
      },
      {"route:\n  receiver: r\n  routes:\n    - matchers: ['a=~\"(\"']\n" + recv, 4, "a=~"},
      {
        "route:\n  receiver: r\n  routes:\n    - group_by: ['...', a]\n" + recv,
        4,
        "wildcard group_by"
      },
      {
        "route:\n  receiver: r\n  routes:\n    - mute_time_intervals: [x]\n" + recv,
        4,
        "undefined time interval \"x\""
      },
      {recv, 1, "no routes provided"},
      {"route: {receiver: r}\n" + recv + "global: {resolve_timeout: 1x}\n", 4, "resolve_timeout"},
      {"route: {receiver: r}\n" + recv + "globl: {}\n", 4, "field globl not found"},
      {
        "route: {receiver: r}\n"
            + recv
            + "time_intervals:\n  - name: t\n    time_intervals:\n      - times: [{start_time: '10:00', end_time: '09:00'}]\n",
        7,
        "start time"
      },
      {
        "route: {receiver: r}\n"
            + recv
            + "time_intervals:\n  - name: t\n    time_intervals:\n      - weekdays: [funday]\n",
        7,
        "funday"
      },
    };
    for (Object[] row : rows) {
      assertThatThrownBy(() -> parse((String) row[0]))
          .as("%s", row[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining((String) row[2])
          .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(row[1]));
    }
  }

  @Test
  void statusTextMasksSecrets() throws Exception {
    NotifierConfig c = parse(FULL);
    String text = ConfigText.masked(c.source());
    assertThat(text).contains("slack_api_url: <secret>").doesNotContain("hooks.example");
    // Alertmanager 0.25 shows webhook URLs (amtool parses them); a query may hold a token.
    assertThat(text).contains("url: http://a/1");
    assertThat(ConfigText.maskUrl("https://u:pw@h:8/p?token=x"))
        .startsWith("https://u:")
        .contains("@h:8/p?")
        .doesNotContain("pw")
        .doesNotContain("token");
    assertThat(text).contains("group_wait: 10s").contains("continue: true");
    // The masked text is itself a valid config with the same routing tree.
    NotifierConfig back = parse(text);
    assertThat(back.route().flatten().stream().map(Route::key).toList())
        .isEqualTo(c.route().flatten().stream().map(Route::key).toList());
  }

  @Test
  void escalationStepsAreCheckedAndLeftOutOfAlertmanagersView() throws Exception {
    String yaml =
        """
        route:
          receiver: team
          routes:
            - matchers: ['severity="page"']
              receiver: oncall
              escalate:
                - {after: 15m, receiver: STEP1}
                - {after: AFTER2, receiver: lead}
        receivers:
          - name: team
          - name: oncall
          - name: second
          - name: lead
        """;
    NotifierConfig c = parse(yaml.replace("STEP1", "second").replace("AFTER2", "30m"));
    Route page = c.route().routes().get(0);
    assertThat(page.escalate())
        .extracting(Route.Escalation::receiver)
        .containsExactly("second", "lead");
    assertThat(page.escalate().get(1).after()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(c.route().escalate()).isEmpty();
    assertThatThrownBy(() -> parse(yaml.replace("STEP1", "nobody").replace("AFTER2", "30m")))
        .hasMessageContaining("undefined receiver \"nobody\" used in escalate");
    assertThatThrownBy(() -> parse(yaml.replace("STEP1", "second").replace("AFTER2", "10m")))
        .hasMessageContaining("after must be greater than zero and than the step before");
    // amtool refuses fields Alertmanager does not know: the status text has no escalate.
    String text = ConfigText.masked(c.source());
    assertThat(text).doesNotContain("escalate").contains("oncall");
  }
}
