package dev.vigil.alerting.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alert templates expanded as Prometheus expands them. The expected texts are what Prometheus 2.42
 * produces for the same template and data (TemplatesAgainstPrometheusIT in the server module runs a
 * set of these through a real Prometheus and Vigil side by side).
 */
class ExpanderTest {
  private static final Map<String, String> LABELS =
      Map.of("instance", "web-1:9100", "job", "node", "severity", "page");
  private static final Map<String, String> EXTERNAL = Map.of("region", "eu-1");

  private record Row(String template, double value, String expected) {}

  private static final List<Row> ROWS =
      List.of(
          new Row("plain text", 1, "plain text"),
          new Row("{{ $labels.instance }} is down", 1, "web-1:9100 is down"),
          new Row("{{ .Labels.job }}/{{ $labels.missing }}/", 1, "node//"),
          new Row("{{ $externalLabels.region }}", 1, "eu-1"),
          new Row("{{ $value }}", 1234567, "1.234567e+06"),
          new Row("{{ $value }}", 123456, "123456"),
          new Row("{{ $value }}", 0.00001, "1e-05"),
          new Row("{{ $value }}", 0.5, "0.5"),
          new Row("{{ $value | humanize }}", 1234567, "1.235M"),
          new Row("{{ humanize $value }}", 0.12, "120m"),
          new Row("{{ humanize $value }}", 0, "0"),
          new Row("{{ humanize $value }}", 1, "1"),
          new Row("{{ humanize1024 $value }}", 1048576, "1Mi"),
          new Row("{{ humanize1024 $value }}", 0.12, "0.12"),
          new Row("{{ humanize1024 $value }}", 1536, "1.5ki"),
          new Row("{{ humanizeDuration $value }}", 0, "0s"),
          new Row("{{ humanizeDuration $value }}", 60, "1m 0s"),
          new Row("{{ humanizeDuration $value }}", 90061, "1d 1h 1m 1s"),
          new Row(
              "{{ humanizeDuration $value }}",
              -(86400 * 2 + 3600 * 3 + 60 * 4 + 5),
              "-2d 3h 4m 5s"),
          new Row("{{ humanizeDuration $value }}", 899.99, "14m 59s"),
          new Row("{{ humanizeDuration $value }}", 0.1, "100ms"),
          new Row("{{ humanizeDuration $value }}", 0.0001, "100us"),
          new Row("{{ humanizeDuration $value }}", 0.12345, "123.5ms"),
          new Row("{{ humanizeDuration $value }}", 1.2345, "1.234s"),
          new Row("{{ humanizeDuration $value }}", 12.345, "12.35s"),
          new Row("{{ humanizePercentage $value }}", 0.1234567, "12.35%"),
          new Row("{{ humanizePercentage $value }}", 1, "100%"),
          new Row(
              "{{ humanizeTimestamp $value }}",
              1435065584.128,
              "2015-06-23 13:19:44.128 +0000 UTC"),
          new Row("{{ humanizeTimestamp $value }}", 0, "1970-01-01 00:00:00 +0000 UTC"),
          new Row(
              "{{ \"1435065584.128\" | humanizeTimestamp }}",
              0,
              "2015-06-23 13:19:44.128 +0000 UTC"),
          new Row("{{ humanize \"1234\" }}", 0, "1.234k"),
          new Row("{{ printf \"%.2f\" $value }}", 3.14159, "3.14"),
          new Row("{{ printf \"%s=%d\" \"n\" 42 }}", 0, "n=42"),
          new Row("{{ printf \"%v %q\" $value $labels.job }}", 2.5, "2.5 \"node\""),
          new Row("{{ printf \"%5.1f|%-4s|\" $value \"ab\" }}", 2.25, "  2.2|ab  |"),
          new Row("{{ printf \"%d\" $value }}", 2, "%!d(float64=2)"),
          new Row("{{ toUpper \"aa bb CC\" }}", 0, "AA BB CC"),
          new Row("{{ toLower \"aa bb CC\" }}", 0, "aa bb cc"),
          new Row("{{ title \"aa bb-cc dd_ee\" }}", 0, "Aa Bb-Cc Dd_ee"),
          new Row("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab ab\" }}", 0, "xa xa"),
          new Row("{{ reReplaceAll \":[0-9]+$\" \"\" $labels.instance }}", 0, "web-1"),
          new Row("{{ reReplaceAll \"(?P<h>[a-z]+)-(\\\\d)\" \"${h}_$2\" \"web-1\" }}", 0, "web_1"),
          new Row("{{ match \"^web\" $labels.instance }}", 0, "true"),
          new Row("{{ match \"^db\" $labels.instance }}", 0, "false"),
          new Row(
              "{{ if gt $value 80.0 }}high{{ else if gt $value 50.0 }}mid{{ else }}low{{ end }}",
              60,
              "mid"),
          new Row(
              "{{ if and (eq $labels.job \"node\") (ne $labels.severity \"info\") }}y{{ end }}",
              0,
              "y"),
          new Row("{{ if or (eq $labels.job \"x\") (not true) }}y{{ else }}n{{ end }}", 0, "n"),
          new Row("{{ if eq $labels.job \"a\" \"b\" \"node\" }}in{{ end }}", 0, "in"),
          new Row(
              "{{ if lt 1 2 }}lt{{ end }}{{ if le 2 2 }}le{{ end }}{{ if ge \"b\" \"a\" }}ge{{ end }}",
              0,
              "ltlege"),
          new Row("{{ len $labels }} {{ len \"héllo\" }}", 0, "3 6"),
          new Row("{{ index $labels \"job\" }}", 0, "node"),
          new Row(
              "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}",
              0,
              "instance=web-1:9100;job=node;severity=page;"),
          new Row("{{ range $labels }}{{ . }},{{ end }}", 0, "web-1:9100,node,page,"),
          new Row(
              "{{ with $labels.job }}job {{ . }}{{ end }}{{ with $labels.none }}x{{ else }} none{{ end }}",
              0,
              "job node none"),
          new Row("a  {{- \" b \" -}}  c", 0, "a b c"),
          new Row("a\n  {{- /* comment */ -}}\n  b", 0, "ab"),
          new Row("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", 0, "2"),
          new Row(
              "{{ range $i, $e := $labels }}{{ if eq $i \"job\" }}{{ break }}{{ end }}{{ $e }} {{ end }}",
              0,
              "web-1:9100 "),
          new Row("{{ `raw {{` }} {{ 'a' }} {{ 1.5 }} {{ 0x10 }}", 0, "raw {{ 97 1.5 16"),
          new Row("{{ print 1 2 \"a\" \"b\" 3 }}", 0, "1 2ab3"),
          new Row("{{ $labels.job | printf \"%s!\" }}", 0, "node!"),
          new Row("{{ html \"<a href='x'>\" }}", 0, "&lt;a href=&#39;x&#39;&gt;"),
          new Row("{{ stripPort $labels.instance }}", 0, "web-1"),
          new Row("{{ $externalURL }}", 0, "http://vigil:7070"),
          new Row("{{ \"300ms\" | parseDuration }}", 0, "0.3"));

