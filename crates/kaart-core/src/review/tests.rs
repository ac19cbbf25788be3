//! Due dates in Dutch time over a real (encrypted) store: month ends, leap
//! days, the clock changes, a computer in another zone, and the local view
//! (a "Gecontroleerd" waiting to be synced) overriding the base.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use kaart_api::account::Policy;
use kaart_api::records::{AnswerValue, Contact, Record, RecordKind, Signup, SignupStatus};
use uuid::Uuid;

use super::*;
use crate::edits;
use crate::store::{records, Store};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn instant(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn policy(review_interval_days: u32) -> Policy {
    Policy {
        review_interval_days,
        ..Policy::default()
    }
}

struct TestStore {
    store: Store,
    _dir: tempfile::TempDir,
}

fn store() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let key = "ab".repeat(32);
    let store = Store::open_with_key(&dir.path().join("kaart.db"), &key).unwrap();
    TestStore { store, _dir: dir }
}

impl TestStore {
    fn contact(&self, org: Uuid, name: &str, assured: Option<&str>) -> Uuid {
        let id = Uuid::now_v7();
        let record = Record::Contact(Contact {
            assured_date: assured.map(date),
            ..Contact::named(id, org, name)
        });
        records::upsert(&self.store.write(), &record, 1).unwrap();
        id
    }

    fn due(&self, org: Option<Uuid>, policy: &Policy, now: &str) -> Vec<ReviewItem> {
        due(&self.store.read(), org, policy, instant(now)).unwrap()
    }

    fn counts(&self, org: Option<Uuid>, policy: &Policy, now: &str) -> ReviewCounts {
        counts(&self.store.read(), org, policy, instant(now)).unwrap()
    }
}

fn titles(items: &[ReviewItem]) -> Vec<(&str, bool)> {
    items
        .iter()
        .map(|i| (i.title.as_str(), i.almost_due))
        .collect()
}

#[test]
fn the_interval_runs_over_month_ends_and_leap_days() {
    // 2024 is a leap year: Jan–Jun hold 182 days, so 1 July.
    assert_eq!(due_on(date("2024-01-01"), 182), date("2024-07-01"));
    // 2023 is not: Jan–Jun hold 181 days.
    assert_eq!(due_on(date("2023-01-01"), 182), date("2023-07-02"));
    // From a month's last day over February: 181 days to 28 Feb.
    assert_eq!(due_on(date("2026-08-31"), 182), date("2027-03-01"));
    // Over 29 February 2028.
    assert_eq!(due_on(date("2027-08-31"), 182), date("2028-02-29"));
    // Checked on a leap day.
    assert_eq!(due_on(date("2028-02-29"), 365), date("2029-02-28"));
}

#[test]
fn today_is_the_date_in_amsterdam_across_the_clock_changes() {
    // Winter time (UTC+1): 23:30 UTC is already tomorrow in Amsterdam.
    assert_eq!(
        amsterdam_date(instant("2026-01-31T23:30:00Z")),
        date("2026-02-01")
    );
    assert_eq!(
        amsterdam_date(instant("2026-01-31T22:59:59Z")),
        date("2026-01-31")
    );
    // The night of 29 March 2026 the clocks go forward at 01:00 UTC.
    assert_eq!(
        amsterdam_date(instant("2026-03-28T23:00:00Z")),
        date("2026-03-29")
    );
    assert_eq!(
        amsterdam_date(instant("2026-03-29T21:59:59Z")),
        date("2026-03-29")
    );
    assert_eq!(
        amsterdam_date(instant("2026-03-29T22:00:00Z")),
        date("2026-03-30")
    );
    // Summer time (UTC+2) until 25 October 2026, 01:00 UTC.
    assert_eq!(
        amsterdam_date(instant("2026-10-24T22:00:00Z")),
        date("2026-10-25")
    );
    assert_eq!(
        amsterdam_date(instant("2026-10-25T22:59:59Z")),
        date("2026-10-25")
    );
    assert_eq!(
        amsterdam_date(instant("2026-10-25T23:00:00Z")),
        date("2026-10-26")
    );
    // New year's eve and a leap day.
    assert_eq!(
        amsterdam_date(instant("2027-12-31T23:00:00Z")),
        date("2028-01-01")
    );
    assert_eq!(
        amsterdam_date(instant("2028-02-28T23:00:00Z")),
        date("2028-02-29")
    );
}

