/**
 * The metadata store: small relational state (dashboards today; users, tokens, silences and alert
 * state later) behind plain {@code java.sql}. {@link MetaStore} owns one JDBC connection, applies
 * the versioned {@link Migration}s a component declares, and runs work in transactions. The driver
 * (SQLite by default, PostgreSQL later) is the caller's choice: this package names none. The schema
 * is documented in {@code docs/formats/metadata.md}.
 */
package dev.vigil.core.meta;
