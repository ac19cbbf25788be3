//! Which central service this run syncs with, and starting the embedded one.
//!
//! Demo mode is the default: the app starts the reference central service
//! (`kaart-server`) inside its own process on `127.0.0.1:0`, with its SQLite
//! database in the profile's data directory, seeded with the demo data set
//! the first time; the app signs in as the demo manager by itself, so no
//! account or network is needed. Setting `KAARTBEHEER_SERVICE_URL` points the
//! app at a running service instead, and the window asks for a sign-in
//! (tests use this to reach their own `kaart-server`).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

/// The environment variable naming an external central service.
pub const SERVICE_URL_ENV: &str = "KAARTBEHEER_SERVICE_URL";

/// The demo manager's sign-in (seeded by `kaart_server::generate::demo`).
pub const DEMO_USERNAME: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo";

/// The file name of the embedded service's database in the app data dir.
pub const DEMO_DB_FILE: &str = "demo-service.db";

/// The central service of this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Service {
    /// The embedded demo service (started in the app's setup).
    Demo,
    /// A service that runs elsewhere.
    External { url: String },
}

impl Service {
    /// The service chosen by the environment.
    pub fn from_env() -> Self {
        Self::from_value(std::env::var(SERVICE_URL_ENV).ok().as_deref())
    }

    /// The service named by the value of [`SERVICE_URL_ENV`], if any.
    pub fn from_value(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some(url) if !url.is_empty() => Self::External {
                url: url.trim_end_matches('/').to_owned(),
            },
            _ => Self::Demo,
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self, Self::Demo)
    }
}

/// Starts the embedded demo central service on `127.0.0.1:0` with its
/// database in `data_dir` (seeded with the demo set when new). Must run on a
/// tokio runtime that lives as long as the app; keep the returned handle:
/// dropping it stops the service.
pub async fn start_demo_service(data_dir: &Path) -> anyhow::Result<kaart_server::RunningServer> {
    std::fs::create_dir_all(data_dir)?;
    let mut config = kaart_server::Config::new(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        data_dir.join(DEMO_DB_FILE),
    );
    config.seed_demo = true;
    kaart_server::start(config).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_url_is_demo_and_a_url_is_external() {
        assert_eq!(Service::from_value(None), Service::Demo);
        assert_eq!(Service::from_value(Some("  ")), Service::Demo);
        assert_eq!(
            Service::from_value(Some("http://127.0.0.1:9/")),
            Service::External {
                url: "http://127.0.0.1:9".into()
            }
        );
    }
}
