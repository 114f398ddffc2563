package dev.vigil.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notification templates: Alertmanager's data model, functions, named templates from files, and
 * Vigil's defaults. The differential tests run the same templates through the real {@code amtool
 * template render} (Debian's prometheus-alertmanager 0.25) and require identical output.
 */
class NotificationTemplatesTest {
  private static final String SEP = "\n@@@\n";

  private static final String USER_FILE =
      """
      {{ define "fromfile" }}[{{ .Status }} {{ .CommonLabels.alertname }}]{{ end }}
      {{ define "slack.default.username" }}ops-bot{{ end }}
      """;

  /** Templates whose text output must equal amtool's. */
  private static final List<String> TEXT_ROWS =
      List.of(
          "{{ .Receiver }}|{{ .Status }}|{{ .ExternalURL }}",
          "{{ len .Alerts }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }}",
          "{{ .GroupLabels }} {{ .CommonLabels }} {{ .CommonAnnotations }}",
          "{{ .CommonLabels.SortedPairs }} {{ .CommonLabels.SortedPairs.Names }}",
          "{{ .CommonLabels.Names }} {{ .CommonLabels.Values }} {{ .CommonLabels.SortedPairs.Values }}",
          "{{ .CommonLabels.Remove (stringSlice \"severity\") }}",
          "{{ .CommonLabels.Remove .GroupLabels.Names }}",
          "{{ range .Alerts }}{{ .Status }} {{ .Fingerprint }} {{ .Labels.instance }} {{ .StartsAt }}"
              + " {{ .EndsAt }} {{ .GeneratorURL }};{{ end }}",
          "{{ range .Alerts.Firing }}{{ .Annotations.SortedPairs.Values | join \"/\" }};{{ end }}",
          "{{ range $i, $a := .Alerts.Resolved }}{{ $i }}={{ $a.Labels.instance }}{{ end }}",
          "{{ (index .Alerts 0).StartsAt.Format \"Mon Jan _2 15:04:05.000 MST 2006\" }}",
          "{{ (index .Alerts 0).StartsAt.Format \"2006-01-02T15:04:05Z07:00\" }}",
          "{{ (index .Alerts 1).StartsAt.Format \"3:04PM, January 2, 06 (Monday) .999\" }}",
          "{{ (index .Alerts 0).StartsAt.Unix }} {{ (index .Alerts 0).StartsAt.UTC }}",
          "{{ toUpper \"abc\" }} {{ toLower \"ABC\" }} {{ title \"web server\" }}",
          "{{ reReplaceAll \"(.*):.*\" \"$1\" \"web-1:9100\" }} {{ match \"^web\" \"web-1\" }}",
          "{{ stringSlice \"a\" \"b\" }} {{ join \",\" (stringSlice \"a\" \"b\") }}",
          "{{ define \"mine\" }}<{{ .Receiver }}>{{ end }}{{ template \"mine\" . }}",
          "{{ block \"blk\" .Status }}B{{ . }}{{ end }}",
          "{{ template \"fromfile\" . }} {{ template \"slack.default.username\" . }}",
          "{{ index .Alerts 2 }}",
          "{{ with .CommonAnnotations.summary }}S{{ else }}none{{ end }}",
          "{{ template \"__subject\" . }}",
          "{{ template \"email.default.subject\" . }}",
          "{{ template \"email.default.text\" . }}",
          "{{ template \"slack.default.title\" . }}|{{ template \"slack.default.text\" . }}"
              + "|{{ template \"slack.default.fallback\" . }}",
          "{{ template \"pagerduty.default.description\" . }}"
              + "|{{ template \"pagerduty.default.instances\" .Alerts.Firing }}",
          "{{ template \"opsgenie.default.message\" . }}"
              + "|{{ template \"opsgenie.default.description\" . }}",
          "{{ template \"msteams.default.title\" . }}|{{ template \"msteams.default.text\" . }}",
          "{{ template \"sms.default.message\" . }}");

  private static final List<String> HTML_ROWS =
      List.of(
          "{{ (index .Alerts 0).Annotations.summary }}|{{ \"<i>\" | safeHtml }}",
          "{{ (index .Alerts 0).StartsAt }} & {{ .CommonLabels }}",
          "<p>{{ range .Alerts }}{{ .Annotations.description }};{{ end }}</p>",
          "{{ template \"email.default.html\" . }}",
          "{{ template \"telegram.default.message\" . }}");

  @Test
  void textTemplatesRenderAsAmtoolRendersThem(@TempDir Path dir) throws Exception {
    compareWithAmtool(dir, TEXT_ROWS, false);
  }

  @Test
  void htmlTemplatesRenderAsAmtoolRendersThem(@TempDir Path dir) throws Exception {
    compareWithAmtool(dir, HTML_ROWS, true);
  }

  private static void compareWithAmtool(Path dir, List<String> rows, boolean html)
      throws Exception {
    Path amtool = amtool();
    Path defaults = dir.resolve("default.tmpl");
    try (InputStream in = NotificationTemplates.class.getResourceAsStream("default.tmpl")) {
      Files.write(defaults, in.readAllBytes());
    }
    Path user = dir.resolve("user.tmpl");
    Files.writeString(user, USER_FILE);
    Notification n = TemplateFixtures.hostDown();
    Path data = dir.resolve("data.json");
    Files.writeString(data, json(n));
    String joined = String.join(SEP, rows);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                amtool.toString(),
                "template",
                "render",
                "--template.glob=" + dir + "/*.tmpl",
                "--template.data=" + data,
                "--template.text=" + joined));
    if (html) {
      cmd.add("--template.type=html");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> want = List.of(out.split(SEP, -1));
    assertThat(want).hasSize(rows.size());

    NotificationTemplates t = NotificationTemplates.load(List.of(user));
    TemplateData d = TemplateData.of(n);
    for (int i = 0; i < rows.size(); i++) {
      String got = html ? t.expandHtml(rows.get(i), d) : t.expand(rows.get(i), d);
      assertThat(got).as(rows.get(i)).isEqualTo(want.get(i));
    }
  }

  @Test
  void defaultsReadWellForTheOnCallEngineer() throws Exception {
    NotificationTemplates t = NotificationTemplates.defaults();
    TemplateData d = TemplateData.of(TemplateFixtures.hostDown());
    assertThat(t.expand("{{ template \"email.default.subject\" . }}", d))
        .isEqualTo("FIRING (2) HostDown");
    String text = t.expand("{{ template \"email.default.text\" . }}", d);
    assertThat(text)
        .contains("Firing now (2):", "* web-1 is down <since boot>", "Resolved (1):")
        .contains("instance=web-2:9100", "source: http://prom:9090/graph")
        .contains("http://vigil.example:7070/#/alerts?receiver=team-infra");
    String html = t.expandHtml("{{ template \"email.default.html\" . }}", d);
    assertThat(html).contains("web-1 is down &lt;since boot&gt;", "no scrape &amp; no ping");
    TemplateData r = TemplateData.of(TemplateFixtures.resolved());
    assertThat(t.expand("{{ template \"__subject\" . }}", r)).isEqualTo("RESOLVED HostDown");
  }

  /** Functions newer than amtool 0.25 (Alertmanager 0.26 added them). */
  @Test
  void dateAndTimeZoneFunctions() throws Exception {
    NotificationTemplates t = NotificationTemplates.defaults();
    TemplateData d = TemplateData.of(TemplateFixtures.hostDown());
    assertThat(t.expand("{{ date \"02.01.2006 15:04\" (index .Alerts 0).StartsAt }}", d))
        .isEqualTo("22.11.2026 06:00");
    assertThat(t.expand("{{ (index .Alerts 0).StartsAt | tz \"Europe/Berlin\" }}", d))
        .isEqualTo("2026-11-22 07:00:00.5 +0100 CET");
    assertThat(
            t.expand(
                "{{ ((index .Alerts 0).StartsAt | tz \"America/New_York\").Format \"15:04 -0700 MST\" }}",
                d))
        .isEqualTo("01:00 -0500 EST");
    assertThat(
            t.expand(
                "{{ trimSpace \"  x \" }}|{{ urlUnescape \"a%20b\" }}|{{ humanizeDuration 3600 }}"
                    + "|{{ safeUrl \"http://x\" }}",
                d))
        .isEqualTo("x|a b|1h 0m 0s|http://x");
    assertThat(t.expand("{{ toJson .GroupLabels }}", d)).isEqualTo("{\"alertname\":\"HostDown\"}");
    assertThatThrownBy(() -> t.expand("{{ tz \"Mars/Base\" (index .Alerts 0).StartsAt }}", d))
        .hasMessageContaining("unknown time zone Mars/Base");
  }

  @Test
  void userFilesOverrideDefaultsAndBadFilesAreConfigErrors(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("a.tmpl");
    Files.writeString(f, "{{ define \"email.default.subject\" }}custom {{ .Receiver }}{{ end }}");
    NotificationTemplates t = NotificationTemplates.load(List.of(f));
    TemplateData d = TemplateData.of(TemplateFixtures.hostDown());
    assertThat(t.expand("{{ template \"email.default.subject\" . }}", d))
        .isEqualTo("custom team-infra");
    Path bad = dir.resolve("bad.tmpl");
    Files.writeString(bad, "{{ define \"x\" }}{{ if }}{{ end }}");
    assertThatThrownBy(() -> NotificationTemplates.load(List.of(bad)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.tmpl")
        .hasMessageContaining("missing value for if");
    assertThatThrownBy(() -> t.expand("{{ template \"nope\" . }}", d))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("no such template \"nope\"")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
  }

  @Test
  void recursionEndsWithAnError() {
    NotificationTemplates t = NotificationTemplates.defaults();
    TemplateData d = TemplateData.of(TemplateFixtures.hostDown());
    assertThatThrownBy(
            () ->
                t.expand(
                    "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}" + "{{ template \"r\" . }}",
                    d))
        .hasMessageContaining("exceeded maximum template depth");
  }

  /** Alertmanager's template data as JSON, the input of {@code amtool template render}. */
  static String json(Notification n) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("receiver", n.receiver());
    root.put("status", n.status());
    ArrayNode alerts = root.putArray("alerts");
    for (Notification.Member a : n.alerts()) {
      ObjectNode o = alerts.addObject();
      o.put("status", a.status());
      o.set("labels", m.valueToTree(a.alert().labels().toMap()));
      o.set("annotations", m.valueToTree(a.alert().annotations().toMap()));
      o.put("startsAt", a.alert().startsAt().toString());
      o.put("endsAt", a.alert().endsAt().toString());
      o.put("generatorURL", a.alert().generatorUrl());
      o.put("fingerprint", a.fingerprint());
    }
    root.set("groupLabels", m.valueToTree(n.groupLabels().toMap()));
    root.set("commonLabels", m.valueToTree(n.commonLabels().toMap()));
    root.set("commonAnnotations", m.valueToTree(n.commonAnnotations().toMap()));
    root.put("externalURL", n.externalUrl());
    return m.writeValueAsString(root);
  }

  /** amtool from Debian's prometheus-alertmanager; skipped (failed on CI) when absent. */
  static Path amtool() {
    Path p = Path.of("/usr/bin/amtool");
    if (!Files.isExecutable(p)) {
      String msg = "amtool not found: install the Debian package prometheus-alertmanager";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(msg + " (.ci/run should have)");
      }
      assumeTrue(false, msg);
    }
    return p;
  }
}
