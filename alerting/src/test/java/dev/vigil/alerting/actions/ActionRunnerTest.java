package dev.vigil.alerting.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.Alert;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.receivers.Loopback;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec and HTTP actions: real processes, limits, dry run, and the audit in SQLite. */
class ActionRunnerTest {
  @TempDir Path dir;
  private MetaStore meta;
  private ActionAudit audit;

  @BeforeEach
  void open() throws Exception {
    meta = MetaStore.open("jdbc:sqlite:" + dir.resolve("meta.db"));
    meta.migrate(ActionAudit.MIGRATIONS);
    audit = new ActionAudit(meta);
  }

  @AfterEach
  void close() throws Exception {
    meta.close();
  }

  private static Notification notification() {
    Labels labels = Labels.of("alertname", "DiskFull", "instance", "db-1", "severity", "page");
    Alert a =
        new Alert(
            labels,
            Labels.of("summary", "disk full"),
            Instant.parse("2026-11-22T06:00:00Z"),
            Instant.parse("2026-11-22T07:00:00Z"),
            "");
    return new Notification(
        "auto-fix",
        "{}:{alertname=\"DiskFull\"}",
        Labels.of("alertname", "DiskFull"),
        List.of(new Notification.Member(a, AlertStore.fingerprint(labels), true)),
        "http://vigil:7070",
        0,
        Instant.parse("2026-11-22T06:05:00Z"));
  }

  private ActionRunner runner(String yaml) throws Exception {
    return new ActionRunner(ActionSpec.parseAll(YamlTree.read(yaml)), audit, Instant::now);
  }

