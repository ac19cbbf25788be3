//! Shared pieces of the integration tests: the real `kaart-server` binary
//! on 127.0.0.1, the real keyring (gnome-keyring in a private D-Bus session)
//! and a fault-injecting proxy ([`proxy`]).
#![allow(dead_code)]

pub mod proxy;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use kaart_api::records::RecordKind;
use kaart_core::http_transport::Timeouts;
use kaart_core::sync::RetryPolicy;
use kaart_core::{Workspace, WorkspaceConfig};
use serde_json::{Map, Value};
use uuid::Uuid;

/// The target dir's profile dir (`target/debug`) of this test executable.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // target/debug/deps/<test> → target/debug
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// Finds the server binary: `KAART_SERVER_BIN`, else next to this test's
/// target dir, else builds it there with cargo.
pub fn server_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("KAART_SERVER_BIN") {
        return PathBuf::from(bin);
    }
    let bin = profile_dir().join("kaart-server");
    if bin.exists() {
        return bin;
    }
    let target_dir = profile_dir().parent().expect("target dir").to_path_buf();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-p", "kaart-server"])
        .env("CARGO_TARGET_DIR", &target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    match status {
        Ok(s) if s.success() && bin.exists() => bin,
        other => panic!(
            "the kaart-server binary is needed and could not be built ({other:?}); \
             build it with `cargo build -p kaart-server` or set KAART_SERVER_BIN"
        ),
    }
}

/// A running `kaart-server serve --demo` on a random loopback port.
pub struct Server {
    pub url: String,
    child: Child,
    pub dir: tempfile::TempDir,
}

impl Server {
    pub fn start_demo() -> Server {
        Self::start(&["--demo"], None)
    }

    /// Starts a server on an existing database directory's `server.db`.
    pub fn start(extra: &[&str], dir: Option<tempfile::TempDir>) -> Server {
        let dir = dir.unwrap_or_else(|| tempfile::tempdir().unwrap());
        let db = dir.path().join("server.db");
        let mut child = Command::new(server_bin())
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kaart-server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the server's first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from kaart-server: {line:?}"))
            .to_string();
        Server { url, child, dir }
    }

    /// Runs another `kaart-server` subcommand on this server's database.
    pub fn admin(&self, args: &[&str], password: Option<&str>) {
        let mut cmd = Command::new(server_bin());
        cmd.args(args)
            .arg("--db")
            .arg(self.dir.path().join("server.db"));
        if let Some(p) = password {
            cmd.env("KAART_PASSWORD", p);
        }
        let status = cmd.status().expect("kaart-server admin command");
        assert!(status.success(), "kaart-server {args:?} failed");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A keyring service name of its own, so tests never see a user's entries.
pub fn unique_app_id() -> String {
    format!("nl.kaartbeheer.test.{}", uuid::Uuid::new_v4().simple())
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        min_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_times: 3,
    }
}

/// A client workspace in its own temp dir with its own keyring service.
pub struct TestClient {
    pub ws: Workspace,
    pub dir: tempfile::TempDir,
    pub app_id: String,
}

impl TestClient {
    pub fn open(service_url: &str) -> TestClient {
        let dir = tempfile::tempdir().unwrap();
        let app_id = unique_app_id();
        Self::open_at(dir, app_id, service_url)
    }

    pub fn open_at(dir: tempfile::TempDir, app_id: String, service_url: &str) -> TestClient {
        let mut config = WorkspaceConfig::new(dir.path(), &app_id, service_url);
        config.retry = fast_retry();
        config.timeouts = Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(10),
        };
        let ws = Workspace::open(config).unwrap_or_else(|e| panic!("opening the workspace: {e:?}"));
        TestClient { ws, dir, app_id }
    }

    /// Edits fields of a record (`(field, new value)` pairs); the edit must
    /// be accepted.
    pub fn set(&self, kind: RecordKind, id: Uuid, pairs: &[(&str, Value)]) {
        let fields: Map<String, Value> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.ws
            .update_fields(kind, id, fields)
            .unwrap_or_else(|e| panic!("editing {kind:?} {id}: {e:?}"));
    }

    /// One sync cycle, which must succeed.
    pub async fn sync(&self) {
        self.ws.sync_now().await.unwrap();
    }
}

/// The real keyring needs a D-Bus session with an unlocked Secret Service.
/// Outside one, the test re-runs itself inside `dbus-run-session` with a
/// fresh gnome-keyring and reports that run's result. Returns `true` when
/// the caller should return (the re-run did the work).
#[must_use]
pub fn rerun_inside_keyring_session(test_name: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return false;
    }
    assert!(
        std::env::var_os("KAART_KEYRING_SESSION").is_none(),
        "dbus-run-session gave no session bus"
    );
    let exe = std::env::current_exe().unwrap();
    // gnome-keyring keeps its files under XDG_DATA_HOME: one of its own per
    // session, so parallel sessions never share (and race on) a keyring file.
    let keyring_home = tempfile::tempdir().unwrap();
    let status = Command::new("dbus-run-session")
        .args([
            "--",
            "bash",
            "-c",
            "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec \"$@\"",
            "keyring-session",
        ])
        .arg(exe)
        .args([test_name, "--exact", "--test-threads=1", "--nocapture"])
        .env("KAART_KEYRING_SESSION", "1")
        .env("XDG_DATA_HOME", keyring_home.path())
        .status()
        .unwrap_or_else(|e| {
            panic!("the real keyring needs dbus-run-session and gnome-keyring-daemon (not found: {e})")
        });
    assert!(
        status.success(),
        "{test_name} failed inside the keyring session"
    );
    true
}

/// Every test that touches the keyring starts with this.
#[macro_export]
macro_rules! in_keyring_session {
    ($name:literal) => {
        if support::rerun_inside_keyring_session($name) {
            return;
        }
    };
}
