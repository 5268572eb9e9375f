//! How a [`PgStore`](super::PgStore) connects: [`PgOptions`] and its defaults.

use std::time::Duration;

use postgres::Config;

use super::PgError;
#[cfg(doc)]
use super::PgStore;

/// The PostgreSQL schema [`PgOptions::new`] uses.
pub const DEFAULT_SCHEMA: &str = "materiel";

/// The interval of automatic checkpoints [`PgOptions::new`] sets: a writer whose append
/// crosses a multiple of this many entries stores a checkpoint.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 100_000;

/// How to create or open a [`PgStore`].
///
/// # Example
///
/// ```
/// use materiel::postgres::PgOptions;
///
/// let options = PgOptions::new().schema("team_ukraine").writer("ana@laptop").checkpoint_every(50_000);
/// assert_eq!(options.schema_name(), "team_ukraine");
/// assert_eq!(options.writer_identity(), "ana@laptop");
/// assert_eq!(options.checkpoint_interval(), 50_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgOptions {
    schema: String,
    writer: Option<String>,
    pub(super) checkpoint_every: u64,
    pub(super) load_checkpoints: bool,
    connect_timeout: Duration,
}

/// How long [`PgOptions::new`] lets a connection attempt take when the connection string sets
/// no `connect_timeout`: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for PgOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl PgOptions {
    /// Schema [`DEFAULT_SCHEMA`], the writer identity `user@host:pid`, a checkpoint every
    /// [`DEFAULT_CHECKPOINT_EVERY`] entries, checkpoints loaded on opening, connection
    /// attempts limited to [`DEFAULT_CONNECT_TIMEOUT`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// let options = PgOptions::new();
    /// assert_eq!(options.schema_name(), DEFAULT_SCHEMA);
    /// assert_eq!(options.checkpoint_interval(), DEFAULT_CHECKPOINT_EVERY);
    /// ```
    pub fn new() -> Self {
        Self {
            schema: DEFAULT_SCHEMA.to_owned(),
            writer: None,
            checkpoint_every: DEFAULT_CHECKPOINT_EVERY,
            load_checkpoints: true,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
    /// How long a connection attempt (the first, and every reconnection) may take before it
    /// fails with [`PgError::Db`], when the connection string sets no `connect_timeout` of
    /// its own (which wins). Default [`DEFAULT_CONNECT_TIMEOUT`]; without a limit, a host
    /// that drops packets would hold the caller for the operating system's TCP timeout
    /// (minutes).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use materiel::postgres::{DEFAULT_CONNECT_TIMEOUT, PgOptions};
    ///
    /// assert_eq!(PgOptions::new().connect_timeout_limit(), DEFAULT_CONNECT_TIMEOUT);
    /// let patient = PgOptions::new().connect_timeout(Duration::from_secs(60));
    /// assert_eq!(patient.connect_timeout_limit(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.connect_timeout = limit;
        self
    }
    /// The limit on a connection attempt when the connection string sets none.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use materiel::postgres::PgOptions;
    /// let options = PgOptions::new().connect_timeout(Duration::from_secs(3));
    /// assert_eq!(options.connect_timeout_limit(), Duration::from_secs(3));
    /// ```
    pub fn connect_timeout_limit(&self) -> Duration {
        self.connect_timeout
    }
    /// Automatic checkpoints: after an append of this store's that crosses a multiple of `n`
    /// entries (and has committed), the store stores a checkpoint of its replica
    /// ([`PgStore::checkpoint`] without the refresh). `0` never does. Default
    /// [`DEFAULT_CHECKPOINT_EVERY`]. A failed automatic checkpoint never fails the append:
    /// [`PgStore::checkpoint_error`] reports it.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// // A checkpoint every 10,000 entries; 0 turns automatic checkpoints off.
    /// assert_eq!(PgOptions::new().checkpoint_every(10_000).checkpoint_interval(), 10_000);
    /// assert_eq!(PgOptions::new().checkpoint_every(0).checkpoint_interval(), 0);
    /// ```
    pub fn checkpoint_every(mut self, n: u64) -> Self {
        self.checkpoint_every = n;
        self
    }
    /// Whether [`PgStore::open`] starts from the newest valid stored checkpoint (default
    /// `true`). With `false` it reads and checks every stored entry, as a verification does.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgCheckpointStatus, PgOptions, PgStore};
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// // Read and check every stored entry, as an audit would.
    /// let audit = PgStore::open(url, &PgOptions::new().schema("venezuela").load_checkpoints(false))?;
    /// assert_eq!(audit.checkpoint_status(), &PgCheckpointStatus::Absent);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_checkpoints(mut self, load: bool) -> Self {
        self.load_checkpoints = load;
        self
    }
    /// The PostgreSQL schema holding the ledger's tables: 1 to 50 characters among `a-z`,
    /// `0-9` and `_`, not starting with a digit (checked on connecting,
    /// [`PgError::SchemaName`]). One database can hold many ledgers, one per schema.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// assert_eq!(PgOptions::new().schema("venezuela").schema_name(), "venezuela");
    /// ```
    pub fn schema(mut self, name: impl Into<String>) -> Self {
        self.schema = name.into();
        self
    }
    /// Who writes: stored with every entry this store appends (default `user@host:pid`, from
    /// `$USER`, `$HOSTNAME` or `/etc/hostname`, and the process id).
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// assert_eq!(PgOptions::new().writer("alice@desk").writer_identity(), "alice@desk");
    /// ```
    pub fn writer(mut self, identity: impl Into<String>) -> Self {
        self.writer = Some(identity.into());
        self
    }
    /// The schema name.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// assert_eq!(PgOptions::new().schema_name(), DEFAULT_SCHEMA);
    /// ```
    pub fn schema_name(&self) -> &str {
        &self.schema
    }
    /// The writer identity.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// // By default `user@host:pid`.
    /// assert!(PgOptions::new().writer_identity().contains('@'));
    /// ```
    pub fn writer_identity(&self) -> String {
        self.writer.clone().unwrap_or_else(default_writer)
    }
    /// The interval of automatic checkpoints, in entries (0: never).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// assert_eq!(PgOptions::new().checkpoint_interval(), DEFAULT_CHECKPOINT_EVERY);
    /// ```
    pub fn checkpoint_interval(&self) -> u64 {
        self.checkpoint_every
    }
}

