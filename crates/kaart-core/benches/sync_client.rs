//! The sync client's benchmark against the real `kaart-server` over
//! loopback, with the real keyring (run it inside a D-Bus session with an
//! unlocked gnome-keyring, e.g. `scripts/with-session.sh`; it is one part of
//! `scripts/bench.sh`, see `docs/benchmarks.md`):
//!
//! 1. initial sync of the bench organisation (5,000 records, 200,000
//!    sign-ups), in s and rows/s, against two baselines measured in the
//!    same run: the same rows inserted into a plain SQLite file and into a
//!    SQLCipher file, each with the store's own schema and settings
//!    ([`store::prepare_like_store`]), in one transaction, the search index
//!    filled in bulk as a pull page fills it ([`store::search`]); with
//!    `KAART_BENCH_ROW_BY_ROW=1` also the SQLCipher insert with the index
//!    filled row by row by the triggers (the cost before `store::search`);
//!    with `KAART_BENCH_PAGE_SIZE=<n>` the sync asks for pages of `n`
//!    changes (at most the service's maximum), to see what commits cost;
//! 2. a sync with nothing to do (requests, ms);
//! 3. pushing 1,000 queued edits (requests, ms);
//! 4. opening the encrypted store (ms), against opening the plain copy.
//!
//! Prints one JSON row per measurement on stdout (`support::row`). With
//! `KAART_BENCH_KEEP=<dir>` the synced store (`client/`, its keyring entries
//! under the id in `app_id`) and the plain copy (`plain.db`) stay in `<dir>`
//! for the export rows of `scripts/bench.sh`.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use kaart_api::records::RecordKind;
use kaart_core::secrets::OsKeyring;
use kaart_core::store::{self, records, Store};
use kaart_core::{Workspace, WorkspaceConfig};
use serde_json::{json, Map};
use support::{ms, row};

/// A row as the store holds it: kind, id, organisation, version, JSON.
type Row = (String, String, Option<String>, i64, String);

