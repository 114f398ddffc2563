package dev.vigil.core.meta;

/**
 * One step of a schema: applied once, in version order, inside a transaction, and recorded in
 * {@code schema_migrations}. Versions are global to the store: components take disjoint ranges
 * (dashboards 100–199, alerting 200–299, …) so their migrations never collide. A released migration
 * is never edited; a change is a new migration.
 *
 * @param version unique positive number, ordering the steps
 * @param description what the step does, kept in {@code schema_migrations}
 * @param sql one or more statements separated by {@code ;} at line ends, portable between SQLite
 *     and PostgreSQL (TEXT, INTEGER, BIGINT; no AUTOINCREMENT)
 */
public record Migration(int version, String description, String sql) {
  /** Checks the fields. */
  public Migration {
    if (version <= 0) {
      throw new IllegalArgumentException("migration version must be positive, got " + version);
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("migration " + version + " has no SQL");
    }
  }
}
