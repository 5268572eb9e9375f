//! The database schema: versioned, created and migrated by the crate.
//!
//! `MIGRATIONS[i]` takes a schema from version `i` to `i + 1`. They run in one transaction
//! under a transaction-level advisory lock keyed on the schema name, so two processes opening
//! an old database at once migrate it once. ARCHITECTURE.md ("PostgreSQL store") documents
//! the tables.

use postgres::{Client, IsolationLevel, Transaction};

use super::PgError;

/// The newest schema version this build knows.
pub(crate) const SCHEMA_VERSION: i32 = 2;

/// The key class of the migration advisory lock (the other key is the schema's hash).
const MIGRATION_LOCK: i32 = 0x6d61_7465; // "mate"

/// The migrations, in order; `{s}` is the quoted schema name.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [
    // Version 1: the ledger's catalog and format, its entries, append-only.
    r#"
CREATE TABLE {s}.meta (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    catalog json NOT NULL,
    wire_version integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE {s}.entries (
    seq bigint PRIMARY KEY CHECK (seq >= 0),
    recorded_at timestamptz,
    writer text NOT NULL,
    token text NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    line text NOT NULL
);
CREATE INDEX entries_token ON {s}.entries (token);
CREATE FUNCTION {s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION 'materiel: %.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END
$f$;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON {s}.entries
    FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON {s}.entries
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER meta_append_only BEFORE UPDATE OR DELETE ON {s}.meta
    FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER meta_no_truncate BEFORE TRUNCATE ON {s}.meta
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
"#,
    // Version 2: checkpoints of the replica (derived, so they may be deleted or replaced: no
    // append-only trigger), each tied to the entries it covers.
    r#"
CREATE TABLE {s}.checkpoints (
    entries bigint PRIMARY KEY CHECK (entries > 0),
    format_version integer NOT NULL,
    last_line_crc bigint NOT NULL CHECK (last_line_crc BETWEEN 0 AND 4294967295),
    ledger_created timestamptz NOT NULL,
    body bytea NOT NULL,
    body_crc bigint NOT NULL CHECK (body_crc BETWEEN 0 AND 4294967295),
    writer text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- Stored out of line uncompressed: compressing and decompressing tens of megabytes would
-- cost more than it saves.
ALTER TABLE {s}.checkpoints ALTER COLUMN body SET STORAGE EXTERNAL;
"#,
];

/// `name` double-quoted for SQL (the name is already checked to be a plain identifier).
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// Whether `name` is a schema name the store accepts: `[a-z_][a-z0-9_]{0,49}`.
pub(crate) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && name.len() <= 50
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// The schema version recorded in the database: `None` when the schema has no
/// `schema_version` table (no ledger was ever created there).
pub(crate) fn version(client: &mut Client, schema: &str) -> Result<Option<i32>, PgError> {
    let err = |source| PgError::Db {
        schema: schema.to_owned(),
        op: "read schema version",
        source,
    };
    let table = format!("{}.schema_version", quoted(schema));
    let exists = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table])
        .map_err(err)?;
    if !exists.try_get::<_, bool>(0).map_err(err)? {
        return Ok(None);
    }
    let row = client
        .query_one(&format!("SELECT max(version) FROM {table}"), &[])
        .map_err(err)?;
    Ok(Some(
        row.try_get::<_, Option<i32>>(0).map_err(err)?.unwrap_or(0),
    ))
}

/// Creates the schema if needed and applies the migrations it lacks, in one transaction.
///
/// # Errors
///
/// [`PgError::SchemaTooNew`] when the database is newer than this build, [`PgError::Db`].
pub(crate) fn migrate(client: &mut Client, schema: &str) -> Result<(), PgError> {
    let err = |op| {
        move |source| PgError::Db {
            schema: schema.to_owned(),
            op,
            source,
        }
    };
    let s = quoted(schema);
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .map_err(err("begin migration"))?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&MIGRATION_LOCK, &schema],
    )
    .map_err(err("lock for migration"))?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {s};
         CREATE TABLE IF NOT EXISTS {s}.schema_version (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         );"
    ))
    .map_err(err("create schema"))?;
    let found = current(&mut tx, &s).map_err(err("read schema version"))?;
    if found > SCHEMA_VERSION {
        return Err(PgError::SchemaTooNew {
            schema: schema.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (step, sql) in (1..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(found).unwrap_or(0))
    {
        tx.batch_execute(&sql.replace("{s}", &s))
            .map_err(err("migrate"))?;
        tx.execute(
            &format!("INSERT INTO {s}.schema_version (version) VALUES ($1)"),
            &[&step],
        )
        .map_err(err("migrate"))?;
    }
    tx.commit().map_err(err("commit migration"))
}

fn current(tx: &mut Transaction<'_>, s: &str) -> Result<i32, postgres::Error> {
    let row = tx.query_one(&format!("SELECT max(version) FROM {s}.schema_version"), &[])?;
    Ok(row.try_get::<_, Option<i32>>(0)?.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names() {
        for good in ["materiel", "_t1", "a", "test_0123456789"] {
            assert!(valid_name(good), "{good}");
        }
        for bad in ["", "1a", "A", "a-b", "a\"b", "a b", &"x".repeat(51)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
