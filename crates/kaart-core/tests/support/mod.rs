//! Shared pieces of the integration tests: the real central service
//! in-process on 127.0.0.1 ([`service`]), the real keyring (gnome-keyring
//! in a private D-Bus session) and a fault-injecting proxy ([`proxy`]).
#![allow(dead_code)]

pub mod proxy;
pub mod seed;
pub mod service;
pub mod sqlcipher;

use std::process::Command;
use std::time::Duration;

use kaart_api::records::RecordKind;
use kaart_core::http_transport::Timeouts;
use kaart_core::sync::RetryPolicy;
use kaart_core::{Workspace, WorkspaceConfig};
use serde_json::{Map, Value};
use uuid::Uuid;

/// The demo set served by the real `kaart-server` code on a random
/// loopback port, in this process; stopped when dropped.
pub struct Server {
    pub url: String,
    service: service::TestService,
}

impl Server {
    pub fn start_demo() -> Server {
        let service = service::TestService::demo();
        Server {
            url: service.url.clone(),
            service,
        }
    }
}

/// The error a workspace call returned, as the window would see it
/// (whatever error type the call itself returns).
pub fn app_error(e: impl Into<kaart_core::ipc::AppError>) -> kaart_core::ipc::AppError {
    e.into()
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
    /// Two computers of the demo manager, each signed in and synced.
    pub async fn demo_pair(service_url: &str) -> (TestClient, TestClient) {
        let (a, b) = (TestClient::open(service_url), TestClient::open(service_url));
        for c in [&a, &b] {
            c.ws.sign_in("demo", "demo").await.unwrap();
            c.sync().await;
        }
        (a, b)
    }

    pub fn open(service_url: &str) -> TestClient {
        let dir = tempfile::tempdir().unwrap();
        let app_id = unique_app_id();
        Self::open_at(dir, app_id, service_url)
    }

    pub fn open_at(dir: tempfile::TempDir, app_id: String, service_url: &str) -> TestClient {
        Self::open_configured(dir, app_id, service_url, |_| {})
    }

    /// A client whose configuration `adjust` changes (e.g. smaller pages).
    pub fn open_with(service_url: &str, adjust: impl FnOnce(&mut WorkspaceConfig)) -> TestClient {
        Self::open_configured(
            tempfile::tempdir().unwrap(),
            unique_app_id(),
            service_url,
            adjust,
        )
    }

    fn open_configured(
        dir: tempfile::TempDir,
        app_id: String,
        service_url: &str,
        adjust: impl FnOnce(&mut WorkspaceConfig),
    ) -> TestClient {
        let mut config = WorkspaceConfig::new(dir.path(), &app_id, service_url);
        config.retry = fast_retry();
        config.timeouts = Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(10),
        };
        adjust(&mut config);
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
/// fresh gnome-keyring and reports that run's result, which must have run
/// exactly this one test (a wrong or stale name would otherwise run nothing
/// and pass). Returns `true` when the caller should return (the re-run did
/// the work).
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
    let output = Command::new("dbus-run-session")
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
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap_or_else(|e| {
            panic!("the real keyring needs dbus-run-session and gnome-keyring-daemon (not found: {e})")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    assert!(
        output.status.success(),
        "{test_name} failed inside the keyring session"
    );
    assert_eq!(
        tests_passed(&stdout),
        Some(1),
        "the keyring session must run exactly the test {test_name:?}; is the name right?"
    );
    true
}

/// How many tests libtest's summary line (`test result: ok. N passed; ...`)
/// says passed.
fn tests_passed(libtest_output: &str) -> Option<u32> {
    libtest_output
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("test result: ok. "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
}

/// Every test that touches the keyring starts with this, with its own name.
#[macro_export]
macro_rules! in_keyring_session {
    ($name:literal) => {
        if support::rerun_inside_keyring_session($name) {
            return;
        }
    };
}
