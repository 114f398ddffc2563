package dev.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.meta.MetaStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification log in a real SQLite metadata store. */
class NotificationLogTest {
  @Test
  void concurrentPutsAreWrittenTogetherAndSurviveAReopen(@TempDir Path dir) throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("meta.db");
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    int n = 200;
    try (MetaStore meta = MetaStore.open(url)) {
      NotificationLog log = new NotificationLog(meta, Duration.ofDays(1));
      log.put("first", new NotificationLog.Entry(Set.of("f0"), Set.of(), at));
      assertThat(log.transactions()).isEqualTo(1);
      // While one transaction runs (here: the lock held), the puts queue up; the next writer
      // takes them all, and every put returns only once its entry is written.
      List<Thread> putters = new ArrayList<>();
      log.writeLock().lock();
      try {
        for (int i = 0; i < n; i++) {
          int k = i;
          putters.add(
              Thread.ofVirtual()
                  .start(
                      () ->
                          log.put(
                              "g" + k,
                              new NotificationLog.Entry(
                                  Set.of("a" + k, "b" + k), Set.of("r"), at))));
        }
        while (log.queued() < n + 1) {
          Thread.sleep(5);
        }
        assertThat(putters).allMatch(Thread::isAlive);
      } finally {
        log.writeLock().unlock();
      }
      for (Thread t : putters) {
        t.join();
      }
      assertThat(log.transactions()).isEqualTo(2);
    }
    try (MetaStore meta = MetaStore.open(url)) {
      NotificationLog again = new NotificationLog(meta, Duration.ofDays(1));
      assertThat(again.size()).isEqualTo(n + 1);
      assertThat(again.get("g7"))
          .isEqualTo(new NotificationLog.Entry(Set.of("a7", "b7"), Set.of("r"), at));
      assertThat(again.get("first").firing()).containsExactly("f0");
    }
  }
}
