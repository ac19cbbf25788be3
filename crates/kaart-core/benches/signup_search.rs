//! The sign-up list's benchmark on the bench set (200,000 sign-ups, one
//! activity with 20,000), synced from the real `kaart-server` into the
//! encrypted store with the real keyring (run it inside a D-Bus session; see
//! `docs/benchmarks.md`, "Sign-up list"):
//!
//! 1. search latency, median and p95 of 100 prefix searches (names taken
//!    from the data), in the 20,000-sign-up activity and across the
//!    organisation — against a baseline measured in the same run: the same
//!    searches as a `LIKE '%…%'` scan over the stored sign-ups;
//! 2. the first page (100 rows) of the 20,000-sign-up list, by date and by
//!    an answer;
//! 3. the first page of the activity list with counts (2,001 activities),
//!    by sign-ups (the big activity on top) and by date;
//! 4. erasing removed rows after an unsubscribe (index rewrite + WAL);
//!
//! Prints one JSON row per measurement on stdout (`support::row`), for
//! `scripts/bench.sh`.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use support::{ms, row};

use std::time::{Duration, Instant};

use kaart_api::records::{AnswerValue, Record};
use kaart_core::activity_list::{ActivityPeriod, ActivityQuery, ActivitySort};
use kaart_core::secrets::OsKeyring;
use kaart_core::signup_list::{SignupQuery, SignupScope, SignupSortColumn};
use kaart_core::store::Store;

/// (median, p95) in milliseconds.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.95))
}

fn timed<R>(f: impl FnOnce() -> R) -> (R, Duration) {
    let started = Instant::now();
    let r = f();
    (r, started.elapsed())
}

