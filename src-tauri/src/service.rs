//! Which central service this run syncs with.
//!
//! Demo mode is the default: the app will start the reference central service
//! (`kaart-server`) inside its own process on `127.0.0.1:0`, seeded with demo
//! data, so no account or network is needed. Setting `KAARTBEHEER_SERVICE_URL`
//! points the app at a running service instead (tests use this to reach their
//! own `kaart-server`).

/// The environment variable naming an external central service.
pub const SERVICE_URL_ENV: &str = "KAARTBEHEER_SERVICE_URL";

/// The central service of this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Service {
    /// The embedded demo service; `url` is empty until it has started.
    Demo { url: String },
    /// A service that runs elsewhere.
    External { url: String },
}

impl Service {
    /// The service chosen by the environment.
    pub fn from_env() -> Self {
        match std::env::var(SERVICE_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => Self::External {
                url: url.trim().to_owned(),
            },
            _ => Self::Demo {
                url: start_demo_service(),
            },
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self, Self::Demo { .. })
    }

    pub fn url(&self) -> &str {
        match self {
            Self::Demo { url } | Self::External { url } => url,
        }
    }
}

/// HOOK: start the embedded demo central service and return its base URL.
///
/// Once `kaart-server` exposes a library entry point, this starts it on
/// `127.0.0.1:0` with a seeded demo database in the profile's data directory
/// and returns `http://127.0.0.1:<port>`. Until then there is no service and
/// the URL stays empty (the About panel says "Nog niet ingesteld").
fn start_demo_service() -> String {
    String::new()
}
