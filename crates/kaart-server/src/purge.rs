//! The retention job: deletes the sign-ups of activities that ended more
//! than the retention period ago (leaving tombstones), and drops tombstones
//! older than the horizon (raising the floor below which cursors must
//! resync), and forgets the contact photos no contact names any more
//! (`photos::forget_unnamed`). Run periodically by the server and callable
//! from tests.

use chrono::{DateTime, Duration, Utc};
use kaart_api::account::Policy;
use kaart_api::records::{Record, RecordKind};
use rusqlite::Connection;

use crate::{db, photos, store};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub signups_deleted: usize,
    pub tombstones_dropped: usize,
    pub photos_forgotten: usize,
}

pub fn purge(
    conn: &mut Connection,
    policy: &Policy,
    now: DateTime<Utc>,
) -> rusqlite::Result<PurgeReport> {
    let mut report = PurgeReport::default();
    let tx = conn.transaction()?;
    let ended_before = now - Duration::days(i64::from(policy.signup_retention_days));
    let activities: Vec<String> = tx
        .prepare("SELECT json FROM records WHERE kind = 'activity'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for json in activities {
        let Ok(Record::Activity(a)) = serde_json::from_str::<Record>(&json) else {
            continue;
        };
        if a.ends_at >= ended_before {
            continue;
        }
        for id in store::signups_of(&tx, a.id)? {
            if let Some(s) = store::get(&tx, RecordKind::Signup, id)? {
                store::delete(&tx, RecordKind::Signup, id, s.org_id, s.version + 1)?;
                report.signups_deleted += 1;
            }
        }
    }
    let horizon = (now - Duration::days(i64::from(policy.tombstone_horizon_days))).timestamp();
    let dropped_max: Option<i64> = tx.query_row(
        "SELECT max(seq) FROM tombstones WHERE deleted_at < ?1",
        [horizon],
        |r| r.get(0),
    )?;
    if let Some(max) = dropped_max {
        report.tombstones_dropped = tx.execute("DELETE FROM tombstones WHERE seq <= ?1", [max])?;
        let floor = store::counter(&tx, "tombstone_floor")?;
        store::set_counter(&tx, "tombstone_floor", floor.max(max))?;
    }
    report.photos_forgotten = photos::forget_unnamed(&tx, now)?;
    tx.commit()?;
    if report != PurgeReport::default() {
        db::checkpoint_truncate(conn)?;
    }
    Ok(report)
}
