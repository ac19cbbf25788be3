//! The retention period of sign-ups on this laptop (*bewaartermijn*): the
//! sign-ups of an activity are deleted once the activity ended longer ago
//! than the policy's sign-up retention — the same rule the central service
//! applies to its own copy, applied here too so that a laptop that stays
//! offline does not keep them either.
//!
//! [`purge`] deletes them (rows, pending edits and conflicts; the search
//! index follows by trigger), after which the caller makes the bytes leave
//! the files with [`crate::store::Store::erase_removed_rows`]. The workspace
//! runs it at start and after each sync. [`upcoming`] lists the activities
//! whose sign-ups will go within some days (for the reminder to export what
//! is needed first), [`deletion_date`] the date for one activity.
//!
//! Dates shown are dates in the Netherlands (Europe/Amsterdam).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kaart_api::account::Policy;
use kaart_api::records::{Record, RecordKind};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::activity_list;
use crate::error::{CoreError, CoreResult};
use crate::local_view;
use crate::review::amsterdam_date;
use crate::store::{conflicts, organizations, outbox, records};

/// An activity whose sign-ups will be deleted soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionNotice {
    pub activity_id: Uuid,
    pub organization_id: Uuid,
    /// The activity's title.
    pub title: String,
    /// How many sign-ups of it are on this computer.
    pub signups: u32,
    /// When they will be deleted.
    pub deletes_at: DateTime<Utc>,
    /// The date of that, in the Netherlands: "export before" this day.
    pub deleted_on: NaiveDate,
}

/// The instant the sign-ups of an activity that ends at `ends_at` are past
/// the retention period.
pub fn deletes_at(ends_at: DateTime<Utc>, policy: &Policy) -> DateTime<Utc> {
    ends_at + Duration::days(i64::from(policy.signup_retention_days))
}

/// One activity that has sign-ups on this computer.
#[derive(Debug)]
struct WithSignups {
    id: Uuid,
    organization_id: Uuid,
    title: String,
    ends_at: DateTime<Utc>,
    signups: u32,
}

/// The activities with sign-ups here, as the manager sees them (an end
/// moved locally and not yet synced counts).
fn activities_with_signups(
    conn: &Connection,
    ending: impl Fn(DateTime<Utc>) -> bool,
) -> CoreResult<Vec<WithSignups>> {
    // The activities first (a few thousand at most), then the sign-ups of
    // only those whose end `ending` picks: counting every activity's
    // sign-ups would read the whole sign-up index (200,000 entries in the
    // bench set) after every sync, to find what is usually nothing.
    let mut stmt = conn.prepare_cached(
        "SELECT id, organization_id, json_extract(fields, '$.title'),
                json_extract(fields, '$.ends_at')
         FROM records WHERE kind = 'activity'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let corrupt = |what: &str| CoreError::Corrupt(what.into());
    let mut out = Vec::new();
    for row in rows {
        let (id, org, title, ends_at) = row?;
        out.push(WithSignups {
            id: Uuid::parse_str(&id).map_err(|_| corrupt("activity id"))?,
            organization_id: org
                .as_deref()
                .and_then(|o| Uuid::parse_str(o).ok())
                .ok_or_else(|| corrupt("activity organisation"))?,
            title: title.unwrap_or_default(),
            ends_at: ends_at
                .as_deref()
                .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
                .ok_or_else(|| corrupt("activity end"))?
                .with_timezone(&Utc),
            signups: 0,
        });
    }
    let edited: BTreeSet<Uuid> = outbox::all(conn)?
        .into_iter()
        .filter(|e| e.kind == RecordKind::Activity)
        .map(|e| e.record_id)
        .collect();
    for activity in out.iter_mut().filter(|a| edited.contains(&a.id)) {
        if let Some(Record::Activity(local)) =
            local_view::get(conn, RecordKind::Activity, activity.id)?.map(|l| l.record)
        {
            activity.ends_at = local.ends_at;
            activity.title = local.title;
        }
    }
    out.retain(|a| ending(a.ends_at));
    let mut count = conn.prepare_cached(
        "SELECT count(*) FROM records INDEXED BY records_signups
         WHERE kind = 'signup' AND activity_ref = ?1",
    )?;
    for activity in &mut out {
        activity.signups = count.query_row([activity.id.to_string()], |r| r.get(0))?;
    }
    out.retain(|a| a.signups > 0);
    Ok(out)
}

/// Deletes the sign-ups of every activity that ended longer ago than the
/// retention period at `now`, with their pending edits and conflicts; the
/// removals are counted per organisation (how many, never who). Returns how
/// many sign-ups were deleted.
pub fn purge(tx: &Transaction<'_>, policy: &Policy, now: DateTime<Utc>) -> CoreResult<u32> {
    let mut removed: BTreeMap<Uuid, u32> = BTreeMap::new();
    for activity in activities_with_signups(tx, |ends_at| deletes_at(ends_at, policy) <= now)? {
        for id in activity_list::signup_ids(tx, activity.id)? {
            records::delete(tx, RecordKind::Signup, id)?;
            conflicts::delete_for_record(tx, RecordKind::Signup, id)?;
            for entry in outbox::for_record(tx, RecordKind::Signup, id)? {
                outbox::delete(tx, entry.seq)?;
            }
            *removed.entry(activity.organization_id).or_default() += 1;
        }
    }
    for (org, n) in &removed {
        organizations::count_removed_signups(tx, *org, *n, now)?;
    }
    Ok(removed.values().sum())
}

/// The activities whose sign-ups will be deleted after `now` and within
/// `days` days of it, soonest first.
pub fn upcoming(
    conn: &Connection,
    policy: &Policy,
    now: DateTime<Utc>,
    days: u32,
) -> CoreResult<Vec<RetentionNotice>> {
    let until = now + Duration::days(i64::from(days));
    let soon = |ends_at| {
        let at = deletes_at(ends_at, policy);
        at > now && at <= until
    };
    let mut out: Vec<RetentionNotice> = activities_with_signups(conn, soon)?
        .into_iter()
        .map(|a| {
            let at = deletes_at(a.ends_at, policy);
            RetentionNotice {
                activity_id: a.id,
                organization_id: a.organization_id,
                title: a.title,
                signups: a.signups,
                deletes_at: at,
                deleted_on: amsterdam_date(at),
            }
        })
        .collect();
    out.sort_by(|a, b| a.deletes_at.cmp(&b.deletes_at).then(a.title.cmp(&b.title)));
    Ok(out)
}

/// The date (in the Netherlands) the sign-ups of `activity` will be deleted
/// from this computer; `None` when it has none here.
pub fn deletion_date(
    conn: &Connection,
    policy: &Policy,
    activity: Uuid,
) -> CoreResult<Option<NaiveDate>> {
    let Some(local) = local_view::get(conn, RecordKind::Activity, activity)? else {
        return Err(CoreError::NotFound);
    };
    let Record::Activity(a) = local.record else {
        return Err(CoreError::NotFound);
    };
    let has_signups: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM records INDEXED BY records_signups
                            WHERE kind = 'signup' AND activity_ref = ?1)",
        )?
        .query_row([activity.to_string()], |r| r.get(0))?;
    if !has_signups {
        return Ok(None);
    }
    Ok(Some(amsterdam_date(deletes_at(a.ends_at, policy))))
}
