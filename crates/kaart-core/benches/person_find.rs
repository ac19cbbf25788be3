//! Finding one person (*Verzoeken*) on the bench set (200,000 sign-ups),
//! synced from the real `kaart-server` into the encrypted store with the
//! real keyring (run it inside a D-Bus session; see `docs/benchmarks.md`,
//! "Finding a person"): the median of 5 searches by a name, by an e-mail
//! address and by a phone number (written another way than it was typed:
//! `+31` and no spaces), each taken from a sign-up in the data.
//!
//! Prints one JSON row per measurement on stdout (`support::row`).

// Benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use support::{ms, row};

use std::time::{Duration, Instant};

use kaart_api::records::{AnswerValue, Record};
use kaart_core::person_request::PersonQuery;
use kaart_core::signup_list::{SignupQuery, SignupScope, SignupSortColumn};

fn median_of_5(mut f: impl FnMut() -> (u32, Duration)) -> (u32, Duration) {
    let mut found = 0;
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let (n, t) = f();
            found = n;
            t
        })
        .collect();
    times.sort();
    (found, times[2])
}

fn text(record: &Record, key: &str) -> Option<String> {
    match record {
        Record::Signup(s) => match s.answers.get(key) {
            Some(AnswerValue::Text(t)) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn main() {
    if !support::should_run("person_find") {
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
    let report = runtime.block_on(ws.sync_now()).unwrap();
    let org = ws.organizations().unwrap()[0].id;

    // A sign-up that answered a phone number, from the newest 500.
    let page = ws
        .signup_page(SignupQuery {
            scope: SignupScope::Organization(org),
            status: None,
            search: String::new(),
            sort: SignupSortColumn::SubmittedAt,
            descending: true,
            offset: 0,
            limit: 500,
        })
        .unwrap();
    let person = page
        .rows
        .iter()
        .find(|r| text(&r.record, "telefoon").is_some())
        .expect("a sign-up with a phone number");
    let name = text(&person.record, "naam").unwrap();
    let email = text(&person.record, "email").unwrap();
    let phone = text(&person.record, "telefoon").unwrap();
    // `06 1234567` → `+3161234567`: another notation of the same number.
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let phone = format!("+31{}", &digits[1..]);

    let find = |q: PersonQuery| {
        median_of_5(|| {
            let started = Instant::now();
            let found = ws.find_person(q.clone()).unwrap();
            (found.signups_total, started.elapsed())
        })
    };
    let query = |name: &str, email: &str, phone: &str| PersonQuery {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
    };
    let signups = report.pulled_changes;
    for (what, q) in [
        ("a name", query(&name, "", "")),
        ("an e-mail address", query("", &email, "")),
        ("a phone number", query("", "", &phone)),
    ] {
        let (found, median) = find(q);
        row(
            &format!("find a person by {what} ({signups} rows synced; {found} sign-ups found)"),
            "median of 5",
            &ms(median),
            "—",
            None,
        );
    }

    support::finish(ws, server, &work, &app_id, &client_dir);
}
