//! `kaart-sync`, the headless client, drives every operation against the
//! real server and the real keyring: two clients (two data folders) make
//! conflicts and decide them each way, delete, mark checked (once refused
//! and discarded), and resync from scratch. The commands other than `dump`
//! print no record contents.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;

use serde_json::Value;
use support::Server;

struct Cli {
    dir: tempfile::TempDir,
    app_id: String,
    url: String,
}

impl Cli {
    fn new(url: &str) -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            app_id: support::unique_app_id(),
            url: url.to_string(),
        }
    }

    fn output(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_kaart-sync"))
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(["--service", &self.url, "--keyring-service", &self.app_id])
            .args(["--retries", "2"])
            .args(args)
            .env("KAART_PASSWORD", "demo")
            .env_remove("KAART_PAUSE_AT")
            .output()
            .expect("run kaart-sync")
    }

    /// Runs a command that must succeed; its JSON output.
    fn run(&self, args: &[&str]) -> Value {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "kaart-sync {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("kaart-sync prints JSON")
    }

    /// Runs a command that is not `dump`: it must not print `secret`.
    fn run_quiet(&self, args: &[&str], secrets: &[&str]) -> Value {
        let out = self.run(args);
        let text = out.to_string();
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "kaart-sync {args:?} printed a record's content"
            );
        }
        out
    }

    fn contact(&self, id: &str) -> Option<Value> {
        self.run(&["dump"])["records"]
            .as_array()
            .expect("records")
            .iter()
            .map(|r| &r["record"])
            .find(|r| r["kind"] == "contact" && r["id"] == id)
            .cloned()
    }
}

/// Edits `city` of `contact` in `a` (synced first) and in `b` (synced
/// second): `b` gets a conflict. Returns its id.
fn make_conflict(a: &Cli, b: &Cli, contact: &str, theirs: &str, mine: &str) -> i64 {
    let set = |cli: &Cli, city: &str| {
        let value = format!("\"{city}\"");
        cli.run(&[
            "update", "--kind", "contact", "--id", contact, "--field", "city", "--value", &value,
        ]);
    };
    set(a, theirs);
    a.run(&["sync"]);
    set(b, mine);
    let report = b.run(&["sync"]);
    assert_eq!(report["report"]["conflicts"], 1, "{report}");
    let listed = b.run_quiet(&["conflicts"], &[theirs, mine]);
    let conflicts = listed["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{listed}");
    assert_eq!(conflicts[0]["record_id"], contact);
    assert_eq!(conflicts[0]["field"], "city");
    conflicts[0]["id"].as_i64().expect("conflict id")
}

#[test]
fn every_operation_runs_headless() {
    in_keyring_session!("every_operation_runs_headless");
    let server = Server::start_demo();
    let (a, b) = (Cli::new(&server.url), Cli::new(&server.url));
    for cli in [&a, &b] {
        assert_eq!(cli.run(&["status"])["signed_in"], false);
        cli.run(&["sign-in", "--username", "demo"]);
        assert_eq!(cli.run(&["status"])["signed_in"], true);
        cli.run(&["sync"]);
    }
    let dump = a.run(&["dump"]);
    let first = dump["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["record"])
        .find(|r| r["kind"] == "contact")
        .expect("the demo has contacts")
        .clone();
    let contact = first["id"].as_str().unwrap().to_string();
    let org = first["organization_id"].as_str().unwrap().to_string();

    // Conflicts, decided each of the three ways.
    let id = make_conflict(&a, &b, &contact, "Proefstad Een", "Proefstad Twee");
    let left = b.run(&["resolve", "--conflict", &id.to_string(), "--take-theirs"]);
    assert_eq!(left["conflicts"], 0);
    b.run(&["sync"]);
    assert_eq!(b.contact(&contact).unwrap()["city"], "Proefstad Een");

    let id = make_conflict(&a, &b, &contact, "Proefstad Drie", "Proefstad Vier");
    b.run(&["resolve", "--conflict", &id.to_string(), "--keep-mine"]);
    b.run(&["sync"]);
    a.run(&["sync"]);
    assert_eq!(a.contact(&contact).unwrap()["city"], "Proefstad Vier");

    let id = make_conflict(&a, &b, &contact, "Proefstad Vijf", "Proefstad Zes");
    let out = b.output(&["resolve", "--conflict", &id.to_string()]);
    assert!(!out.status.success(), "a decision is required");
    b.run(&[
        "resolve",
        "--conflict",
        &id.to_string(),
        "--value",
        "\"Proefstad Zeven\"",
    ]);
    b.run(&["sync"]);
    a.run(&["sync"]);
    assert_eq!(a.contact(&contact).unwrap()["city"], "Proefstad Zeven");
    assert_eq!(b.run(&["status"])["status"]["conflicts"], 0);

    // Delete: a contact made by a, seen by b, deleted by a, gone from b.
    let made = a.run_quiet(
        &[
            "create-contact",
            "--org",
            &org,
            "--name",
            "Tijdelijk Contact",
        ],
        &["Tijdelijk"],
    );
    let made = made["id"].as_str().unwrap().to_string();
    a.run(&["sync"]);
    b.run(&["sync"]);
    assert!(b.contact(&made).is_some());
    let deleted = a.run(&["delete", "--kind", "contact", "--id", &made]);
    assert_eq!(deleted["pending_edits"], 1);
    a.run(&["sync"]);
    b.run(&["sync"]);
    assert!(b.contact(&made).is_none(), "the delete reached b");

    // Mark checked: today goes through; a date in the future is refused by
    // the service, listed, and discarded.
    let today = chrono::Local::now().date_naive();
    assert_ne!(
        b.contact(&contact).unwrap()["assured_date"],
        today.to_string()
    );
    a.run(&["mark-checked", "--kind", "contact", "--id", &contact]);
    a.run(&["sync"]);
    b.run(&["sync"]);
    assert_eq!(
        b.contact(&contact).unwrap()["assured_date"],
        today.to_string()
    );
    let future = (today + chrono::Duration::days(30)).to_string();
    a.run(&[
        "mark-checked",
        "--kind",
        "contact",
        "--id",
        &contact,
        "--on",
        &future,
    ]);
    let report = a.run(&["sync"]);
    assert_eq!(report["report"]["rejected"], 1, "{report}");
    let rejected = a.run(&["rejected"]);
    let rejected = rejected["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["record_id"], contact.as_str());
    assert_eq!(rejected[0]["errors"][0]["code"], "in_future");
    let mutation = rejected[0]["mutation_id"].as_str().unwrap();
    let after = a.run(&["discard", "--mutation", mutation]);
    assert_eq!(after["rejected_edits"], 0);
    assert_eq!(
        a.contact(&contact).unwrap()["assured_date"],
        today.to_string(),
        "back to the service's version"
    );

    // A full resync pulls everything again and changes nothing.
    let before = a.run(&["dump"]);
    let again = a.run(&["sync"]);
    assert_eq!(again["report"]["pulled_changes"], 0, "{again}");
    let resync = a.run(&["resync"]);
    assert!(
        resync["report"]["pulled_changes"].as_u64().unwrap() > 0,
        "{resync}"
    );
    assert_eq!(a.run(&["dump"]), before);

    a.run(&["sign-out", "--wipe"]);
    assert_eq!(a.run(&["status"])["signed_in"], false);
    assert!(a.run(&["dump"])["records"].as_array().unwrap().is_empty());
}