/// `n` with thousands separators: 205,001.
fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn secs_and_rate(rows: usize, d: Duration) -> String {
    format!(
        "{:.2} s · {} rows/s",
        d.as_secs_f64(),
        thousands(rows as f64 / d.as_secs_f64())
    )
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// How a baseline fills the search index.
#[derive(Clone, Copy, PartialEq)]
enum Index {
    /// In bulk after the inserts, as a pull page does ([`store::search`]).
    Bulk,
    /// Row by row through the triggers (how pull pages filled it before).
    RowByRow,
}

/// Inserts `rows` into a fresh SQLite file at `path` with the store's schema
/// and settings, keyed with a raw key when `key` is given, in one
/// transaction (the search index filled as `index` says); returns the time
/// of the inserts, the index and the commit.
fn insert_like_store(path: &Path, key: Option<&str>, rows: &[Row], index: Index) -> Duration {
    remove_db(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(key) = key {
        conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
            .unwrap();
    }
    let mut conn = store::prepare_like_store(conn).unwrap();
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    let insert = |conn: &rusqlite::Connection| {
        let mut stmt = conn
            .prepare("INSERT INTO records (kind, id, organization_id, version, fields) VALUES (?1, ?2, ?3, ?4, ?5)")
            .unwrap();
        for r in rows {
            stmt.execute(rusqlite::params![r.0, r.1, r.2, r.3, r.4])
                .unwrap();
        }
        Ok(())
    };
    match index {
        Index::Bulk => store::search::deferred(&tx, insert).unwrap(),
        Index::RowByRow => insert(&tx).unwrap(),
    }
    tx.commit().unwrap();
    let elapsed = started.elapsed();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    elapsed
}

/// The median of 7 runs of `f`.
fn median_of_7(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..7).map(|_| f()).collect();
    times.sort();
    times[3]
}

fn main() {
    if !support::should_run("sync_client") {
        return;
    }
    let runtime = support::runtime();
    let work = support::WorkDir::new();
    let server_db = work.path().join("server.db");

    let (mut server, url) = support::seeded_server(&server_db);

    let client_dir = work.path().join("client");
    let app_id = format!("nl.kaartbeheer.bench.{}", uuid::Uuid::new_v4().simple());
    if work.kept() {
        std::fs::write(work.path().join("app_id"), &app_id).unwrap();
    }
    let mut config = WorkspaceConfig::new(&client_dir, &app_id, &url);
    // Smaller pages than the service's maximum, to see what a commit costs.
    if let Some(size) = std::env::var("KAART_BENCH_PAGE_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        config.page_size = size;
    }
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

    // The same rows (same JSON text), read back from the synced store.
    let all = {
        let store = Store::open(&client_dir, &OsKeyring::new(&app_id)).unwrap();
        let conn = store.read();
        records::all(&conn).unwrap()
    };
    let mut prepared: Vec<Row> = all
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
    eprintln!("baselines: plain and SQLCipher inserts…");
    let plain_path = work.path().join("plain.db");
    let plain_time = insert_like_store(&plain_path, None, &prepared, Index::Bulk);
    let cipher_path = work.path().join("cipher.db");
    let cipher_time = insert_like_store(
        &cipher_path,
        Some(&store::new_key()),
        &prepared,
        Index::Bulk,
    );
    // Optional (about 100 s): the same with the index filled row by row, as
    // the triggers did for every pull page before `store::search`.
    let row_by_row_time = std::env::var_os("KAART_BENCH_ROW_BY_ROW").map(|_| {
        eprintln!("baseline: SQLCipher insert, index row by row…");
        insert_like_store(
            &cipher_path,
            Some(&store::new_key()),
            &prepared,
            Index::RowByRow,
        )
    });
    remove_db(&cipher_path);

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

    // 4. Opening the encrypted store (keyring lookup + key + schema check),
    //    against opening the plain copy the same way without key or keyring.
    let keyring = OsKeyring::new(&app_id);
    let open = median_of_7(|| {
        let started = Instant::now();
        let store = Store::open(&client_dir, &keyring).unwrap();
        let elapsed = started.elapsed();
        drop(store);
        elapsed
    });
    let open_plain = median_of_7(|| {
        let started = Instant::now();
        let writer =
            store::prepare_like_store(rusqlite::Connection::open(&plain_path).unwrap()).unwrap();
        let reader = rusqlite::Connection::open(&plain_path).unwrap();
        reader
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
        let elapsed = started.elapsed();
        drop((writer, reader));
        elapsed
    });

    let n = prepared.len();
    let ratio = |a: Duration, b: Duration| Some(a.as_secs_f64() / b.as_secs_f64());
    let sync_row = format!(
        "initial sync, {} rows ({} pages), loopback",
        thousands(rows as f64),
        report.pages
    );
    let sync_value = format!(
        "{} · {initial_requests} requests",
        secs_and_rate(rows as usize, initial)
    );
    row(
        &sync_row,
        "s, rows/s",
        &sync_value,
        &format!(
            "plain SQLite insert of the same rows: {}",
            secs_and_rate(n, plain_time)
        ),
        ratio(initial, plain_time),
    );
    row(
        &sync_row,
        "s, rows/s",
        &sync_value,
        &format!(
            "SQLCipher insert of the same rows: {}",
            secs_and_rate(n, cipher_time)
        ),
        ratio(initial, cipher_time),
    );
    if let Some(slow) = row_by_row_time {
        row(
            &sync_row,
            "s, rows/s",
            &sync_value,
            &format!(
                "SQLCipher insert of the same rows, search index filled row by row by the triggers: {}",
                secs_and_rate(n, slow)
            ),
            ratio(initial, slow),
        );
    }
    row(
        "sync with nothing to do",
        "requests, ms",
        &format!("{noop_requests} requests · {}", ms(noop)),
        "—",
        None,
    );
    row(
        "push 1,000 queued edits (and pull them back)",
        "requests, ms",
        &format!(
            "{push_requests} requests · {} (queueing them: {})",
            ms(push),
            ms(editing)
        ),
        "—",
        None,
    );
    row(
        &format!(
            "open the encrypted store ({} rows), median of 7",
            thousands(n as f64)
        ),
        "ms",
        &ms(open),
        &format!("the same store unencrypted: {}", ms(open_plain)),
        ratio(open, open_plain),
    );

    let _ = server.kill();
    let _ = server.wait();
    if !work.kept() {
        let _ = support::keyring_cleanup(&app_id, &client_dir);
    }
}
