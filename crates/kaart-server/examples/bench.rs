//! The central service benchmark (not a test; not run in CI):
//!
//! ```text
//! cargo run --release -p kaart-server --example bench
//! ```
//!
//! Seeds the bench set (one organisation, 5,000 records, 200,000 sign-ups)
//! into a temporary database, then measures over loopback
//! - the changes feed: a full sync of the organisation, paged, parsed into
//!   `ChangesPage`s as a client does, against a baseline of a plain `SELECT`
//!   of the same rows straight from SQLite;
//! - mutation batches: field updates in batches of 100, against a baseline
//!   of the same row updates straight in SQLite.
//!
//! With `KAART_BENCH_SEEDED_DB=<file>` it copies that database (seeded
//! before with `kaart-server seed --bench`) instead of seeding. Prints the
//! table, and one JSON row per measurement on stdout for `scripts/bench.sh`
//! (the lines that start with `{`).

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use kaart_api::fields::FieldChange;
use kaart_api::records::{Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::{
    Change, ChangesPage, Mutation, MutationBatch, MutationBatchResult, MutationOp, Outcome, Scope,
};
use kaart_server::generate::bench::{seed_bench, BENCH_PASSWORD, BENCH_USERNAME};
use serde_json::json;
use uuid::Uuid;

const RECORDS: usize = 5_000;
const SIGNUPS: usize = 200_000;
const MUTATIONS: usize = 5_000;
const BATCH: usize = 100;

fn rate(n: usize, secs: f64) -> f64 {
    n as f64 / secs
}

/// One result row of `scripts/bench.sh` (as the core's benches print them,
/// `crates/kaart-core/benches/support`): a rate and its baseline's rate; the
/// ratio is the cost in units of the baseline's (baseline rate ÷ rate).
fn json_row(row: &str, unit: &str, value: f64, baseline: &str, base: f64) {
    let (unit_short, baseline_what) = baseline.split_once(": ").unwrap_or((unit, baseline));
    println!(
        "{}",
        json!({
            "row": row,
            "measure": unit,
            "value": format!("{value:.0} {unit}"),
            "baseline": format!("{baseline_what}: {base:.0} {unit_short}"),
            "ratio": format!("{:.2}×", base / value),
        })
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("bench.sqlite");
    let started = Instant::now();
    let conn = match std::env::var_os("KAART_BENCH_SEEDED_DB") {
        Some(seeded) => {
            std::fs::copy(seeded, &db_path)?;
            kaart_server::db::open(&db_path)?
        }
        None => {
            let mut conn = kaart_server::db::open(&db_path)?;
            seed_bench(&mut conn, RECORDS, SIGNUPS)?;
            kaart_server::db::checkpoint_truncate(&conn)?;
            conn
        }
    };
    let seed_secs = started.elapsed().as_secs_f64();
    let org: Uuid = conn.query_row(
        "SELECT org_id FROM records WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get::<_, String>(0),
    )?
    .parse()?;
    let count = |kind: &str| -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT count(*) FROM records WHERE org_id = ?1 AND kind = ?2",
            [org.to_string(), kind.to_string()],
            |r| r.get(0),
        )
    };
    let signups = count("signup")?;
    let total_rows: i64 = conn.query_row(
        "SELECT count(*) FROM records WHERE org_id = ?1",
        [org.to_string()],
        |r| r.get(0),
    )?;

    // Baseline: the same rows straight from SQLite, JSON text included.
    let started = Instant::now();
    let mut baseline_rows = 0usize;
    let mut bytes = 0usize;
    {
        let mut stmt =
            conn.prepare("SELECT seq, version, json FROM records WHERE org_id = ?1 ORDER BY seq")?;
        let mut rows = stmt.query([org.to_string()])?;
        while let Some(row) = rows.next()? {
            let json: String = row.get(2)?;
            bytes += json.len();
            baseline_rows += 1;
        }
    }
    let baseline_secs = started.elapsed().as_secs_f64();
    drop(conn);

    let server =
        kaart_server::start(kaart_server::Config::new("127.0.0.1:0".parse()?, &db_path)).await?;
    let base = server.url();
    let http = reqwest::Client::new();
    let session: serde_json::Value = http
        .post(format!("{base}{}", routes::session()))
        .json(&json!({"username": BENCH_USERNAME, "password": BENCH_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = session["token"].as_str().unwrap_or_default().to_string();

    let mut feed = Vec::new();
    let mut contacts = Vec::new();
    for limit in [1_000u32, 5_000] {
        let started = Instant::now();
        let mut cursor: Option<String> = None;
        let mut rows = 0usize;
        let mut pages = 0usize;
        loop {
            let mut url = format!("{base}{}?limit={limit}", routes::changes(org));
            if let Some(c) = &cursor {
                url.push_str(&format!("&since={c}"));
            }
            let page: ChangesPage = http
                .get(url)
                .bearer_auth(&token)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            rows += page.changes.len();
            pages += 1;
            if contacts.is_empty() || limit == 1_000 {
                for change in &page.changes {
                    if let Change::Upsert {
                        record: Record::Contact(c),
                        ..
                    } = change
                    {
                        if contacts.len() < MUTATIONS {
                            contacts.push((c.id, c.reachability.clone()));
                        }
                    }
                }
            }
            cursor = Some(page.cursor);
            if !page.has_more {
                break;
            }
        }
        feed.push((limit, rows, pages, started.elapsed().as_secs_f64()));
    }
    contacts.truncate(MUTATIONS);

    // Mutations: update one field of each contact, batches of 100.
    let started = Instant::now();
    let mut applied = 0usize;
    for chunk in contacts.chunks(BATCH) {
        let batch = MutationBatch {
            mutations: chunk
                .iter()
                .map(|(id, reachability)| Mutation {
                    mutation_id: Uuid::now_v7(),
                    op: MutationOp::Update {
                        kind: RecordKind::Contact,
                        id: *id,
                        changes: vec![FieldChange {
                            field: "reachability".into(),
                            from: json!(reachability),
                            to: json!("Alleen op dinsdag; bel vóór 10 uur"),
                        }],
                    },
                })
                .collect(),
        };
        let result: MutationBatchResult = http
            .post(format!(
                "{base}{}",
                routes::mutations(Scope::Organization(org))
            ))
            .bearer_auth(&token)
            .json(&batch)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        applied += result
            .results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Applied { .. }))
            .count();
    }
    let mutation_secs = started.elapsed().as_secs_f64();
    let mutated = contacts.len();
    server.shutdown().await?;

    // Baseline: the same number of row updates straight in SQLite, same batches.
    let mut conn = kaart_server::db::open(&db_path)?;
    let started = Instant::now();
    for chunk in contacts.chunks(BATCH) {
        let tx = conn.transaction()?;
        for (id, _) in chunk {
            let json: String = tx.query_row(
                "SELECT json FROM records WHERE kind = 'contact' AND id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )?;
            let seq = kaart_server::store::next_seq(&tx)?;
            tx.execute(
                "UPDATE records SET json = ?2, version = version + 1, seq = ?3 WHERE kind = 'contact' AND id = ?1",
                rusqlite::params![id.to_string(), json.replace("dinsdag", "woensdag"), seq],
            )?;
        }
        tx.commit()?;
    }
    let baseline_mut_secs = started.elapsed().as_secs_f64();

    println!("Bench set: {} records + {signups} sign-ups in one organisation ({total_rows} rows, {:.0} MB of JSON), seeded (or copied) in {seed_secs:.1} s", total_rows - signups, bytes as f64 / 1e6);
    println!();
    println!("| measurement | rows | time (s) | rate | baseline rate | ratio |");
    println!("|---|---:|---:|---:|---:|---:|");
    let base_rate = rate(baseline_rows, baseline_secs);
    println!("| baseline: `SELECT` of the org's rows from SQLite | {baseline_rows} | {baseline_secs:.2} | {:.0} rows/s | | |", base_rate);
    for (limit, rows, pages, secs) in &feed {
        println!(
            "| changes feed over loopback, limit {limit} ({pages} pages, parsed) | {rows} | {secs:.2} | {:.0} rows/s | {:.0} rows/s | {:.2} |",
            rate(*rows, *secs),
            base_rate,
            rate(*rows, *secs) / base_rate
        );
    }
    for (limit, rows, pages, secs) in &feed {
        json_row(
            &format!("the server: changes feed over loopback, {rows} rows, limit {limit} ({pages} pages, parsed)"),
            "rows/s",
            rate(*rows, *secs),
            "rows/s: plain SQLite `SELECT` of the same rows",
            base_rate,
        );
    }
    json_row(
        &format!("the server: mutation batches of {BATCH} over loopback ({applied} of {mutated} applied)"),
        "mutations/s",
        rate(mutated, mutation_secs),
        "updates/s: the same row updates in plain SQLite, 100 per transaction",
        rate(mutated, baseline_mut_secs),
    );
    let base_mut = rate(mutated, baseline_mut_secs);
    println!("| baseline: the same row updates straight in SQLite, 100 per transaction | {mutated} | {baseline_mut_secs:.2} | {:.0} updates/s | | |", base_mut);
    println!(
        "| mutation batches of {BATCH} over loopback ({applied} applied) | {mutated} | {mutation_secs:.2} | {:.0} mutations/s | {:.0} updates/s | {:.2} |",
        rate(mutated, mutation_secs),
        base_mut,
        rate(mutated, mutation_secs) / base_mut
    );
    Ok(())
}
