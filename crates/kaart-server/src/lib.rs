//! The reference central service of the Kaartbeheer sync API: an axum server
//! over SQLite that the demo, development and every end-to-end test run
//! against. The binary (`kaart-server`) wraps this library; the desktop app
//! embeds it in demo mode through [`start`].
//!
//! - [`http`]: router, extractors and handlers; [`http::openapi`] the document.
//! - [`mutate`]: idempotent mutations with field-level compare-and-set.
//! - [`store`]: record rows, tombstones and the changes feed; [`cursor`] its
//!   opaque cursors.
//! - [`signups`]: the public form, sign-up and unsubscribe; [`mail`] the
//!   confirmation e-mail.
//! - [`accounts`] and [`throttle`]: managers, sessions, grants; sign-in and
//!   sign-up limits.
//! - [`purge`]: retention of sign-ups and tombstones.
//! - [`generate`]: the demo and benchmark data sets.

pub mod accounts;
pub mod contact_refs;
pub mod corrections;
pub mod cursor;
pub mod db;
pub mod failure;
pub mod generate;
pub mod http;
pub mod mail;
pub mod mutate;
pub mod photos;
pub mod purge;
pub mod signups;
pub mod store;
pub mod throttle;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use kaart_api::account::Policy;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The policy the service publishes unless told otherwise.
pub fn default_policy() -> Policy {
    Policy::default()
}

/// How to run the service.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    pub policy: Policy,
    /// The base URL of unsubscribe links; `http://<bound addr>` when `None`.
    pub public_base_url: Option<String>,
    /// Seed the demo data set when the database has no managers yet.
    pub seed_demo: bool,
    /// How often the purge job runs.
    pub purge_every: Duration,
    /// Encrypt the database with this key (SQLCipher); plain when `None`.
    pub db_key: Option<db::DbKey>,
    /// The SMTP relay for confirmation e-mails; without one none are sent
    /// (a log line says one would have been).
    pub smtp: Option<mail::SmtpConfig>,
}

impl Config {
    pub fn new(addr: SocketAddr, db_path: impl Into<PathBuf>) -> Self {
        Config {
            addr,
            db_path: db_path.into(),
            policy: default_policy(),
            public_base_url: None,
            seed_demo: false,
            purge_every: Duration::from_secs(3600),
            db_key: None,
            smtp: None,
        }
    }
}

/// A running service; stop it with [`RunningServer::shutdown`].
#[derive(Debug)]
pub struct RunningServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    purge_task: JoinHandle<()>,
    mail_task: Option<JoinHandle<()>>,
}

/// How long [`RunningServer::shutdown`] waits for queued e-mails.
const MAIL_DRAIN: Duration = Duration::from_secs(10);

impl RunningServer {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests, finishes the ones under way, gives queued
    /// confirmation e-mails a little time to go out, and returns.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.purge_task.abort();
        (&mut self.task).await??;
        if let Some(mail) = self.mail_task.take() {
            if tokio::time::timeout(MAIL_DRAIN, mail).await.is_err() {
                tracing::warn!("stopped with confirmation e-mails still queued");
            }
        }
        Ok(())
    }
}

/// Opens (and migrates, and for `seed_demo` seeds) the database, binds the
/// listener and serves in the background.
pub async fn start(config: Config) -> anyhow::Result<RunningServer> {
    let mut conn = db::open_keyed(&config.db_path, config.db_key.as_ref())?;
    if config.seed_demo && !generate::has_managers(&conn)? {
        generate::demo::seed_demo(&mut conn)?;
    }
    let cursor_key = Arc::new(cursor::CursorKey::load_or_create(&conn)?);
    let db = db::Db::new(conn);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let (mailer, mail_task) = match config.smtp.clone() {
        Some(smtp) => {
            let (mailer, task) = mail::Mailer::start(smtp)?;
            (mailer, Some(task))
        }
        None => (mail::Mailer::log_only(), None),
    };
    let state = http::AppState {
        db: db.clone(),
        policy: config.policy.clone(),
        public_base_url: config
            .public_base_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}")),
        throttle: Arc::new(throttle::SignInThrottle::default()),
        signup_limits: Arc::new(throttle::SignupLimits::default()),
        cursor_key,
        mailer,
    };
    let app = http::router(state);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    let policy = config.policy.clone();
    let every = config.purge_every;
    let purge_task = tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            let policy = policy.clone();
            let result = db
                .run(move |c| Ok(purge::purge(c, &policy, chrono::Utc::now())?))
                .await;
            match result {
                Ok(report) => tracing::info!(
                    signups_deleted = report.signups_deleted,
                    tombstones_dropped = report.tombstones_dropped,
                    "purge"
                ),
                Err(_) => tracing::error!("purge failed"),
            }
        }
    });
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task,
        purge_task,
        mail_task,
    })
}