  @Test
  void rowsExpandAsPrometheusDoes() {
    Expander ex = new Expander(null, "http://vigil:7070");
    for (Row r : ROWS) {
      assertThat(ex.expand("Test", r.template(), LABELS, EXTERNAL, r.value()))
          .as(r.template() + " with $value=" + r.value())
          .isEqualTo(r.expected());
    }
  }

  @Test
  void queryFirstValueLabel() {
    Expander ex =
        new Expander(
            q ->
                q.equals("up")
                    ? List.of(
                        new Expander.QuerySample(Map.of("instance", "b"), 0),
                        new Expander.QuerySample(Map.of("instance", "a"), 1))
                    : List.of(),
            "");
    assertThat(ex.expand("T", "{{ query \"up\" | first | value }}", LABELS, EXTERNAL, 0))
        .isEqualTo("0");
    assertThat(
            ex.expand(
                "T",
                "{{ with query \"up\" }}{{ . | first | label \"instance\" }}{{ end }}",
                LABELS,
                EXTERNAL,
                0))
        .isEqualTo("b");
    assertThat(
            ex.expand(
                "T",
                "{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}={{ .Value }} {{ end }}",
                LABELS,
                EXTERNAL,
                0))
        .isEqualTo("a=1 b=0 ");
    assertThat(ex.expand("T", "{{ query \"none\" | first | value }}", LABELS, EXTERNAL, 0))
        .startsWith(
            "<error expanding template: error executing template __alert_T: template: __alert_T:1:")
        .contains("first() called on vector with no elements");
  }

  @Test
  void parseErrorsHaveGosMessages() {
    String[][] bad = {
      {"{{ $labels.x ", "template: __alert_A:1: unclosed action"},
      {"{{ .Foo }", "template: __alert_A:1: unexpected \"}\" in operand"},
      {"{{ $label.instance }}", "template: __alert_A:1: undefined variable \"$label\""},
      {"{{ $value | xxx }}", "template: __alert_A:1: function \"xxx\" not defined"},
      {"{{ if true }}x", "template: __alert_A:1: unexpected EOF"},
      {"{{ end }}", "template: __alert_A:1: unexpected {{end}}"},
      {"{{ }}", "template: __alert_A:1: missing value for command"},
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> Expander.check("A", b[0])).as(b[0]).hasMessage(b[1]);
    }
  }

  @Test
  void goFloatFormatting() {
    Object[][] rows = {
      {1e21, "1e+21"},
      {100.0, "100"},
      {-0.0001, "-0.0001"},
      {1.0 / 3, "0.3333333333333333"},
      {Double.NaN, "NaN"},
      {Double.NEGATIVE_INFINITY, "-Inf"},
    };
    for (Object[] r : rows) {
      assertThat(GoFormat.shortest((double) r[0])).isEqualTo(r[1]);
    }
    assertThat(GoFormat.g(12345, 4)).isEqualTo("1.234e+04");
    assertThat(GoFormat.g(1.5, 4)).isEqualTo("1.5");
    assertThat(GoFormat.g(0.000012345, 4)).isEqualTo("1.234e-05");
  }
}
