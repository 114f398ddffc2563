package dev.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerting.Alert;
import dev.vigil.alerting.config.NotifierConfig;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Integrations;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.core.SuppressForbidden;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher against a real HTTP webhook receiver. */
@SuppressForbidden(reason = "the JDK's own HTTP server (jdk.httpserver) is the webhook receiver")
class DispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer server;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonNode> escalated = new LinkedBlockingQueue<>();
  private final AtomicInteger failing = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void receiver() throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/ok",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            received.add(JSON.readTree(in));
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.createContext(
        "/boss",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            escalated.add(JSON.readTree(in));
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.createContext(
        "/fail",
        ex -> {
          failing.incrementAndGet();
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    server.createContext(
        "/hang",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private NotifierConfig config() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String yaml =
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 300ms
          group_interval: 2s
          repeat_interval: 1h
          routes:
            - receiver: hang
              continue: true
            - receiver: fail
              continue: true
            - receiver: hook
        receivers:
          - name: hook
            webhook_configs: [{url: BASE/ok}]
          - name: hang
            webhook_configs: [{url: BASE/hang}]
          - name: fail
            webhook_configs: [{url: BASE/fail}]
        """
            .replace("BASE", base);
    return NotifierConfig.parse(
        YamlTree.read(yaml), Integrations.byKey(), "http://vigil:7070", Path.of("."));
  }

  private static Alert alert(String name, String instance, Instant start, Instant end) {
    return new Alert(
        Labels.of("alertname", name, "instance", instance),
        Labels.of("summary", "down"),
        start,
        end,
        "http://vigil/graph");
  }

  @Test
  void groupsWaitsNotifiesResolvesAndNeverRepeatsAcrossRestarts(@TempDir Path dir)
      throws Exception {
    AlertStore store = new AlertStore(Duration.ofHours(1));
    MetaStore meta = MetaStore.open("jdbc:sqlite:" + dir.resolve("meta.db"));
    NotificationLog log = new NotificationLog(meta, Duration.ofDays(5));
    Dispatcher d = new Dispatcher(store, List.of(), log, new DispatchMetrics());
    d.apply(config());
    Instant now = Instant.now();
    Instant later = now.plusSeconds(300);
    long t0 = System.nanoTime();
    store.send(List.of(alert("Down", "a", now, later)));
    store.send(List.of(alert("Down", "b", now, later), alert("Other", "c", now, later)));

    JsonNode first = received.poll(5, TimeUnit.SECONDS);
    long waitedMs = (System.nanoTime() - t0) / 1_000_000;
    JsonNode second = received.poll(5, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    // group_wait held the first notification back; the hanging and failing receivers did not.
    assertThat(waitedMs).isBetween(250L, 2500L);
    JsonNode down =
        first.get("groupLabels").get("alertname").asText().equals("Down") ? first : second;
    assertThat(down.get("version").asText()).isEqualTo("4");
    assertThat(down.get("receiver").asText()).isEqualTo("hook");
    assertThat(down.get("status").asText()).isEqualTo("firing");
    assertThat(down.get("groupKey").asText()).isEqualTo("{}/{}:{alertname=\"Down\"}");
    assertThat(down.get("alerts")).hasSize(2);
    assertThat(down.get("commonLabels").toString()).isEqualTo("{\"alertname\":\"Down\"}");
    assertThat(down.get("commonAnnotations").get("summary").asText()).isEqualTo("down");
    assertThat(down.get("externalURL").asText()).isEqualTo("http://vigil:7070");
    assertThat(down.get("truncatedAlerts").asInt()).isZero();
    JsonNode a = down.get("alerts").get(0);
    assertThat(a.get("fingerprint").asText())
        .isEqualTo(AlertStore.fingerprint(Labels.of("alertname", "Down", "instance", "a")));
    assertThat(a.get("generatorURL").asText()).isEqualTo("http://vigil/graph");
    List<String> keys = iterate(down);
    assertThat(keys)
        .containsExactly(
            "receiver",
            "status",
            "alerts",
            "groupLabels",
            "commonLabels",
            "commonAnnotations",
            "externalURL",
            "version",
            "groupKey",
            "truncatedAlerts");
    // The failing receiver is retried (5xx is retryable) within the group interval.
    for (int i = 0; i < 50 && failing.get() < 2; i++) {
      Thread.sleep(100);
    }
    assertThat(failing.get()).isGreaterThan(1);

    // Nothing changed: the next group_interval flushes send nothing.
    assertThat(received.poll(2500, TimeUnit.MILLISECONDS)).isNull();

    // Resolve one alert: the next flush tells the receiver.
    store.send(List.of(alert("Down", "a", now, Instant.now())));
    JsonNode resolved = received.poll(5, TimeUnit.SECONDS);
    assertThat(resolved).isNotNull();
    assertThat(resolved.get("status").asText()).isEqualTo("firing");
    assertThat(resolved.get("alerts").get(0).get("status").asText()).isEqualTo("firing");
    assertThat(resolved.get("alerts").get(1).get("status").asText()).isEqualTo("resolved");

    // Restart inside repeat_interval: a new dispatcher over the same log and re-sent alerts
    // (as Prometheus re-sends them) notifies nobody again.
    d.close();
    meta.close();
    MetaStore meta2 = MetaStore.open("jdbc:sqlite:" + dir.resolve("meta.db"));
    AlertStore store2 = new AlertStore(Duration.ofHours(1));
    Dispatcher d2 =
        new Dispatcher(
            store2,
            List.of(),
            new NotificationLog(meta2, Duration.ofDays(5)),
            new DispatchMetrics());
    d2.apply(config());
    store2.send(List.of(alert("Down", "b", now, later), alert("Other", "c", now, later)));
    assertThat(received.poll(2, TimeUnit.SECONDS)).isNull();
    // A new alert in a known group is news, and the old start time means no group_wait.
    store2.send(List.of(alert("Other", "d", now, later)));
    JsonNode news = received.poll(5, TimeUnit.SECONDS);
    assertThat(news).isNotNull();
    assertThat(news.get("alerts")).hasSize(2);
    d2.close();
    meta2.close();
  }

  private static List<String> iterate(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void needsUpdateFollowsAlertmanager() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Duration rep = Duration.ofHours(1);
    NotificationLog.Entry e =
        new NotificationLog.Entry(java.util.Set.of("a"), java.util.Set.of(), t);
    Object[][] rows = {
      {null, List.of("a"), List.of(), t, true},
      {null, List.of(), List.of("a"), t, false},
      {e, List.of("a"), List.of(), t.plusSeconds(60), false},
      {e, List.of("a", "b"), List.of(), t.plusSeconds(60), true},
      {e, List.of(), List.of("a"), t.plusSeconds(60), true},
      {e, List.of("a"), List.of(), t.plusSeconds(3600), true},
      {
        new NotificationLog.Entry(java.util.Set.of(), java.util.Set.of("a"), t),
        List.of(),
        List.of("a", "b"),
        t.plusSeconds(7200),
        false
      },
    };
    for (Object[] r : rows) {
      @SuppressWarnings("unchecked")
      boolean got =
          Dispatcher.needsUpdate(
              (NotificationLog.Entry) r[0],
              java.util.Set.copyOf((List<String>) r[1]),
              java.util.Set.copyOf((List<String>) r[2]),
              rep,
              (Instant) r[3]);
      assertThat(got).as("%s %s %s", r[0], r[1], r[2]).isEqualTo(r[4]);
    }
  }

  @Test
  void acknowledgementsHoldBackRepeatsOnly(@TempDir Path dir) throws Exception {
    java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.vigil.alerting.notify.Muter acks = acknowledging(acked);
    String yaml =
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 100ms
          group_interval: 300ms
          repeat_interval: 1s
        receivers:
          - name: hook
            webhook_configs: [{url: 'http://127.0.0.1:PORT/ok'}]
        """
            .replace("PORT", Integer.toString(server.getAddress().getPort()));
    AlertStore store = new AlertStore(Duration.ofHours(1));
    try (MetaStore meta = MetaStore.open("jdbc:sqlite:" + dir.resolve("meta.db"))) {
      Dispatcher d =
          new Dispatcher(
              store,
              List.of(acks),
              new NotificationLog(meta, Duration.ofDays(1)),
              new DispatchMetrics());
      d.apply(
          NotifierConfig.parse(
              YamlTree.read(yaml), Integrations.byKey(), "http://vigil", Path.of(".")));
      Instant now = Instant.now();
      Instant later = now.plusSeconds(300);
      // Acknowledged before its first notification: the first one still goes out.
      acked.add("a");
      store.send(List.of(alert("Down", "a", now, later)));
      assertThat(received.poll(5, TimeUnit.SECONDS)).as("first notification").isNotNull();
      assertThat(d.mutedBy(Labels.of("alertname", "Down", "instance", "a"), now)).isEmpty();
      // repeat_interval passes: the repeat is held.
      assertThat(received.poll(2500, TimeUnit.MILLISECONDS)).as("held repeat").isNull();
      // A new alert in the group is a change: notified, with the acknowledged alert in it.
      store.send(List.of(alert("Down", "b", now, later)));
      JsonNode changed = received.poll(5, TimeUnit.SECONDS);
      assertThat(changed).isNotNull();
      assertThat(changed.get("alerts")).hasSize(2);
      // Not every firing alert is acknowledged: the repeat goes out.
      assertThat(received.poll(5, TimeUnit.SECONDS)).as("repeat for b").isNotNull();
      // Both acknowledged: repeats stop; the acknowledgement of a ends: they resume.
      acked.add("b");
      received.poll(400, TimeUnit.MILLISECONDS); // a repeat already under way may land
      assertThat(received.poll(2500, TimeUnit.MILLISECONDS)).as("all acknowledged").isNull();
      acked.remove("a");
      assertThat(received.poll(5, TimeUnit.SECONDS)).as("ack ended").isNotNull();
      d.close();
    }
  }

  @Test
  void unacknowledgedGroupsEscalateToTheNextReceiverAfterTheirDelay(@TempDir Path dir)
      throws Exception {
    java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.vigil.alerting.notify.Muter acks = acknowledging(acked);
    String yaml =
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 100ms
          group_interval: 1h
          repeat_interval: 4h
          escalate:
            - {after: 1500ms, receiver: boss}
        receivers:
          - name: hook
            webhook_configs: [{url: 'http://127.0.0.1:PORT/ok'}]
          - name: boss
            webhook_configs: [{url: 'http://127.0.0.1:PORT/boss'}]
        """
            .replace("PORT", Integer.toString(server.getAddress().getPort()));
    AlertStore store = new AlertStore(Duration.ofHours(1));
    try (MetaStore meta = MetaStore.open("jdbc:sqlite:" + dir.resolve("meta.db"))) {
      Dispatcher d =
          new Dispatcher(
              store,
              List.of(acks),
              new NotificationLog(meta, Duration.ofDays(1)),
              new DispatchMetrics());
      d.apply(
          NotifierConfig.parse(
              YamlTree.read(yaml), Integrations.byKey(), "http://vigil", Path.of(".")));
      Instant now = Instant.now();
      Instant later = now.plusSeconds(300);
      acked.add("b");
      long t0 = System.nanoTime();
      // Down is not acknowledged; Other is (after its first notification, which is never held).
      store.send(List.of(alert("Down", "a", now, later), alert("Other", "b", now, later)));
      assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();
      JsonNode boss = escalated.poll(10, TimeUnit.SECONDS);
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(boss).as("escalated").isNotNull();
      // Not before the step's delay; and group_interval is an hour, so the escalation came on
      // its own schedule, not at a flush.
      assertThat(waitedMs).isBetween(1500L, 10_000L);
      assertThat(boss.get("receiver").asText()).isEqualTo("boss");
      assertThat(boss.get("groupLabels").get("alertname").asText()).isEqualTo("Down");
      assertThat(escalated.poll(2, TimeUnit.SECONDS)).as("Other is acknowledged").isNull();
      assertThat(received.poll(100, TimeUnit.MILLISECONDS)).as("no repeat to hook").isNull();
      d.close();
    }
  }

  /** A repeat-only muter, as acknowledgements are, holding the alerts of the given instances. */
  private static dev.vigil.alerting.notify.Muter acknowledging(java.util.Set<String> instances) {
    return new dev.vigil.alerting.notify.Muter() {
      @Override
      public List<String> mutedBy(Labels labels, Instant now) {
        return instances.contains(labels.get("instance")) ? List.of("ack") : List.of();
      }

      @Override
      public boolean repeatsOnly() {
        return true;
      }
    };
  }

  @Test
  void everyGroupIsNotifiedOncePerFlushAndEachAttemptCountedOnce() throws Exception {
    long seed = System.nanoTime();
    System.out.println("DispatcherTest seed " + seed);
    java.util.Random random = new java.util.Random(seed);
    String yaml =
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 500ms
          group_interval: 400ms
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs: [{url: 'http://127.0.0.1:PORT/ok'}]
        """
            .replace("PORT", Integer.toString(server.getAddress().getPort()));
    AlertStore store = new AlertStore(Duration.ofHours(1));
    DispatchMetrics metrics = new DispatchMetrics();
    Dispatcher d = new Dispatcher(store, List.of(), new NotificationLog(), metrics);
    d.apply(
        NotifierConfig.parse(
            YamlTree.read(yaml), Integrations.byKey(), "http://vigil", Path.of(".")));
    int groups = 60;
    int perGroup = 5;
    Instant now = Instant.now();
    Instant later = now.plusSeconds(300);
    List<Alert> all = new java.util.ArrayList<>();
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < perGroup; i++) {
        all.add(alert("A" + g, "i" + i, now, later));
      }
    }
    // Senders post the same alerts concurrently in random order and in small batches, twice over
    // (as several Prometheus servers would), all before group_wait ends.
    java.util.Collections.shuffle(all, random);
    List<Thread> senders = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      List<Alert> mine = new java.util.ArrayList<>(all);
      java.util.Collections.shuffle(mine, new java.util.Random(seed + t));
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int from = 0; from < mine.size(); from += 7) {
                      store.send(mine.subList(from, Math.min(mine.size(), from + 7)));
                    }
                  }));
    }
    for (Thread t : senders) {
      t.join();
    }
    java.util.Map<String, Integer> perKey = new java.util.HashMap<>();
    collect(perKey, groups, perGroup);
    assertThat(perKey).hasSize(groups).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
    // Later flushes find nothing new: no notification at all.
    assertThat(received.poll(1200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(metrics.notifications.labels("webhook").get()).isEqualTo(groups);
    assertThat(metrics.requests.labels("webhook").get()).isEqualTo(groups);
    assertThat(metrics.failed.labels("webhook").get()).isZero();

    // One more alert in ten groups: exactly one more notification for each of them.
    List<Alert> more = new java.util.ArrayList<>();
    for (int g = 0; g < 10; g++) {
      more.add(alert("A" + g, "i" + perGroup, now, later));
    }
    store.send(more);
    perKey.clear();
    collect(perKey, 10, perGroup + 1);
    assertThat(perKey).hasSize(10).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
    assertThat(received.poll(1200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(metrics.notifications.labels("webhook").get()).isEqualTo(groups + 10);
    assertThat(metrics.requests.labels("webhook").get()).isEqualTo(groups + 10);
    d.close();
  }

  /** Takes {@code n} notifications, counting them per group key; each must hold every alert. */
  private void collect(java.util.Map<String, Integer> perKey, int n, int alerts)
      throws InterruptedException {
    for (int i = 0; i < n; i++) {
      JsonNode note = received.poll(10, TimeUnit.SECONDS);
      assertThat(note).as("notification %d of %d", i + 1, n).isNotNull();
      assertThat(note.get("alerts")).as(note.get("groupKey").asText()).hasSize(alerts);
      perKey.merge(note.get("groupKey").asText(), 1, Integer::sum);
    }
  }
}