#[test]
fn due_almost_due_and_not_yet_under_the_policy() {
    let s = store();
    let org = Uuid::now_v7();
    s.contact(org, "Nooit", None);
    s.contact(org, "Lang geleden", Some("2025-01-01"));
    s.contact(org, "Precies vandaag", Some("2026-05-24")); // + 182 = 22 Nov
    s.contact(org, "Over veertien dagen", Some("2026-06-07")); // 6 Dec
    s.contact(org, "Over vijftien dagen", Some("2026-06-08")); // 7 Dec
    s.contact(Uuid::now_v7(), "Andere organisatie", None);
    let now = "2026-11-22T11:00:00Z";

    let items = s.due(Some(org), &policy(182), now);
    assert_eq!(
        titles(&items),
        [
            ("Nooit", false),
            ("Lang geleden", false),
            ("Precies vandaag", false),
            ("Over veertien dagen", true),
        ]
    );
    assert_eq!(items[0].due_on, None);
    assert_eq!(items[2].due_on, Some(date("2026-11-22")));
    assert_eq!(items[3].due_on, Some(date("2026-12-06")));
    assert_eq!(
        s.counts(Some(org), &policy(182), now),
        ReviewCounts {
            due: 3,
            almost_due: 1
        }
    );
    assert_eq!(
        s.counts(None, &policy(182), now).due,
        4,
        "all organisations"
    );

    // A longer interval from the service: fewer are due.
    let longer = s.due(Some(org), &policy(365), now);
    assert_eq!(titles(&longer), [("Nooit", false), ("Lang geleden", false)]);
    assert_eq!(
        s.counts(Some(org), &policy(365), now),
        ReviewCounts {
            due: 2,
            almost_due: 0
        }
    );
}

#[test]
fn a_record_is_due_on_the_dutch_date_not_the_utc_date() {
    let s = store();
    let org = Uuid::now_v7();
    // Due on 1 December 2026.
    s.contact(org, "Contact", Some("2026-06-02"));
    // 23:30 UTC on 30 November is 00:30 on 1 December in Amsterdam.
    assert_eq!(
        titles(&s.due(Some(org), &policy(182), "2026-11-30T23:30:00Z")),
        [("Contact", false)]
    );
    // 22:59 UTC is still 30 November there: almost due.
    assert_eq!(
        titles(&s.due(Some(org), &policy(182), "2026-11-30T22:59:00Z")),
        [("Contact", true)]
    );
}

/// Run in a child process with `TZ=Pacific/Auckland` by the test below:
/// at 12:00 UTC on 30 November it is 1 December in Auckland but still
/// 30 November in Amsterdam, so a record due on 1 December is only almost
/// due — whatever zone this computer is set to.
#[test]
fn due_dates_ignore_the_computers_zone() {
    let s = store();
    let org = Uuid::now_v7();
    s.contact(org, "Contact", Some("2026-06-02"));
    let now = "2026-11-30T12:00:00Z";
    assert_eq!(
        titles(&s.due(Some(org), &policy(182), now)),
        [("Contact", true)]
    );
    assert_eq!(
        s.counts(Some(org), &policy(182), now),
        ReviewCounts {
            due: 0,
            almost_due: 1
        }
    );
}

#[test]
fn due_dates_ignore_the_computers_zone_in_auckland() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "review::tests::due_dates_ignore_the_computers_zone",
            "--exact",
            "--test-threads=1",
        ])
        .env("TZ", "Pacific/Auckland")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("test result: ok. 1 passed"),
        "the child must run exactly that test: {stdout}"
    );
    // And Auckland is really ahead there (the child's check means something).
    let auckland = instant("2026-11-30T12:00:00Z").with_timezone(&chrono_tz::Pacific::Auckland);
    assert_eq!(auckland.date_naive(), date("2026-12-01"));
}

#[test]
fn a_check_waiting_to_be_synced_counts_and_sign_ups_never_do() {
    let s = store();
    let org = Uuid::now_v7();
    let checked = s.contact(org, "Net gecontroleerd", Some("2025-01-01"));
    s.contact(org, "Nog te doen", Some("2025-01-01"));
    let signup = Record::Signup(Signup {
        id: Uuid::now_v7(),
        organization_id: org,
        activity_id: Uuid::now_v7(),
        submitted_at: Utc::now(),
        answers: BTreeMap::from([("naam".to_string(), AnswerValue::Text("Anna".into()))]),
        status: SignupStatus::Registered,
    });
    records::upsert(&s.store.write(), &signup, 1).unwrap();
    let now = "2026-11-22T11:00:00Z";
    assert_eq!(s.counts(Some(org), &policy(182), now).due, 2);

    s.store
        .transaction(|tx| edits::mark_checked(tx, RecordKind::Contact, checked, date("2026-11-22")))
        .unwrap();
    assert_eq!(
        titles(&s.due(Some(org), &policy(182), now)),
        [("Nog te doen", false)]
    );
    assert_eq!(
        s.counts(Some(org), &policy(182), now),
        ReviewCounts {
            due: 1,
            almost_due: 0
        }
    );
    // A new contact, not yet synced, was never checked.
    s.store
        .transaction(|tx| {
            crate::store::organizations::replace_all(
                tx,
                &[kaart_api::account::ManagedOrganization {
                    id: org,
                    name: "Organisatie".into(),
                    websites: vec![],
                }],
            )?;
            edits::create(
                tx,
                &Record::Contact(Contact::named(Uuid::now_v7(), org, "Nieuw")),
            )
        })
        .unwrap();
    assert_eq!(
        titles(&s.due(Some(org), &policy(182), now)),
        [("Nieuw", false), ("Nog te doen", false)]
    );
    assert_eq!(s.counts(None, &policy(182), now).due, 2);
}