  @Test
  void execGetsTheAlertOnStdinAndInTheEnvironment() throws Exception {
    ActionRunner r =
        runner(
            """
            clean:
              type: exec
              command: [/bin/sh, -c, 'cat; echo; echo "sev=$VIGIL_LABEL_SEVERITY st=$VIGIL_STATUS n=$VIGIL_ALERTS"']
            """);
    ActionRun run = r.run("clean", notification());
    assertThat(run.result()).isEqualTo("ok");
    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .contains("\"receiver\":\"auto-fix\"", "\"alertname\":\"DiskFull\"", "\"version\":\"4\"")
        .contains("sev=page st=firing n=1");
    List<ActionRun> stored = audit.list("clean", null, 10);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0)).isEqualTo(run);
  }

  @Test
  void failuresAndTimeoutsAreRecordedAndNotRetryable() throws Exception {
    ActionRunner r =
        runner(
            """
            broken: {type: exec, command: [/bin/sh, -c, 'echo oops >&2; exit 3']}
            slow: {type: exec, command: [/bin/sh, -c, 'sleep 20'], timeout: 300ms}
            missing: {type: exec, command: [/nonexistent/fix]}
            chatty: {type: exec, command: [/bin/sh, -c, 'head -c 100000 /dev/zero | tr "\\\\0" x'], max_output: 100}
            """);
    assertThatThrownBy(() -> r.run("broken", notification()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("exit code 3")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
    ActionRun broken = audit.list("broken", null, 1).get(0);
    assertThat(broken.result()).isEqualTo("failed");
    assertThat(broken.exitCode()).isEqualTo(3);
    assertThat(broken.output()).isEqualTo("oops\n");

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> r.run("slow", notification()))
        .hasMessageContaining("timeout")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
    assertThat(audit.list("slow", "timeout", 5)).hasSize(1);

    assertThatThrownBy(() -> r.run("missing", notification())).hasMessageContaining("cannot start");
    ActionRun chatty = r.run("chatty", notification());
    assertThat(chatty.output())
        .startsWith("x".repeat(100))
        .endsWith("[output truncated: 100000 bytes, 100 kept]");
  }

  @Test
  void rateLimitConcurrencyLimitAndDryRunRunNothing() throws Exception {
    Path marker = dir.resolve("ran");
    ActionRunner r =
        runner(
            """
            limited:
              type: exec
              command: [/bin/sh, -c, 'echo x >> %s']
              rate_limit: {max: 2, per: 1h}
            single:
              type: exec
              command: [/bin/sh, -c, 'sleep 2']
            dry:
              type: exec
              command: [/bin/sh, -c, 'echo dry >> %s']
              dry_run: true
            """
                .replace("%s", marker.toString()));
    for (int i = 0; i < 4; i++) {
      r.run("limited", notification());
    }
    assertThat(Files.readAllLines(marker)).hasSize(2);
    assertThat(audit.list("limited", "rate_limited", 10)).hasSize(2);

    List<CompletableFuture<String>> both = List.of(runAsync(r, "single"), runAsync(r, "single"));
    assertThat(both.stream().map(CompletableFuture::join).sorted().toList())
        .containsExactly("concurrency_limited", "ok");
    assertThat(audit.list("single", "concurrency_limited", 10)).isNotEmpty();

    ActionRun dry = r.run("dry", notification());
    assertThat(dry.result()).isEqualTo("dry_run");
    assertThat(dry.detail()).startsWith("would run: /bin/sh -c echo dry");
    assertThat(Files.readAllLines(marker)).hasSize(2);
  }

  private static CompletableFuture<String> runAsync(ActionRunner r, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return r.run(name, notification()).result();
          } catch (NotifyException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
  }

  @Test
  void httpActionPostsTheAlertJson() throws Exception {
    try (Loopback http = new Loopback()) {
      ActionRunner r =
          runner(
              """
              scale: {type: http, url: '%s/scale', headers: {X-Token: t}}
              templated: {type: http, url: '%s/t', method: PUT, body: 'svc={{ .CommonLabels.instance }}'}
              """
                  .replace("%s", http.url()));
      http.reply(200, "scaled");
      ActionRun run = r.run("scale", notification());
      assertThat(run.result()).isEqualTo("ok");
      assertThat(run.httpStatus()).isEqualTo(200);
      assertThat(run.output()).isEqualTo("scaled");
      assertThat(http.last().header("X-Token")).isEqualTo("t");
      assertThat(http.last().json().get("groupKey").asText())
          .isEqualTo("{}:{alertname=\"DiskFull\"}");
      http.reply(500, "down");
      assertThatThrownBy(() -> r.run("templated", notification()))
          .hasMessageContaining("HTTP 500")
          .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
      assertThat(http.last().method()).isEqualTo("PUT");
      assertThat(http.last().body()).isEqualTo("svc=db-1");
    }
  }

  @Test
  void receiversCanOnlyNameConfiguredActions() throws Exception {
    ActionRunner.install(runner("restart: {type: exec, command: [/bin/true]}"));
    NotifierContext ctx =
        new NotifierContext() {
          @Override
          public String externalUrl() {
            return "";
          }

          @Override
          public List<Path> templateFiles() {
            return List.of();
          }
        };
    YamlTree.MapNode global = new YamlTree.MapNode(1, 1, Map.of());
    ActionNotifier.Factory f = new ActionNotifier.Factory();
    assertThat(
            f.create((YamlTree.MapNode) YamlTree.read("action: restart"), global, ctx)
                .integration())
        .isEqualTo("action");
    assertThatThrownBy(
            () -> f.create((YamlTree.MapNode) YamlTree.read("action: rm-rf"), global, ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"rm-rf\" is not defined under actions:")
        .hasMessageContaining("defined: restart");
    ActionRunner.install(new ActionRunner(Map.of(), null, Instant::now));
  }

  @Test
  void badActionConfigIsRejectedWithItsLine() {
    record Row(String yaml, String message) {}
    for (Row row :
        List.of(
            new Row("a: {type: shell, command: [x]}", "type must be exec or http"),
            new Row("a: {type: exec}", "missing command"),
            new Row("a: {type: exec, command: x}", "must be a list"),
            new Row("a: {type: exec, command: [x], url: y}", "unknown field \"url\""),
            new Row("a: {type: http, url: 'ftp://x'}", "url must be http(s)"),
            new Row("a: {type: exec, command: [x], timeout: 0s}", "must be positive"),
            new Row("'a b': {type: exec, command: [x]}", "must match"))) {
      assertThatThrownBy(() -> ActionSpec.parseAll(YamlTree.read(row.yaml())))
          .as(row.yaml())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("line 1")
          .hasMessageContaining(row.message());
    }
  }
}
