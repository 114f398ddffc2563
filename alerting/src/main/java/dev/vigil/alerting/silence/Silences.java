package dev.vigil.alerting.silence;

import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The silences, held in memory and written through to the metadata store, so that they survive a
 * restart. Expired silences are kept for a retention (Alertmanager's {@code --data.retention},
 * 120h) after their end, then dropped.
 *
 * <p>As a {@link Muter} it answers the ids of the active silences whose matchers accept an alert.
 * Thread-safe: changes are serialized; {@link #mutedBy} reads an immutable snapshot and never waits
 * for the database.
 */
public final class Silences implements Muter {
  /** The schema; versions 220–239 belong to silences. */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              220,
              "silences and their matchers",
              """
              CREATE TABLE silences (
                id TEXT PRIMARY KEY,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                comment TEXT NOT NULL
              );
              CREATE TABLE silence_matchers (
                silence_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                op TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (silence_id, position)
              );
              CREATE INDEX silences_ends_at ON silences (ends_at)
              """));

  /** How long expired silences are kept by default, as Alertmanager's {@code --data.retention}. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(5);

  /** How many silences (expired ones included) may be kept by default. */
  public static final int DEFAULT_MAX_SILENCES = 10_000;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final MetaStore store;
  private final Duration retention;
  private final int maxSilences;
  private final int maxPerSilenceBytes;
  private final Supplier<Instant> clock;
  private final Map<String, Silence> byId = new LinkedHashMap<>();
  private volatile List<Silence> live = List.of();

  private Silences(
      MetaStore store,
      Duration retention,
      int maxSilences,
      int maxPerSilenceBytes,
      Supplier<Instant> clock) {
    this.store = store;
    this.retention = retention;
    this.maxSilences = maxSilences;
    this.maxPerSilenceBytes = maxPerSilenceBytes;
    this.clock = clock;
  }

  /**
   * Loads the silences kept in {@code store}, whose migrations must include {@link #MIGRATIONS}.
   *
   * @param retention how long an expired silence is kept after its end
   * @param maxSilences the most silences kept at once; creating one more is refused
   * @throws SQLException if the store cannot be read
   */
  public static Silences open(
      MetaStore store, Duration retention, int maxSilences, Supplier<Instant> clock)
      throws SQLException {
    return open(store, retention, maxSilences, 0, clock);
  }

  /**
   * {@link #open(MetaStore, Duration, int, Supplier)} with a size limit per silence.
   *
   * @param maxPerSilenceBytes the most bytes a silence's matchers, creator and comment may take
   *     together (UTF-8); 0 means no limit
   * @throws SQLException if the store cannot be read
   */
  public static Silences open(
      MetaStore store,
      Duration retention,
      int maxSilences,
      int maxPerSilenceBytes,
      Supplier<Instant> clock)
      throws SQLException {
    Silences s = new Silences(store, retention, maxSilences, maxPerSilenceBytes, clock);
    s.load();
    return s;
  }

  /** {@link #open} with Alertmanager's defaults and the system clock. */
  public static Silences open(MetaStore store) throws SQLException {
    return open(store, DEFAULT_RETENTION, DEFAULT_MAX_SILENCES, Instant::now);
  }

  private synchronized void load() throws SQLException {
    store.inTransaction(
        c -> {
          Map<String, List<Matcher>> matchers = new LinkedHashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT silence_id, name, op, value FROM silence_matchers"
                          + " ORDER BY silence_id, position");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              matchers
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(Matcher.of(type(rs.getString(3)), rs.getString(2), rs.getString(4)));
            }
          }
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id, starts_at, ends_at, updated_at, created_by, comment FROM silences"
                          + " ORDER BY updated_at, id");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              byId.put(
                  id,
                  new Silence(
                      id,
                      matchers.getOrDefault(id, List.of()),
                      Instant.ofEpochMilli(rs.getLong(2)),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      Instant.ofEpochMilli(rs.getLong(4)),
                      rs.getString(5),
                      rs.getString(6)));
            }
          }
          return null;
        });
    gc();
    refresh();
  }

  private static Matcher.Type type(String op) {
    for (Matcher.Type t : Matcher.Type.values()) {
      if (t.symbol().equals(op)) {
        return t;
      }
    }
    throw new IllegalStateException("unknown matcher operator in the metadata store: " + op);
  }

  /**
   * Builds matcher number {@code index} of a silence, checking it as Alertmanager does.
   *
   * @throws SilenceException naming the matcher and what is wrong with it
   */
  public static Matcher matcher(int index, Matcher.Type type, String name, String value)
      throws SilenceException {
    if (!LABEL_NAME.matcher(name).matches()) {
      throw SilenceException.invalid(
          "invalid label matcher " + index + ": invalid label name \"" + name + "\"");
    }
    try {
      return Matcher.of(type, name, value);
    } catch (IllegalArgumentException e) {
      throw SilenceException.invalid("invalid label matcher " + index + ": " + e.getMessage());
    }
  }

  /**
   * Creates or updates a silence and returns its id. {@code posted} with an empty id is new. With
   * the id of a known silence, the silence is changed in place when that rewrites no history: same
   * matchers, and for an active silence the same start and an end not in the past, for a pending
   * one a start not in the past. Otherwise the old silence is expired (unless it already is) and
   * the change becomes a new silence with a new id. A new silence never starts in the past.
   *
   * @throws SilenceException if the silence is invalid or its id unknown
   * @throws SQLException if it cannot be stored (nothing changed then)
   */
  public synchronized String set(Silence posted) throws SilenceException, SQLException {
    Instant now = now();
    Silence sil = truncated(posted);
    if (!sil.startsAt().isBefore(sil.endsAt())) {
      throw new SilenceException(
          "Failed to create silence: start time must be before end time", false);
    }
    if (sil.endsAt().isBefore(now)) {
      throw new SilenceException("Failed to create silence: end time can't be in the past", false);
    }
    validate(sil);
    int size = size(sil);
    if (maxPerSilenceBytes > 0 && size > maxPerSilenceBytes) {
      throw new SilenceException(
          "silence exceeded maximum size: "
              + size
              + " bytes (limit: "
              + maxPerSilenceBytes
              + " bytes, notifier.silences.max_per_silence_bytes)",
          false);
    }
    gc();
    Silence prev = null;
    if (!sil.id().isEmpty()) {
      prev = byId.get(sil.id());
      if (prev == null) {
        throw SilenceException.notFoundError();
      }
    }
    if (prev != null && canUpdate(prev, sil, now)) {
      Silence updated = sil.withTimes(sil.startsAt(), sil.endsAt(), now);
      write(List.of(updated));
      return updated.id();
    }
    if (byId.size() >= maxSilences) {
      throw new SilenceException(
          "exceeded maximum number of silences: "
              + byId.size()
              + " (limit: "
              + maxSilences
              + ", notifier.silences.max_silences)",
          false);
    }
    Instant start = sil.startsAt().isBefore(now) ? now : sil.startsAt();
    Silence created = sil.withId(UUID.randomUUID().toString()).withTimes(start, sil.endsAt(), now);
    List<Silence> changes = new ArrayList<>();
    if (prev != null && prev.state(now) != Silence.State.EXPIRED) {
      changes.add(expired(prev, now));
    }
    changes.add(created);
    write(changes);
    return created.id();
  }

  private static Silence truncated(Silence s) {
    return s.withTimes(
        s.startsAt().truncatedTo(ChronoUnit.MILLIS),
        s.endsAt().truncatedTo(ChronoUnit.MILLIS),
        s.updatedAt());
  }

  private static void validate(Silence s) throws SilenceException {
    if (s.matchers().isEmpty()) {
      throw SilenceException.invalid("at least one matcher required");
    }
    boolean allMatchEmpty = true;
    for (int i = 0; i < s.matchers().size(); i++) {
      Matcher m = s.matchers().get(i);
      matcher(i, m.type(), m.name(), m.value());
      allMatchEmpty &=
          switch (m.type()) {
            case EQUAL, REGEX -> m.matchesEmpty();
            case NOT_EQUAL, NOT_REGEX -> false;
          };
    }
    if (allMatchEmpty) {
      throw SilenceException.invalid("at least one matcher must not match the empty string");
    }
  }

  /** The UTF-8 bytes of a silence's matchers, creator and comment. */
  static int size(Silence s) {
    int n = utf8(s.createdBy()) + utf8(s.comment());
    for (Matcher m : s.matchers()) {
      n += utf8(m.name()) + utf8(m.value()) + 2;
    }
    return n;
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static boolean canUpdate(Silence a, Silence b, Instant now) {
    if (!a.matchers().equals(b.matchers())) {
      return false;
    }
    return switch (a.state(now)) {
      case ACTIVE ->
          a.startsAt().getEpochSecond() == b.startsAt().getEpochSecond()
              && !b.endsAt().isBefore(now);
      case PENDING -> !b.startsAt().isBefore(now);
      case EXPIRED -> false;
    };
  }

  private static Silence expired(Silence s, Instant now) {
    return switch (s.state(now)) {
      case ACTIVE -> s.withTimes(s.startsAt(), now, now);
      case PENDING -> s.withTimes(now, now, now);
      case EXPIRED -> s;
    };
  }

  /**
   * Ends a silence now (a pending one gets start and end now). Expiring an expired silence does
   * nothing.
   *
   * @throws SilenceException if there is no silence with {@code id}
   * @throws SQLException if the change cannot be stored
   */
  public synchronized void expire(String id) throws SilenceException, SQLException {
    Silence s = byId.get(id);
    if (s == null) {
      throw SilenceException.notFoundError();
    }
    Instant now = now();
    if (s.state(now) != Silence.State.EXPIRED) {
      write(List.of(expired(s, now)));
    }
  }

  /** The silence with {@code id}, if it is kept. */
  public synchronized Optional<Silence> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every silence kept (expired ones within the retention too), in no particular order. */
  public synchronized List<Silence> list() throws SQLException {
    gc();
    return List.copyOf(byId.values());
  }

  /** The ids of the active silences that mute {@code labels} at {@code now}, sorted. */
  @Override
  public List<String> mutedBy(Labels labels, Instant now) {
    List<String> ids = null;
    for (Silence s : live) {
      if (s.state(now) == Silence.State.ACTIVE && s.matches(labels)) {
        if (ids == null) {
          ids = new ArrayList<>(2);
        }
        ids.add(s.id());
      }
    }
    if (ids == null) {
      return List.of();
    }
    ids.sort(null);
    return ids;
  }

  /**
   * Drops the silences whose end is more than the retention ago.
   *
   * @return how many were dropped
   * @throws SQLException if the store cannot be changed
   */
  public synchronized int gc() throws SQLException {
    Instant cutoff = now().minus(retention);
    List<String> old = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (s.endsAt().isBefore(cutoff)) {
        old.add(s.id());
      }
    }
    if (old.isEmpty()) {
      return 0;
    }
    store.inTransaction(
        c -> {
          for (String id : old) {
            delete(c, id);
          }
          return null;
        });
    old.forEach(byId::remove);
    refresh();
    return old.size();
  }

  private Instant now() {
    return clock.get();
  }

  private void write(List<Silence> changes) throws SQLException {
    store.inTransaction(
        c -> {
          for (Silence s : changes) {
            delete(c, s.id());
            insert(c, s);
          }
          return null;
        });
    for (Silence s : changes) {
      byId.put(s.id(), s);
    }
    refresh();
  }

  private static void delete(Connection c, String id) throws SQLException {
    try (PreparedStatement m =
            c.prepareStatement("DELETE FROM silence_matchers WHERE silence_id = ?");
        PreparedStatement s = c.prepareStatement("DELETE FROM silences WHERE id = ?")) {
      m.setString(1, id);
      m.executeUpdate();
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static void insert(Connection c, Silence sil) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO silences (id, starts_at, ends_at, updated_at, created_by, comment)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement m =
            c.prepareStatement(
                "INSERT INTO silence_matchers (silence_id, position, name, op, value)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, sil.id());
      s.setLong(2, sil.startsAt().toEpochMilli());
      s.setLong(3, sil.endsAt().toEpochMilli());
      s.setLong(4, sil.updatedAt().toEpochMilli());
      s.setString(5, sil.createdBy());
      s.setString(6, sil.comment());
      s.executeUpdate();
      for (int i = 0; i < sil.matchers().size(); i++) {
        Matcher x = sil.matchers().get(i);
        m.setString(1, sil.id());
        m.setInt(2, i);
        m.setString(3, x.name());
        m.setString(4, x.type().symbol());
        m.setString(5, x.value());
        m.executeUpdate();
      }
    }
  }

  /** Rebuilds the snapshot {@link #mutedBy} reads: the silences not yet expired. */
  private void refresh() {
    Instant now = now();
    List<Silence> l = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (s.state(now) != Silence.State.EXPIRED) {
        l.add(s);
      }
    }
    live = List.copyOf(l);
  }
}
