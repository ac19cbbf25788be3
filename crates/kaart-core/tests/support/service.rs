//! The real central service, in-process: `kaart_server::start` on
//! 127.0.0.1:0 with its SQLite database in a temp dir, served by a tokio
//! runtime of its own that this handle holds (so it keeps serving while a
//! test blocks, and from synchronous tests or other processes such as the
//! `kaart-sync` binary). Seeding goes through kaart-server's own functions.
//!
//! Shared by the integration tests (`tests/support/mod.rs`) and the core's
//! unit tests (`src/sync/tests.rs`, through `#[path]`), so it depends only on
//! crates both see.

use std::path::{Path, PathBuf};

use kaart_server::{accounts, db, generate, Config, RunningServer};
use rusqlite::Connection;
use uuid::Uuid;

/// A running service; stopped when dropped.
pub struct TestService {
    pub url: String,
    pub db_path: PathBuf,
    pub dir: tempfile::TempDir,
    server: Option<RunningServer>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TestService {
    /// The demo set (manager `demo`/`demo` with two organisations, manager
    /// `tweede`/`tweede` with a third).
    pub fn demo() -> TestService {
        Self::start(|conn| {
            generate::demo::seed_demo(conn)?;
            Ok(())
        })
    }

    /// One manager `username` (password = username) managing one fresh,
    /// valid organisation with nothing else in it; returns its id too.
    pub fn one_organization(username: &str) -> (TestService, Uuid) {
        Self::one_organization_with(username, |_, _| Ok(()))
    }

    /// [`Self::one_organization`], and then `more` seeds the organisation
    /// (given its id) with records of its own.
    pub fn one_organization_with(
        username: &str,
        more: impl FnOnce(&mut Connection, Uuid) -> anyhow::Result<()>,
    ) -> (TestService, Uuid) {
        let org = Uuid::now_v7();
        let service = Self::start(|conn| {
            seed_one_organization(conn, username, org)?;
            more(conn, org)
        });
        (service, org)
    }

    /// [`Self::one_organization`] on a service that publishes `policy`
    /// (as `kaart-server serve --review-interval-days …` would).
    pub fn one_organization_with_policy(
        username: &str,
        policy: kaart_api::account::Policy,
    ) -> (TestService, Uuid) {
        let org = Uuid::now_v7();
        let service = Self::start_with(
            |conn| seed_one_organization(conn, username, org),
            |config| config.policy = policy,
        );
        (service, org)
    }

    /// Seeds a new database with `seed`, then serves it.
    pub fn start(seed: impl FnOnce(&mut Connection) -> anyhow::Result<()>) -> TestService {
        Self::start_with(seed, |_| {})
    }

    /// [`Self::start`] with the service's configuration adjusted first.
    pub fn start_with(
        seed: impl FnOnce(&mut Connection) -> anyhow::Result<()>,
        configure: impl FnOnce(&mut Config),
    ) -> TestService {
        let dir = tempfile::tempdir().expect("a temp dir for the service");
        let db_path = dir.path().join("server.db");
        {
            let mut conn = db::open(&db_path).expect("the service's database opens");
            seed(&mut conn).expect("seeding the service");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("kaart-server")
            .enable_all()
            .build()
            .expect("a runtime for the service");
        let mut config = Config::new(([127, 0, 0, 1], 0).into(), &db_path);
        configure(&mut config);
        // Not `block_on`: the caller may itself be inside an async test.
        let (tx, rx) = std::sync::mpsc::channel();
        runtime.spawn(async move {
            let _ = tx.send(kaart_server::start(config).await);
        });
        let server = rx
            .recv()
            .expect("the service's runtime answers")
            .expect("kaart_server::start");
        TestService {
            url: server.url(),
            db_path,
            dir,
            server: Some(server),
            runtime: Some(runtime),
        }
    }

    /// A connection of its own to the service's database (WAL: reads and
    /// the server's own functions work beside the running service).
    pub fn conn(&self) -> Connection {
        db::open(&self.db_path).expect("the service's database opens")
    }

    pub fn path(&self) -> &Path {
        &self.db_path
    }
}

/// One manager `username` (password = username) managing the fresh, valid
/// organisation `org`.
fn seed_one_organization(conn: &mut Connection, username: &str, org: Uuid) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let record = generate::Gen::new(7).organization(org, today);
    kaart_server::store::insert(conn, &kaart_api::records::Record::Organization(record), 1)?;
    accounts::create_manager(
        conn,
        Uuid::now_v7(),
        username,
        "Beheerder",
        &password_hash(username)?,
    )?;
    accounts::grant(conn, username, org)?;
    Ok(())
}

/// An argon2 hash of `password`, made once per process: hashing is slow on
/// purpose, and every unit test seeds a manager.
fn password_hash(password: &str) -> anyhow::Result<String> {
    static HASHES: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());
    let mut hashes = HASHES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, hash)) = hashes.iter().find(|(p, _)| p == password) {
        return Ok(hash.clone());
    }
    let hash = accounts::hash_password(password)?;
    hashes.push((password.to_string(), hash.clone()));
    Ok(hash)
}

impl Drop for TestService {
    fn drop(&mut self) {
        drop(self.server.take());
        // Allowed inside an async context too, unlike dropping the runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