fn main() {
    if !support::should_run("signup_search") {
        return;
    }
    let runtime = support::runtime();
    let work = support::WorkDir::new();
    let support::BenchClient {
        server,
        client_dir,
        app_id,
        ws,
    } = support::signed_in_client(&work, &runtime);
    eprintln!("initial sync…");
    let (report, initial_sync) = timed(|| runtime.block_on(ws.sync_now()).unwrap());

    let org = ws.organizations().unwrap()[0].id;
    // The activity list as the window asks for it: the first page of period
    // "Alle", by date and by sign-ups (most first: the big activity on top).
    let list_query = |sort| ActivityQuery {
        organization: Some(org),
        period: ActivityPeriod::All,
        search: String::new(),
        sort,
        descending: sort == ActivitySort::Signups,
        offset: 0,
        limit: 100,
    };
    let (by_signups, list_time) =
        timed(|| ws.activity_page(list_query(ActivitySort::Signups)).unwrap());
    let activity_count = by_signups.total;
    let big = &by_signups.rows[0];
    let big_id = big.id;
    let big_count = big.counts.registered + big.counts.cancelled;
    // Every sign-up of the organisation, from the core's own count.
    let signups = u64::from(
        ws.signup_page(SignupQuery {
            scope: SignupScope::Organization(org),
            status: None,
            search: String::new(),
            sort: SignupSortColumn::SubmittedAt,
            descending: false,
            offset: 0,
            limit: 0,
        })
        .unwrap()
        .total,
    );
    let mut list_times = vec![list_time];
    for _ in 0..9 {
        list_times.push(timed(|| ws.activity_page(list_query(ActivitySort::Signups)).unwrap()).1);
    }
    let by_date_times: Vec<Duration> = (0..10)
        .map(|_| {
            timed(|| {
                ws.activity_page(list_query(ActivitySort::StartsAt))
                    .unwrap()
            })
            .1
        })
        .collect();

    let query = |scope, search: &str, sort| SignupQuery {
        scope,
        status: None,
        search: search.into(),
        sort,
        descending: false,
        offset: 0,
        limit: 100,
    };
    // 100 search words: the first four letters of names in the big list.
    let sample = ws
        .signup_page(SignupQuery {
            limit: 500,
            ..query(
                SignupScope::Activity(big_id),
                "",
                SignupSortColumn::SubmittedAt,
            )
        })
        .unwrap();
    let words: Vec<String> = sample
        .rows
        .iter()
        .filter_map(|r| match &r.record {
            Record::Signup(s) => match s.answers.get("naam") {
                Some(AnswerValue::Text(t)) => Some(t.chars().take(4).collect()),
                _ => None,
            },
            _ => None,
        })
        .step_by(5)
        .take(100)
        .collect();
    assert_eq!(words.len(), 100, "100 search words from the data");

    let search = |scope: SignupScope| -> (Vec<Duration>, u64) {
        let mut found = 0;
        let times = words
            .iter()
            .map(|w| {
                let (page, t) = timed(|| {
                    ws.signup_page(query(scope, w, SignupSortColumn::SubmittedAt))
                        .unwrap()
                });
                found += u64::from(page.total);
                t
            })
            .collect();
        (times, found)
    };
    let (in_activity, found_activity) = search(SignupScope::Activity(big_id));
    let (in_org, found_org) = search(SignupScope::Organization(org));

    // Baseline: the same words as a scan of every stored sign-up.
    let store = Store::open(&client_dir, &OsKeyring::new(&app_id)).unwrap();
    let scan: Vec<Duration> = words
        .iter()
        .take(20)
        .map(|w| {
            timed(|| {
                store
                    .read()
                    .query_row(
                        "SELECT count(*) FROM records WHERE kind = 'signup'
                         AND json_extract(fields, '$.answers') LIKE '%' || ?1 || '%'",
                        [w],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
            })
            .1
        })
        .collect();

    let first_page = |sort: SignupSortColumn| {
        let times: Vec<Duration> = (0..10)
            .map(|_| {
                timed(|| {
                    ws.signup_page(query(SignupScope::Activity(big_id), "", sort.clone()))
                        .unwrap()
                })
                .1
            })
            .collect();
        spread(times)
    };
    let by_date = first_page(SignupSortColumn::SubmittedAt);
    let by_name = first_page(SignupSortColumn::Answer("naam".into()));
    let last_page = spread(
        (0..10)
            .map(|_| {
                timed(|| {
                    ws.signup_page(SignupQuery {
                        offset: big_count.saturating_sub(100),
                        ..query(
                            SignupScope::Activity(big_id),
                            "",
                            SignupSortColumn::SubmittedAt,
                        )
                    })
                    .unwrap()
                })
                .1
            })
            .collect(),
    );
    let (_, erase) = timed(|| store.erase_removed_rows().unwrap());

    let (scan_med, _) = spread(scan);
    let (a_med, a_p95) = spread(in_activity);
    let (o_med, o_p95) = spread(in_org);
    let (l_med, l_p95) = spread(list_times);
    let (d_med, d_p95) = spread(by_date_times);
    let scan = format!("`LIKE` scan of the stored answers, median of 20: {scan_med:.0} ms");
    row(
        &format!("search over the organisation's {signups} sign-ups, 100 prefix words ({found_org} hits)"),
        "median, p95 of 100 queries",
        &format!("{o_med:.1} ms, {o_p95:.1} ms"),
        &scan,
        Some(o_med / scan_med),
    );
    row(
        &format!("search in the {big_count}-sign-up activity, same words ({found_activity} hits)"),
        "median, p95 of 100 queries",
        &format!("{a_med:.1} ms, {a_p95:.1} ms"),
        &scan,
        Some(a_med / scan_med),
    );
    let pages = [("by date", by_date), ("sorted by name", by_name)];
    for (how, (median, p95)) in pages {
        row(
            &format!("first page (100) of the {big_count}-sign-up list, {how}"),
            "median, p95 of 10",
            &format!("{median:.1} ms, {p95:.1} ms"),
            "—",
            None,
        );
    }
    row(
        &format!("last page of the {big_count}-sign-up list, by date"),
        "median, p95 of 10",
        &format!("{:.1} ms, {:.1} ms", last_page.0, last_page.1),
        "—",
        None,
    );
    row(
        &format!(
            "activity list with counts, {activity_count} activities: first page (100) by sign-ups"
        ),
        "median, p95 of 10",
        &format!("{l_med:.1} ms, {l_p95:.1} ms"),
        "—",
        None,
    );
    row(
        &format!(
            "activity list with counts, {activity_count} activities: first page (100) by date"
        ),
        "median, p95 of 10",
        &format!("{d_med:.1} ms, {d_p95:.1} ms"),
        "—",
        None,
    );
    row(
        "erasing removed rows (search index rewrite + WAL truncate), once",
        "ms",
        &ms(erase),
        "—",
        None,
    );
    eprintln!(
        "(initial sync with the search index, {} rows: {} — sync_client measures it)",
        report.pulled_changes,
        ms(initial_sync)
    );

    drop(store);
    support::finish(ws, server, &work, &app_id, &client_dir);
}
