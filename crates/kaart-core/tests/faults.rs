//! A fault-injecting proxy between client and server, across many random
//! schedules (proptest): connections dropped before and after the server
//! answered, 500s, delays, truncated bodies. Every schedule must end with
//! the client converged on the server's state, every edit applied, none
//! applied twice (a replay applied again would surface as a conflict).

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use kaart_api::records::{Contact, Record, RecordKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use support::proxy::{Fault, Proxy};
use support::{Server, TestClient};
use uuid::Uuid;

/// Faults the proxy actually applied, over all cases (a sanity check that
/// the schedules bite).
static FAULTS_HIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[derive(Debug, Clone)]
enum Edit {
    Create(u8),
    SetCity(usize, u8),
    SetName(usize, u8),
    MarkChecked(usize),
    DeleteOwn(usize),
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        2 => Just(Fault::Pass),
        2 => Just(Fault::DropBeforeServer),
        3 => Just(Fault::DropAfterServer),
        2 => Just(Fault::Status500),
        1 => (10u64..300).prop_map(Fault::Delay),
        3 => Just(Fault::Truncate),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<u8>().prop_map(Edit::Create),
        (0usize..8, any::<u8>()).prop_map(|(i, v)| Edit::SetCity(i, v)),
        (0usize..8, any::<u8>()).prop_map(|(i, v)| Edit::SetName(i, v)),
        (0usize..8).prop_map(Edit::MarkChecked),
        (0usize..8).prop_map(Edit::DeleteOwn),
    ]
}

fn contacts(c: &TestClient, org: Uuid) -> Vec<Record> {
    c.ws.records(Some(org), RecordKind::Contact)
        .unwrap()
        .into_iter()
        .map(|r| r.record)
        .collect()
}

fn apply(c: &TestClient, org: Uuid, created: &mut Vec<Uuid>, edit: &Edit) {
    let all = contacts(c, org);
    let pick = |i: usize| all[i % all.len()].id();
    let set =
        |id: Uuid, field: &str, value: Value| c.set(RecordKind::Contact, id, &[(field, value)]);
    match edit {
        Edit::Create(n) => {
            let id = Uuid::now_v7();
            c.ws.create(Record::Contact(Contact::named(
                id,
                org,
                format!("Proxy {n}"),
            )))
            .unwrap();
            created.push(id);
        }
        Edit::SetCity(i, v) => set(pick(*i), "city", json!(format!("Stad {v}"))),
        Edit::SetName(i, v) => set(pick(*i), "name", json!(format!("Naam {v}"))),
        Edit::MarkChecked(i) => {
            c.ws.mark_checked(
                RecordKind::Contact,
                pick(*i),
                chrono::Utc::now().date_naive(),
            )
            .unwrap();
        }
        Edit::DeleteOwn(i) => {
            if !created.is_empty() {
                let id = created.remove(i % created.len());
                c.ws.delete(RecordKind::Contact, id).unwrap();
            }
        }
    }
}

async fn run_case(
    server: &Server,
    proxy: &Proxy,
    faults: Vec<Fault>,
    edits: Vec<Edit>,
) -> Result<(), TestCaseError> {
    proxy.set_schedule([]);
    let c = TestClient::open(&proxy.url);
    c.ws.sign_in("demo", "demo").await.unwrap();
    c.ws.sync_now().await.unwrap();
    let org = c.ws.organizations().unwrap()[0].id;
    let mut created = Vec::new();
    for e in &edits {
        apply(&c, org, &mut created, e);
    }
    // What the manager sees now is what the service must end up with.
    let intended = contacts(&c, org);

    proxy.set_schedule(faults);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let done = c.ws.sync_now().await.is_ok();
        if done && c.ws.status().pending_edits == 0 {
            break;
        }
        prop_assert!(
            attempts < 20,
            "no convergence after 20 syncs: {:?}",
            proxy.log()
        );
    }
    let faults_log = proxy.log();
    FAULTS_HIT.fetch_add(
        faults_log.iter().filter(|(f, _)| *f != Fault::Pass).count(),
        std::sync::atomic::Ordering::Relaxed,
    );
    // The last successful cycle may have pulled before a lost answer was
    // replayed; one clean cycle settles it. Clean means no faults left in
    // the schedule (convergence can come before the schedule runs out, and a
    // leftover run of failures would exhaust the retries of this cycle).
    proxy.set_schedule([]);
    c.ws.sync_now().await.unwrap();

    let status = c.ws.status();
    prop_assert_eq!(
        status.conflicts,
        0,
        "a replay was applied twice: {:?}",
        faults_log
    );
    prop_assert_eq!(status.rejected_edits, 0);
    let local = contacts(&c, org);
    prop_assert_eq!(&local, &intended, "an edit was lost or changed");

    let fresh = TestClient::open(&server.url);
    fresh.ws.sign_in("demo", "demo").await.unwrap();
    fresh.ws.sync_now().await.unwrap();
    prop_assert_eq!(&contacts(&fresh, org), &local, "local equals server");
    Ok(())
}

#[test]
fn sync_converges_through_any_fault_schedule() {
    in_keyring_session!("sync_converges_through_any_fault_schedule");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = Server::start_demo();
    let proxy = runtime.block_on(Proxy::start(&server.url));
    let cases: u32 = std::env::var("KAART_PROXY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 20,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        proptest::collection::vec(fault(), 0..14),
        proptest::collection::vec(edit(), 1..10),
    );
    let started = std::time::Instant::now();
    runner
        .run(&strategy, |(faults, edits)| {
            runtime
                .block_on(async {
                    tokio::time::timeout(
                        Duration::from_secs(60),
                        run_case(&server, &proxy, faults, edits),
                    )
                    .await
                })
                .map_err(|_| TestCaseError::fail("a case took longer than 60 s"))?
        })
        .unwrap();
    let hit = FAULTS_HIT.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "{cases} schedules converged in {:?}; {hit} faults injected",
        started.elapsed()
    );
    assert!(hit > cases as usize, "the proxy injected almost no faults");
}