/// `user@host:pid`.
fn default_writer() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    format!("{user}@{host}:{}", std::process::id())
}

/// The driver's configuration for `url`: the connection string's own settings, and the
/// options' connect timeout where it sets none.
pub(super) fn driver_config(url: &str, options: &PgOptions) -> Result<Config, PgError> {
    let mut config: Config = url.parse().map_err(|source| PgError::Url { source })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(options.connect_timeout);
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connect_timeout_applies_where_the_connection_string_sets_none() {
        let url = "postgres://analyst@db.example/osint";
        let config = driver_config(url, &PgOptions::new()).expect("a valid URL");
        assert_eq!(config.get_connect_timeout(), Some(&DEFAULT_CONNECT_TIMEOUT));
        let short = PgOptions::new().connect_timeout(Duration::from_secs(2));
        let config = driver_config(url, &short).expect("a valid URL");
        assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(2)));
        // The connection string's own setting wins, in both forms.
        for own in [
            "postgres://analyst@db.example/osint?connect_timeout=3",
            "host=db.example user=analyst dbname=osint connect_timeout=3",
        ] {
            let config = driver_config(own, &short).expect("a valid connection string");
            assert_eq!(
                config.get_connect_timeout(),
                Some(&Duration::from_secs(3)),
                "{own}"
            );
        }
        assert!(matches!(
            driver_config("mysql://x", &short),
            Err(PgError::Url { .. })
        ));
    }
}
