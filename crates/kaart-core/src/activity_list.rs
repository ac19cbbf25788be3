//! The activity list: the activities of an organisation (or of all the
//! manager's organisations), upcoming, past or all, each with its sign-up
//! counts — registered, cancelled, places left and whether it is full.
//!
//! The counts come from one `GROUP BY` over the sign-up index (schema
//! migration 2: `records_signups` on activity and status), so they cost the
//! same whether the window shows 3 activities or 2,000 with 200,000
//! sign-ups; the few sign-ups with a status change or delete waiting in the
//! outbox are then moved to where the local view has them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kaart_api::records::{Record, RecordKind, SignupStatus};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::ipc::LocalRecord;
use crate::local_view;
use crate::store::{outbox, records};

/// Which activities a list shows, by their end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityPeriod {
    /// Not yet ended, soonest first.
    Upcoming,
    /// Ended, most recent first.
    Past,
    /// Everything, by start.
    All,
}

/// Sign-up counts of one activity, in the local view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignupCounts {
    pub registered: u32,
    pub cancelled: u32,
    /// Places left for registrations; `None` when the capacity is unlimited.
    pub places_left: Option<u32>,
    /// The capacity is reached: the public form takes no more sign-ups.
    pub full: bool,
}

/// One row of the activity list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivitySummary {
    pub activity: LocalRecord,
    pub counts: SignupCounts,
}

/// Registered and cancelled sign-ups per activity, in the local view.
fn counts_by_activity(conn: &Connection) -> CoreResult<HashMap<Uuid, (u32, u32)>> {
    let mut counts: HashMap<Uuid, (u32, u32)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        // INDEXED BY: without statistics the planner prefers the (kind, id)
        // index and parses every sign-up's JSON (10× slower on 200,000).
        "SELECT activity_ref, signup_status, count(*) FROM records INDEXED BY records_signups
         WHERE kind = 'signup' GROUP BY activity_ref, signup_status",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    for row in rows {
        let (activity, status, n) = row?;
        let Some(activity) = activity.and_then(|a| Uuid::parse_str(&a).ok()) else {
            continue;
        };
        let slot = counts.entry(activity).or_default();
        match status.as_deref() {
            Some("registered") => slot.0 += n,
            Some("cancelled") => slot.1 += n,
            _ => {}
        }
    }
    // Sign-ups with edits waiting: take the service's status out, put the
    // local one in.
    let mut touched: Vec<Uuid> = outbox::all(conn)?
        .into_iter()
        .filter(|e| e.kind == RecordKind::Signup)
        .map(|e| e.record_id)
        .collect();
    touched.sort_unstable();
    touched.dedup();
    for id in touched {
        let base = records::get(conn, RecordKind::Signup, id)?
            .map(|b| b.to_record())
            .transpose()?;
        let local = local_view::get(conn, RecordKind::Signup, id)?.map(|l| l.record);
        for (record, sign) in [(base, -1i64), (local, 1)] {
            if let Some(Record::Signup(s)) = record {
                let slot = counts.entry(s.activity_id).or_default();
                let n = match s.status {
                    SignupStatus::Registered => &mut slot.0,
                    SignupStatus::Cancelled => &mut slot.1,
                };
                *n = u32::try_from(i64::from(*n) + sign).unwrap_or(0);
            }
        }
    }
    Ok(counts)
}

/// The activities of `organization` (all the manager's when `None`) in
/// `period` as it stands at `now`, with their counts.
pub fn list(
    conn: &Connection,
    organization: Option<Uuid>,
    period: ActivityPeriod,
    now: DateTime<Utc>,
) -> CoreResult<Vec<ActivitySummary>> {
    let counts = counts_by_activity(conn)?;
    let mut out: Vec<ActivitySummary> = local_view::list(conn, organization, RecordKind::Activity)?
        .into_iter()
        .filter_map(|local| {
            let Record::Activity(a) = &local.record else {
                return None;
            };
            let keep = match period {
                ActivityPeriod::Upcoming => a.ends_at >= now,
                ActivityPeriod::Past => a.ends_at < now,
                ActivityPeriod::All => true,
            };
            if !keep {
                return None;
            }
            let (registered, cancelled) = counts.get(&a.id).copied().unwrap_or_default();
            let places_left = a.capacity.map(|c| c.saturating_sub(registered));
            Some(ActivitySummary {
                counts: SignupCounts {
                    registered,
                    cancelled,
                    places_left,
                    full: places_left == Some(0),
                },
                activity: local,
            })
        })
        .collect();
    let starts = |s: &ActivitySummary| match &s.activity.record {
        Record::Activity(a) => a.starts_at,
        _ => DateTime::<Utc>::MIN_UTC,
    };
    out.sort_by_key(starts);
    if period == ActivityPeriod::Past {
        out.reverse();
    }
    Ok(out)
}

/// The ids of the sign-ups of one activity in the local view (for deleting
/// them all once it is over).
pub fn signup_ids(conn: &Connection, activity: Uuid) -> CoreResult<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM records WHERE kind = 'signup' AND activity_ref = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![activity.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|id| Uuid::parse_str(&id?).map_err(|_| CoreError::Corrupt("sign-up id".into())))
        .collect()
}
