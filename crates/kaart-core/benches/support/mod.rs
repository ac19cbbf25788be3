//! What the client benchmarks share: the `kaart-server` binary (built in
//! release when missing), a server seeded with the bench set and serving on
//! loopback, the working folder (kept for `scripts/bench.sh` when
//! `KAART_BENCH_KEEP` names one), the result rows `scripts/bench.sh`
//! collects (one JSON object per line on stdout), removing the keyring
//! entries a run made, and the start every benchmark makes (whether to run
//! at all, the async runtime).

// Each bench compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use kaart_core::secrets::OsKeyring;

pub fn server_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("KAART_SERVER_BIN") {
        return bin.into();
    }
    // target/release/deps/<bench> → target/release/kaart-server
    let profile_dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let bin = profile_dir.join("kaart-server");
    if !bin.exists() {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "-p", "kaart-server"])
            .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap())
            .status()
            .expect("cargo build kaart-server");
        assert!(
            status.success() && bin.exists(),
            "kaart-server could not be built; set KAART_SERVER_BIN"
        );
    }
    bin
}

/// Seeds the bench set into `db` (or copies the database named by
/// `KAART_BENCH_SEEDED_DB`, seeded before with `kaart-server seed --bench`)
/// and serves it; returns the server process and its URL.
pub fn seeded_server(db: &Path) -> (Child, String) {
    if let Some(seeded) = std::env::var_os("KAART_BENCH_SEEDED_DB") {
        std::fs::copy(seeded, db).unwrap();
    } else {
        eprintln!("seeding the bench set…");
        let seeded = Command::new(server_bin())
            .args(["seed", "--bench", "--db"])
            .arg(db)
            .status()
            .unwrap();
        assert!(seeded.success(), "kaart-server seed --bench failed");
    }
    let mut server = Command::new(server_bin())
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_string();
    (server, url)
}

pub fn keyring_cleanup(app_id: &str, data_dir: &std::path::Path) -> kaart_core::CoreResult<()> {
    use kaart_core::secrets::SecretStore;
    let keyring = OsKeyring::new(app_id);
    if let Some(id) = kaart_core::store::identity::read(data_dir)? {
        keyring.delete(&id.key_entry())?;
        keyring.delete(&id.token_entry())?;
    }
    Ok(())
}

/// The folder a run works in: `KAART_BENCH_KEEP` when set (left in place
/// for `scripts/bench.sh`, which exports from the synced store afterwards),
/// else a temporary folder removed at the end.
pub enum WorkDir {
    Kept(PathBuf),
    Temporary(tempfile::TempDir),
}

impl WorkDir {
    pub fn new() -> WorkDir {
        match std::env::var_os("KAART_BENCH_KEEP") {
            Some(dir) => {
                std::fs::create_dir_all(&dir).unwrap();
                WorkDir::Kept(dir.into())
            }
            None => WorkDir::Temporary(tempfile::tempdir().unwrap()),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            WorkDir::Kept(dir) => dir,
            WorkDir::Temporary(dir) => dir.path(),
        }
    }

    pub fn kept(&self) -> bool {
        matches!(self, WorkDir::Kept(_))
    }
}

/// One result row for the bench table (`scripts/bench.sh`): a JSON object
/// on its own line on stdout. `ratio` is the row's cost in units of its
/// baseline's (time ÷ baseline time), when it has a baseline.
pub fn row(row: &str, measure: &str, value: &str, baseline: &str, ratio: Option<f64>) {
    println!(
        "{}",
        serde_json::json!({
            "row": row,
            "measure": measure,
            "value": value,
            "baseline": baseline,
            "ratio": ratio.map(|r| format!("{r:.2}×")).unwrap_or_default(),
        })
    );
}

/// Milliseconds, as the table shows them.
pub fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Whether to run the benchmark `name`: `cargo bench` passes `--bench`,
/// while `cargo test --all-targets` runs benches without it (then: skip).
/// A run outside a D-Bus session (the real keyring) stops with how to
/// start it.
pub fn should_run(name: &str) -> bool {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("{name} is a benchmark: run it with `cargo bench` (or scripts/bench.sh)");
        return false;
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        eprintln!(
            "This benchmark uses the real keyring. Run it inside a D-Bus session:\n  \
             scripts/with-session.sh cargo bench -p kaart-core --bench {name}"
        );
        std::process::exit(2);
    }
    true
}

/// The async runtime the benchmarks drive the workspace with.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A computer of the bench manager on a freshly seeded service: signed in,
/// not yet synced.
pub struct BenchClient {
    pub server: Child,
    pub client_dir: PathBuf,
    pub app_id: String,
    pub ws: kaart_core::Workspace,
}

/// Seeds and starts the service in `work`, opens a workspace under a
/// keyring name of its own and signs in as the bench manager.
pub fn signed_in_client(work: &WorkDir, runtime: &tokio::runtime::Runtime) -> BenchClient {
    let (server, url) = seeded_server(&work.path().join("server.db"));
    let client_dir = work.path().join("client");
    let app_id = format!("nl.kaartbeheer.bench.{}", uuid::Uuid::new_v4().simple());
    let ws =
        kaart_core::Workspace::open(kaart_core::WorkspaceConfig::new(&client_dir, &app_id, &url))
            .unwrap();
    runtime.block_on(ws.sign_in("bench", "bench")).unwrap();
    BenchClient {
        server,
        client_dir,
        app_id,
        ws,
    }
}

/// Closes the workspace, stops the service and, unless the folder is kept
/// for `scripts/bench.sh`, removes the run's keyring entries.
pub fn finish(
    ws: kaart_core::Workspace,
    mut server: Child,
    work: &WorkDir,
    app_id: &str,
    client_dir: &Path,
) {
    drop(ws);
    let _ = server.kill();
    let _ = server.wait();
    if !work.kept() {
        let _ = keyring_cleanup(app_id, client_dir);
    }
}
