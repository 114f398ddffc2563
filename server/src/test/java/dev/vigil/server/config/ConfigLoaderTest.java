package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final Map<String, String> env = Map.of("PORT", "9191", "HOST", "127.0.0.1");
  private final ConfigLoader loader = new ConfigLoader(env::get);

  @Test
  void emptyAndCommentOnlyFilesGiveDefaults() throws Exception {
    for (String text : new String[] {"", "\n\n", "# nothing here\n", "---\n"}) {
      VigilConfig c = loader.parse("vigil.yml", text);
      assertThat(c).as(text).isEqualTo(VigilConfig.defaults());
    }
    VigilConfig d = VigilConfig.defaults();
    assertThat(d.server().listen()).isEqualTo(new ListenAddress("", 7070));
    assertThat(d.server().maxRequestSize().bytes()).isEqualTo(32L << 20);
    assertThat(d.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(d.storage().path()).isEqualTo("./data");
  }

  @Test
  void readsEveryKey() throws Exception {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            """
            global:
              scrape_interval: 30s
              scrape_timeout: 20s
              evaluation_interval: 1m
              external_labels:
                region: eu-1
            server:
              listen: ${HOST}:${PORT}
              max_request_size: 64MiB
              shutdown_timeout: 5s
            storage:
              path: /var/lib/vigil
            """);
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.global().externalLabels()).containsEntry("region", "eu-1");
    assertThat(c.server().listen()).isEqualTo(new ListenAddress("127.0.0.1", 9191));
    assertThat(c.server().maxRequestSize().bytes()).isEqualTo(64L << 20);
    assertThat(c.storage().path()).isEqualTo("/var/lib/vigil");
  }

  @Test
  void readsNotifierLimits() throws Exception {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            """
            notifier:
              history_retention: 7d
              flapping:
                max_changes: 0
              silences:
                max_silences: 50
                max_per_silence_bytes: 1024
                retention: 24h
            """);
    NotifierSettings n = c.notifier();
    assertThat(n.historyRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(n.flapping().maxChanges()).isZero();
    assertThat(n.flapping().window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(n.silences())
        .isEqualTo(new NotifierSettings.SilenceLimits(50, 1024, Duration.ofDays(1)));
    assertThat(VigilConfig.defaults().notifier().silences().maxSilences()).isEqualTo(10_000);
  }

  @Test
  void anUnsetScrapeTimeoutFollowsAShortInterval() throws Exception {
    VigilConfig c = loader.parse("vigil.yml", "global:\n  scrape_interval: 1s\n");
    assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void substitutesDefaultsAndEscapes() throws Exception {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            "storage:\n  path: ${DATA_DIR:-/tmp/vigil}/$$x\nserver:\n  listen: \":${PORT}\"\n");
    assertThat(c.storage().path()).isEqualTo("/tmp/vigil/$x");
    assertThat(c.server().listen().port()).isEqualTo(9191);
  }

  private record Bad(String yaml, List<String> expectedParts) {
    Bad(String yaml, String... parts) {
      this(yaml, List.of(parts));
    }
  }

  @Test
  void rejectsBadFilesNamingLineColumnAndKey() {
    Bad[] rows = {
      new Bad(
          "global:\n  scrape_intervall: 15s\n",
          "vigil.yml:2:3:",
          "unknown key \"scrape_intervall\" in global",
          "scrape_interval"),
      new Bad(
          "serverr:\n  listen: :1\n", "vigil.yml:1:1:", "unknown key \"serverr\" at the top level"),
      new Bad(
          "global:\n  scrape_interval: 15x\n", "vigil.yml:2:20:", "global.scrape_interval", "15x"),
      new Bad(
          "server:\n  listen: 7070\n",
          "vigil.yml:2:11:",
          "server.listen",
          "not a valid listen address"),
      new Bad(
          "server:\n  max_request_size: lots\n",
          "vigil.yml:2:21:",
          "server.max_request_size",
          "not a valid size"),
      new Bad("server:\n  listen: :${NOPE}\n", "vigil.yml:2:11:", "NOPE is not set"),
      new Bad("global: [1, 2]\n", "vigil.yml:1:9:", "wrong type for global"),
      new Bad(
          "global:\n  scrape_interval: 10s\n  scrape_timeout: 20s\n",
          "must not be greater than global.scrape_interval"),
      new Bad("global:\n  external_labels:\n    1abc: x\n", "bad label name \"1abc\""),
      new Bad(
          "storage:\n  path: a\nstorage:\n  path: b\n",
          "vigil.yml:3:",
          "Duplicate field 'storage'"),
      new Bad("server: {listen: \":1\"\n", "vigil.yml:", "invalid YAML"),
      new Bad("global:\n  scrape_interval: [\n", "vigil.yml:2:20:", "expected a duration"),
      new Bad("statsd:\n  listen: nowhere\n", "statsd.listen", "not a valid listen address"),
      new Bad(
          "otlp:\n  translation_strategy: NoTranslation\n",
          "otlp.translation_strategy",
          "UnderscoreEscapingWithSuffixes"),
      new Bad("server:\n  otlp_grpc_listen: \"4317\"\n", "server.otlp_grpc_listen"),
      new Bad(
          "notifier:\n  silences:\n    max_silences: 0\n",
          "vigil.yml:",
          "notifier.silences.max_silences must be at least 1, not 0"),
      new Bad(
          "notifier:\n  flapping:\n    max_changes: -1\n",
          "vigil.yml:",
          "notifier.flapping.max_changes must be 0 (off) or more"),
      new Bad("notifier:\n  history_retention: 0s\n", "notifier.history_retention"),
      new Bad(
          "notifier:\n  silences:\n    max_silence: 3\n",
          "vigil.yml:3:5:",
          "unknown key \"max_silence\""),
    };
    for (Bad row : rows) {
      assertThatThrownBy(() -> loader.parse("vigil.yml", row.yaml()))
          .as(row.yaml())
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e -> {
                for (String part : row.expectedParts()) {
                  assertThat(e.getMessage()).as(row.yaml()).contains(part);
                }
                assertThat(e.getMessage()).doesNotContain("dev.vigil").doesNotContain("Exception");
              });
    }
  }

  @Test
  void loadNamesMissingFiles(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> loader.load(missing)).hasMessageContaining("nope.yml: file not found");
    Path ok = dir.resolve("vigil.yml");
    Files.writeString(ok, "storage:\n  path: x\n");
    assertThat(loader.load(ok).storage().path()).isEqualTo("x");
  }

  @Test
  void byteSizesAndListenAddressesParse() {
    assertThat(ByteSize.parse("512").bytes()).isEqualTo(512);
    assertThat(ByteSize.parse("1KB").bytes()).isEqualTo(1000);
    assertThat(ByteSize.parse("1KiB").bytes()).isEqualTo(1024);
    assertThat(ByteSize.parse("2GiB").bytes()).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("32MiB").toString()).isEqualTo("32MiB");
    assertThatThrownBy(() -> ByteSize.parse("-1")).hasMessageContaining("not a valid size");
    assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
    assertThat(ListenAddress.parse(":80").bindHost()).isEqualTo("0.0.0.0");
    for (String bad : new String[] {"80", "a:b", "::1:80", ":70000", "x:-1"}) {
      assertThatThrownBy(() -> ListenAddress.parse(bad))
          .hasMessageContaining("not a valid listen address");
    }
  }

  @Test
  void theAlertmanagerSectionKeepsItsLinesAndEnvironment(@TempDir Path dir) throws Exception {
    String text =
        """
        global:
          scrape_interval: 30s
        alertmanager:
          global:
            resolve_timeout: 1m
          route:
            receiver: ops
            routes:
              - receiver: ${HOST}
          receivers:
            - name: ops
        """;
    VigilConfig c = loader.parse("vigil.yml", text);
    Path file = dir.resolve("vigil.yml");
    // The receiver name comes from the environment; the error points at line 9 of vigil.yml.
    assertThatThrownBy(() -> dev.vigil.server.VigilServer.notifierConfig(c, file, ""))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":9: alertmanager: undefined receiver \"127.0.0.1\" used in route");
    VigilConfig ok = loader.parse("vigil.yml", text.replace("${HOST}", "ops"));
    var n = dev.vigil.server.VigilServer.notifierConfig(ok, file, "");
    assertThat(n.resolveTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ConfigWriter.toYaml(ok)).contains("resolve_timeout: 1m");

    Files.writeString(dir.resolve("am.yml"), "route:\n  receiver: x\nreceivers:\n  - name: y\n");
    VigilConfig viaFile = loader.parse("vigil.yml", "alertmanager_config_file: am.yml\n");
    assertThatThrownBy(() -> dev.vigil.server.VigilServer.notifierConfig(viaFile, file, ""))
        .hasMessage(dir.resolve("am.yml") + ":2: undefined receiver \"x\" used in route");
    assertThat(dev.vigil.server.VigilServer.notifierConfig(VigilConfig.defaults(), file, ""))
        .isNull();
    assertThatThrownBy(
            () ->
                loader.parse(
                    "vigil.yml", "alertmanager_config_file: a.yml\nalertmanager: {route: {}}\n"))
        .hasMessageContaining("use one of them");
  }

  @Test
  void actionsAreReadWithLinesCheckedAgainstReceiversAndMaskedWhenShown(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("vigil.yml");
    String text =
        """
        actions:
          restart-web:
            type: exec
            command: [/bin/true, --graceful]
            rate_limit: {max: 3, per: 1h}
          scale:
            type: http
            url: https://user:pw@autoscaler.example/api/scale?token=abc
            headers: {Authorization: Bearer xyz}
        alertmanager:
          route: {receiver: fix}
          receivers:
            - name: fix
              action_configs: [{action: ACTION}]
        """;
    VigilConfig c = loader.parse("vigil.yml", text.replace("ACTION", "restart-web"));
    var specs = dev.vigil.server.VigilServer.actionSpecs(c, file);
    assertThat(specs.keySet()).containsExactly("restart-web", "scale");
    assertThat(specs.get("restart-web").command()).containsExactly("/bin/true", "--graceful");
    assertThat(specs.get("restart-web").rateMax()).isEqualTo(3);
    assertThat(dev.vigil.server.VigilServer.notifierConfig(c, file, "")).isNotNull();

    // A receiver may only name an action of the same file.
    VigilConfig unknown = loader.parse("vigil.yml", text.replace("ACTION", "reboot"));
    assertThatThrownBy(() -> dev.vigil.server.VigilServer.notifierConfig(unknown, file, ""))
        .hasMessage(
            file
                + ":14:25: alertmanager: action_configs: action \"reboot\" is not defined under"
                + " actions: in vigil.yml (defined: restart-web, scale)");

    VigilConfig badType =
        loader.parse("vigil.yml", text.replace("type: exec", "type: shell").replace("ACTION", "x"));
    assertThatThrownBy(() -> dev.vigil.server.VigilServer.actionSpecs(badType, file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":3:")
        .hasMessageContaining("actions: action restart-web: type must be exec or http");

    String shown = ConfigWriter.toYaml(c);
    assertThat(shown).doesNotContain("xyz").doesNotContain("pw@").doesNotContain("token=abc");
    assertThat(shown).contains("Authorization: <secret>").contains("/bin/true");
  }

  @Test
  void readsTheAgentsRemoteWriteEntryAndRefusesBadOnes() throws Exception {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            """
            remote_write:
              - url: http://vigil:7070/api/v1/write
                headers: {X-Scope-OrgID: a}
                basic_auth: {username: agent, password: pw}
                queue_config: {min_backoff: 50ms, max_backoff: 2s, path: q, max_size: 64MiB}
            """);
    RemoteWriteConfig rw = c.remoteWrite().get(0);
    assertThat(rw.queueConfig().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(rw.requestHeaders())
        .containsEntry("X-Scope-OrgID", "a")
        .containsEntry("Authorization", "Basic YWdlbnQ6cHc=");
    assertThat(ConfigWriter.toYaml(c)).doesNotContain("pw").contains("X-Scope-OrgID: <secret>");
    for (String[] bad :
        new String[][] {
          {"remote_write: [{url: 'ftp://x/'}]", "remote_write.url"},
          {"remote_write: [{headers: {a: b}}]", "remote_write.url is required"},
          {"remote_write: [{url: 'http://a/', queue_config: {max_size: lots}}]", "max_size"},
          {
            "remote_write: [{url: 'http://a/', queue_config: {min_backoff: 5s, max_backoff: 1s}}]",
            "max_backoff must be at least min_backoff"
          },
          {"remote_write: [{url: 'http://a/'}, {url: 'http://b/'}]", "one receiver"},
        }) {
      assertThatThrownBy(() -> loader.parse("vigil.yml", bad[0]))
          .as(bad[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad[1]);
    }
  }
}
