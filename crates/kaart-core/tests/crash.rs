//! The sync killed with SIGKILL in the middle of a push and of a pull (the
//! `kaart-sync` binary frozen at a named pause point, then killed). After a
//! restart and a sync: no edit lost, none applied twice, local equals server.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use support::Server;
use uuid::Uuid;

struct Cli<'a> {
    dir: &'a Path,
    app_id: String,
    url: &'a str,
}

impl Cli<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaart-sync"));
        cmd.arg("--data-dir")
            .arg(self.dir)
            .args([
                "--service",
                self.url,
                "--keyring-service",
                &self.app_id,
                "--retries",
                "2",
            ])
            .args(args)
            .env("KAART_PASSWORD", "demo")
            .env_remove("KAART_PAUSE_AT");
        cmd
    }

    fn run(&self, args: &[&str]) -> Value {
        let out = self.command(args).output().expect("run kaart-sync");
        assert!(
            out.status.success(),
            "kaart-sync {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("kaart-sync prints JSON")
    }

    /// Runs until the process reaches `point`, then SIGKILLs it there.
    fn kill_at(&self, args: &[&str], point: &str) {
        let mut child = self
            .command(args)
            .env("KAART_PAUSE_AT", point)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kaart-sync");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with("paused at") {
                    let _ = tx.send(());
                }
            }
        });
        let paused = rx.recv_timeout(Duration::from_secs(60));
        child.kill().expect("SIGKILL");
        let status = child.wait().unwrap();
        assert!(
            paused.is_ok(),
            "kaart-sync never reached {point} (exit {status:?})"
        );
    }

    /// The local view: every record with its version, plus the counters.
    fn dump(&self) -> Value {
        self.run(&["dump"])
    }
}

fn new_cli<'a>(dir: &'a Path, url: &'a str) -> Cli<'a> {
    let cli = Cli {
        dir,
        app_id: support::unique_app_id(),
        url,
    };
    cli.run(&["sign-in", "--username", "demo"]);
    cli
}

fn records_of(dump: &Value) -> Vec<Value> {
    dump["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["record"]["kind"] != "profile")
        .map(|r| serde_json::json!({"record": r["record"], "version": r["version"]}))
        .collect()
}

fn assert_settled_and_equal(cli: &Cli<'_>, server_url: &str) -> Value {
    let dump = cli.dump();
    assert_eq!(dump["pending_edits"], 0, "every edit went out");
    assert_eq!(
        dump["conflicts"], 0,
        "a replay applied twice would show as a conflict"
    );
    assert_eq!(dump["rejected_edits"], 0);
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = new_cli(fresh_dir.path(), server_url);
    fresh.run(&["sync"]);
    assert_eq!(
        records_of(&dump),
        records_of(&fresh.dump()),
        "local equals server"
    );
    dump
}

/// Queues creations and updates; returns the names of the new contacts.
fn queue_edits(cli: &Cli<'_>, tag: &str) -> Vec<String> {
    let dump = cli.dump();
    let contacts: Vec<&Value> = dump["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["record"])
        .filter(|r| r["kind"] == "contact")
        .collect();
    let org = contacts[0]["organization_id"].as_str().unwrap().to_string();
    let mut names = Vec::new();
    for i in 0..5 {
        let name = format!("Crash {tag} {i}");
        cli.run(&["create-contact", "--org", &org, "--name", &name]);
        names.push(name);
    }
    for (i, contact) in contacts.iter().take(3).enumerate() {
        let id = contact["id"].as_str().unwrap();
        let value = format!("\"{tag} stad {i}\"");
        cli.run(&[
            "update", "--kind", "contact", "--id", id, "--field", "city", "--value", &value,
        ]);
    }
    names
}

fn assert_edits_arrived_once(dump: &Value, names: &[String], tag: &str) {
    let records = dump["records"].as_array().unwrap();
    for name in names {
        let copies = records
            .iter()
            .filter(|r| r["record"]["name"] == name.as_str())
            .count();
        assert_eq!(copies, 1, "{name} exists exactly once");
    }
    let cities = records
        .iter()
        .filter(|r| {
            r["record"]["city"]
                .as_str()
                .is_some_and(|c| c.starts_with(&format!("{tag} stad")))
        })
        .count();
    assert_eq!(cities, 3, "every update arrived");
}

fn crash_during_push(point: &str, tag: &str) {
    let server = Server::start_demo();
    let dir = tempfile::tempdir().unwrap();
    let cli = new_cli(dir.path(), &server.url);
    cli.run(&["sync"]);
    let names = queue_edits(&cli, tag);
    assert_eq!(cli.dump()["pending_edits"], 8);
    cli.kill_at(&["--batch-size", "3", "sync"], point);
    cli.run(&["sync"]);
    let dump = assert_settled_and_equal(&cli, &server.url);
    assert_edits_arrived_once(&dump, &names, tag);
}

#[test]
fn killed_after_the_service_answered_a_push() {
    in_keyring_session!("killed_after_the_service_answered_a_push");
    // The second batch was applied on the service; its answer never stored.
    crash_during_push("push-answered:2", "na-antwoord");
}

#[test]
fn killed_before_a_push_left() {
    in_keyring_session!("killed_before_a_push_left");
    crash_during_push("push-before-send:2", "voor-verzenden");
}

fn crash_during_pull(point: &str) {
    let server = Server::start_demo();
    let dir = tempfile::tempdir().unwrap();
    let cli = new_cli(dir.path(), &server.url);
    cli.run(&["sync"]);
    // Another client changes things, so the next pull has work to do.
    let other_dir = tempfile::tempdir().unwrap();
    let other = new_cli(other_dir.path(), &server.url);
    other.run(&["sync"]);
    let names = queue_edits(&other, "ander");
    other.run(&["sync"]);
    // And this client has its own edit queued.
    let own_org = cli.dump()["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["record"]["kind"] == "organization")
        .map(|r| r["record"]["id"].as_str().unwrap().to_string())
        .unwrap();
    let own = format!("Eigen {}", Uuid::now_v7().simple());
    cli.run(&["create-contact", "--org", &own_org, "--name", &own]);

    cli.kill_at(&["--page-size", "2", "sync"], point);
    cli.run(&["sync"]);
    let dump = assert_settled_and_equal(&cli, &server.url);
    assert_edits_arrived_once(&dump, &names, "ander");
    let own_copies = dump["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["record"]["name"] == own.as_str())
        .count();
    assert_eq!(own_copies, 1);
}

#[test]
fn killed_between_pages_of_a_pull() {
    in_keyring_session!("killed_between_pages_of_a_pull");
    crash_during_pull("pull-page-applied:2");
}

#[test]
fn killed_with_a_page_fetched_but_not_applied() {
    in_keyring_session!("killed_with_a_page_fetched_but_not_applied");
    crash_during_pull("pull-page-fetched:3");
}

#[test]
fn killed_in_the_middle_of_a_first_full_sync() {
    in_keyring_session!("killed_in_the_middle_of_a_first_full_sync");
    let server = Server::start_demo();
    let dir = tempfile::tempdir().unwrap();
    let cli = new_cli(dir.path(), &server.url);
    cli.kill_at(&["--page-size", "4", "sync"], "pull-page-applied:3");
    cli.run(&["sync"]);
    assert_settled_and_equal(&cli, &server.url);
}
