//! The benchmark data set: one organisation with 5,000 records (offerings,
//! contacts, activities and the organisation itself) and 200,000 sign-ups,
//! managed by `bench` (password `bench`); one activity holds 20,000 of the
//! sign-ups. Bulk-inserted in one transaction.

use chrono::{Duration, Utc};
use kaart_api::records::Record;
use rusqlite::Connection;
use uuid::Uuid;

use super::Gen;
use crate::{accounts, store};

pub const BENCH_USERNAME: &str = "bench";
pub const BENCH_PASSWORD: &str = "bench";
/// Sign-ups of the bench set's first activity (the rest are spread).
pub const BIG_ACTIVITY_SIGNUPS: usize = 20_000;

#[derive(Debug, Clone)]
pub struct BenchSummary {
    pub manager: Uuid,
    pub organization: Uuid,
    pub records: usize,
    pub signups: usize,
}

/// Seeds `records` records (at least 4) and `signups` sign-ups for one org.
pub fn seed_bench(
    conn: &mut Connection,
    records: usize,
    signups: usize,
) -> anyhow::Result<BenchSummary> {
    let mut g = Gen::new(5000);
    let now = Utc::now();
    let today = now.date_naive();
    let tx = conn.transaction()?;
    let manager = accounts::create_manager(
        &tx,
        g.uuid(),
        BENCH_USERNAME,
        "Bram Bakker",
        &accounts::hash_password(BENCH_PASSWORD)?,
    )?;
    let org = g.uuid();
    store::insert(&tx, &Record::Organization(g.organization(org, today)), 1)?;
    tx.execute(
        "INSERT INTO grants (manager_id, org_id) VALUES (?1, ?2)",
        rusqlite::params![manager.to_string(), org.to_string()],
    )?;
    let rest = records.saturating_sub(1);
    let (n_contacts, n_offerings) = (rest * 3 / 10, rest * 3 / 10);
    let n_activities = rest - n_contacts - n_offerings;
    let mut contacts = Vec::with_capacity(n_contacts);
    for _ in 0..n_contacts {
        let c = g.contact(org, today);
        contacts.push(c.id);
        store::insert(&tx, &Record::Contact(c), 1)?;
    }
    for _ in 0..n_offerings {
        store::insert(&tx, &Record::Offering(g.offering(org, &contacts, today)), 1)?;
    }
    let mut activities = Vec::with_capacity(n_activities);
    for _ in 0..n_activities {
        let mut a = g.activity(org, now, today);
        a.capacity = None;
        store::insert(&tx, &Record::Activity(a.clone()), 1)?;
        activities.push(a);
    }
    // The first activity is the big one (its sign-up list is benchmarked);
    // the other sign-ups are spread over the rest.
    let big = signups.min(BIG_ACTIVITY_SIGNUPS);
    for i in 0..signups {
        if activities.is_empty() {
            break;
        }
        let a = if i < big || activities.len() == 1 {
            &activities[0]
        } else {
            &activities[1 + i % (activities.len() - 1)]
        };
        let s = g.signup(a, now - Duration::minutes(i as i64));
        store::insert(&tx, &Record::Signup(s), 1)?;
    }
    tx.commit()?;
    Ok(BenchSummary {
        manager,
        organization: org,
        records,
        signups,
    })
}
