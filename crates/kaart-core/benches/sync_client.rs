//! The sync client's benchmark against the real `kaart-server` over
//! loopback, with the real keyring (run it inside a D-Bus session with an
//! unlocked gnome-keyring; see `docs/benchmarks.md`, "Sync client"):
//!
//! 1. initial sync of the bench organisation (5,000 records, 200,000
//!    sign-ups), in rows/s, against a plain (unencrypted) SQLite bulk insert
//!    of the same rows measured in the same run;
//! 2. a sync with nothing to do (requests, ms);
//! 3. pushing 1,000 queued edits (requests, ms);
//! 4. opening the encrypted store (ms).

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use kaart_api::records::RecordKind;
use kaart_core::secrets::OsKeyring;
use kaart_core::store::{records, Store};
use kaart_core::{Workspace, WorkspaceConfig};
use serde_json::{json, Map};

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: skip.
        eprintln!("sync_client is a benchmark: run it with `cargo bench`");
        return;
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        eprintln!(
            "This benchmark uses the real keyring. Run it inside a D-Bus session:\n  \
             dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
             cargo bench -p kaart-core --bench sync_client'"
        );
        std::process::exit(2);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let server_db = work.path().join("server.db");

    let (mut server, url) = support::seeded_server(&server_db);

    let client_dir = work.path().join("client");
    let app_id = format!("nl.kaartbeheer.bench.{}", uuid::Uuid::new_v4().simple());
    let config = WorkspaceConfig::new(&client_dir, &app_id, &url);
    let ws = Workspace::open(config.clone()).expect("open workspace");
    runtime
        .block_on(ws.sign_in("bench", "bench"))
        .expect("sign in as bench");

    // 1. Initial sync.
    eprintln!("initial sync…");
    let before = ws.request_count();
    let started = Instant::now();
    let report = runtime.block_on(ws.sync_now()).expect("initial sync");
    let initial = started.elapsed();
    let initial_requests = ws.request_count() - before;
    let rows = report.pulled_changes;

    // The same rows into plain SQLite, in one transaction.
    let (all, schema) = {
        let store = Store::open(&client_dir, &OsKeyring::new(&app_id)).unwrap();
        let conn = store.read();
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'records' AND sql IS NOT NULL ORDER BY type DESC")
            .unwrap();
        let schema: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        drop(stmt);
        (records::all(&conn).unwrap(), schema)
    };
    let mut prepared: Vec<(String, String, Option<String>, i64, String)> = all
        .iter()
        .map(|r| {
            let org = r
                .fields
                .get("organization_id")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            (
                r.kind.as_str().to_string(),
                r.id.to_string(),
                org,
                r.version,
                serde_json::to_string(&r.fields).unwrap(),
            )
        })
        .collect();
    // The feed delivers sign-ups in random id order (their ids are not
    // time-ordered); insert in a random order too, so the comparison is fair.
    {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        prepared.shuffle(&mut rand::rngs::StdRng::seed_from_u64(7));
    }
    let plain_path = work.path().join("plain.db");
    let mut plain = rusqlite::Connection::open(&plain_path).unwrap();
    plain.pragma_update(None, "journal_mode", "WAL").unwrap();
    plain.pragma_update(None, "synchronous", "NORMAL").unwrap();
    plain.pragma_update(None, "cache_size", -65_536).unwrap();
    // The very same table and indexes as the encrypted store.
    for sql in &schema {
        plain.execute_batch(sql).unwrap();
    }
    let started = Instant::now();
    {
        let tx = plain.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare("INSERT INTO records (kind, id, organization_id, version, fields) VALUES (?1, ?2, ?3, ?4, ?5)")
                .unwrap();
            for row in &prepared {
                stmt.execute(rusqlite::params![row.0, row.1, row.2, row.3, row.4])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let plain_time = started.elapsed();

    // 2. A sync with nothing to do.
    let before = ws.request_count();
    let started = Instant::now();
    runtime.block_on(ws.sync_now()).expect("no-op sync");
    let noop = started.elapsed();
    let noop_requests = ws.request_count() - before;

    // 3. 1,000 queued edits, then one sync that pushes them.
    let org = ws.organizations().unwrap()[0].id;
    let mut targets = Vec::new();
    for (kind, field) in [
        (RecordKind::Contact, "city"),
        (RecordKind::Offering, "costs"),
        (RecordKind::Activity, "location"),
    ] {
        for local in ws.records(Some(org), kind).unwrap() {
            targets.push((kind, local.record.id(), field));
        }
    }
    assert!(
        targets.len() >= 1_000,
        "the bench set has at least 1,000 editable records"
    );
    let started = Instant::now();
    for (i, (kind, id, field)) in targets.iter().take(1_000).enumerate() {
        let mut fields = Map::new();
        fields.insert(field.to_string(), json!(format!("Bench {i}")));
        ws.update_fields(*kind, *id, fields).expect("edit");
    }
    let editing = started.elapsed();
    let before = ws.request_count();
    let started = Instant::now();
    let pushed = runtime.block_on(ws.sync_now()).expect("push sync");
    let push = started.elapsed();
    let push_requests = ws.request_count() - before;
    assert_eq!(pushed.applied, 1_000);
    drop(ws);

    // 4. Opening the encrypted store (keyring lookup + key + schema check).
    let keyring = OsKeyring::new(&app_id);
    let mut opens: Vec<Duration> = (0..7)
        .map(|_| {
            let started = Instant::now();
            let store = Store::open(&client_dir, &keyring).unwrap();
            let elapsed = started.elapsed();
            drop(store);
            elapsed
        })
        .collect();
    opens.sort();

    let rate = |n: u64, d: Duration| format!("{:.0} rows/s", n as f64 / d.as_secs_f64());
    println!();
    println!("| Measurement | Result |");
    println!("|---|---|");
    println!(
        "| Initial sync, {rows} rows ({} pages) | {} · {} · {initial_requests} requests |",
        report.pages,
        ms(initial),
        rate(rows, initial)
    );
    println!(
        "| Plain SQLite bulk insert of the same {} rows | {} · {} |",
        prepared.len(),
        ms(plain_time),
        rate(prepared.len() as u64, plain_time)
    );
    println!(
        "| Initial sync ÷ plain insert | {:.1}× |",
        initial.as_secs_f64() / plain_time.as_secs_f64()
    );
    println!(
        "| Sync with nothing to do | {} · {noop_requests} requests |",
        ms(noop)
    );
    println!(
        "| Queueing 1,000 edits locally | {} ({:.2} ms per edit) |",
        ms(editing),
        editing.as_secs_f64()
    );
    println!(
        "| Sync pushing 1,000 queued edits (and pulling them back) | {} · {push_requests} requests |",
        ms(push)
    );
    println!(
        "| Opening the encrypted store ({} rows), median of 7 | {:.1} ms |",
        prepared.len(),
        opens[3].as_secs_f64() * 1000.0
    );

    let _ = server.kill();
    let _ = server.wait();
    let _ = support::keyring_cleanup(&app_id, &client_dir);
}
