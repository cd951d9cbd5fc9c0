//! Configuration, layered: built-in defaults → `wsm.toml` → `WSM__…` environment variables →
//! command-line flags. Secrets (the database URL may hold a password) are hidden from `Debug`.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// The whole configuration.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the SQLite file lives when `database.url` is empty.
    pub data_dir: PathBuf,
    /// HTTP server.
    pub server: ServerConfig,
    /// Database.
    pub database: DatabaseConfig,
    /// Logging.
    pub log: LogConfig,
}

/// HTTP server settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on.
    pub bind: String,
    /// The hydrate bundle (pkg/, style.css).
    pub site_root: PathBuf,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub cookie_secure: bool,
    /// Session lifetime in hours.
    pub session_hours: i64,
}

/// Database settings.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`; empty = `sqlite://<data_dir>/wsm.db`.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
}

/// Logging settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// "text" or "json".
    pub format: String,
    /// tracing env-filter, e.g. "info,wsm_server=debug".
    pub level: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            server: ServerConfig { bind: "127.0.0.1:3000".into(), site_root: PathBuf::from("target/site"), cookie_secure: false, session_hours: 12 },
            database: DatabaseConfig { url: String::new(), max_connections: 10 },
            log: LogConfig { format: "text".into(), level: "info".into() },
        }
    }
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig").field("url", &redact(&self.url)).field("max_connections", &self.max_connections).finish()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config").field("data_dir", &self.data_dir).field("server", &self.server).field("database", &self.database).field("log", &self.log).finish()
    }
}

/// Hides the password in a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Config {
    /// Loads defaults → file (`path`, or `./wsm.toml` if present) → `WSM__` environment.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match path {
            Some(p) => {
                if !p.exists() {
                    anyhow::bail!("configuration file {} does not exist", p.display());
                }
                fig = fig.merge(Toml::file(p));
            }
            None => fig = fig.merge(Toml::file("wsm.toml")),
        }
        fig = fig.merge(Env::prefixed("WSM__").split("__"));
        Ok(fig.extract()?)
    }

    /// The database URL to use: the configured one or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("wsm.db").display())
        } else {
            self.database.url.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_configuration_means_sqlite_in_the_data_dir_on_localhost_3000() {
        let c = Config::default();
        assert_eq!(c.server.bind, "127.0.0.1:3000");
        assert_eq!(c.database_url(), "sqlite://./data/wsm.db");
    }

    #[test]
    fn passwords_never_reach_debug_output() {
        let mut c = Config::default();
        c.database.url = "postgres://wsm:s3cret@db:5432/wsm".into();
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://wsm:***@db:5432/wsm"));
    }

    #[test]
    fn file_then_environment_override_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("wsm.toml", "[server]\nbind = \"0.0.0.0:8080\"\n[database]\nurl = \"sqlite://x.db\"\n")?;
            jail.set_env("WSM__DATABASE__URL", "postgres://a@b/c");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.server.bind, "0.0.0.0:8080");
            assert_eq!(c.database.url, "postgres://a@b/c");
            assert_eq!(c.log.level, "info");
            Ok(())
        });
    }
}
