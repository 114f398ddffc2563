package dev.vigil.alerting.dispatch;

import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was last sent to each integration of each receiver for each alert group (Alertmanager's
 * nflog): the fingerprints of the firing and resolved alerts and when. The dispatcher asks it
 * before every send, so an unchanged group is not notified again before {@code repeat_interval},
 * and writes it after every successful send.
 *
 * <p>Kept in memory and written through to the metadata store (table {@code notification_log},
 * migration 200), so a restart neither repeats nor forgets notifications. Entries older than the
 * retention are dropped at start-up. Thread-safe.
 */
public final class NotificationLog {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);

  /** The schema this log needs in the metadata store (versions 200–219 are the dispatcher's). */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              200,
              "notification log: last notification per alert group, receiver and integration",
              """
              CREATE TABLE notification_log (
                entry_key TEXT PRIMARY KEY,
                firing TEXT NOT NULL,
                resolved TEXT NOT NULL,
                sent_at_ms INTEGER NOT NULL
              );
              """));

  /** One logged notification. */
  public record Entry(Set<String> firing, Set<String> resolved, Instant at) {
    public Entry {
      firing = Set.copyOf(firing);
      resolved = Set.copyOf(resolved);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final MetaStore store;
  private final Map<String, Entry> pending = new LinkedHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicLong transactions = new AtomicLong();
  private long queued; // guarded by pending
  private long written; // guarded by writeLock

  /** A log kept only in memory. */
  public NotificationLog() {
    this.store = null;
  }

  /**
   * A log persisted in {@code store} (migrated here), loading the entries younger than {@code
   * retention}.
   */
  public NotificationLog(MetaStore store, Duration retention) throws SQLException {
    this.store = store;
    store.migrate(MIGRATIONS);
    long cutoff = Instant.now().minus(retention).toEpochMilli();
    store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM notification_log WHERE sent_at_ms < ?")) {
            del.setLong(1, cutoff);
            del.executeUpdate();
          }
          try (PreparedStatement q =
                  c.prepareStatement(
                      "SELECT entry_key, firing, resolved, sent_at_ms FROM notification_log");
              ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              entries.put(
                  rs.getString(1),
                  new Entry(
                      split(rs.getString(2)),
                      split(rs.getString(3)),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
          }
          return null;
        });
  }

  private static Set<String> split(String s) {
    return s.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(s.split(",")));
  }

  /** The last entry under {@code key}, or null. */
  public Entry get(String key) {
    return entries.get(key);
  }

  /**
   * Records a successful notification and returns once it is in the store. Writes are committed in
   * groups: while one transaction runs, the entries put meanwhile queue up and the next caller
   * writes them all in one transaction (a burst of 1 000 notifications is a handful of
   * transactions, not 1 000). A failed write to the store is logged, not thrown.
   */
  public void put(String key, Entry e) {
    entries.put(key, e);
    if (store == null) {
      return;
    }
    long ticket;
    synchronized (pending) {
      pending.put(key, e);
      ticket = ++queued;
    }
    writeLock.lock();
    try {
      if (written >= ticket) {
        return;
      }
      Map<String, Entry> batch;
      long upTo;
      synchronized (pending) {
        batch = new LinkedHashMap<>(pending);
        pending.clear();
        upTo = queued;
      }
      write(batch);
      written = upTo;
    } finally {
      writeLock.unlock();
    }
  }

  private void write(Map<String, Entry> batch) {
    try {
      store.inTransaction(
          c -> {
            try (PreparedStatement up =
                c.prepareStatement(
                    "INSERT INTO notification_log (entry_key, firing, resolved, sent_at_ms)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (entry_key) DO UPDATE SET"
                        + " firing = excluded.firing, resolved = excluded.resolved,"
                        + " sent_at_ms = excluded.sent_at_ms")) {
              for (Map.Entry<String, Entry> b : batch.entrySet()) {
                Entry e = b.getValue();
                up.setString(1, b.getKey());
                up.setString(2, String.join(",", new TreeSet<>(e.firing())));
                up.setString(3, String.join(",", new TreeSet<>(e.resolved())));
                up.setLong(4, e.at().toEpochMilli());
                up.addBatch();
              }
              up.executeBatch();
            }
            return null;
          });
      transactions.incrementAndGet();
    } catch (SQLException ex) {
      LOG.warn(
          "could not persist {} notification log entries ({}...): {}",
          batch.size(),
          batch.keySet().iterator().next(),
          ex.toString());
    }
  }

  /** How many transactions have written entries to the store (for tests of the batching). */
  long transactions() {
    return transactions.get();
  }

  /** How many puts have been queued for the store (for tests of the batching). */
  long queued() {
    synchronized (pending) {
      return queued;
    }
  }

  ReentrantLock writeLock() {
    return writeLock;
  }

  /** How many entries the log holds. */
  public int size() {
    return entries.size();
  }
}
