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
use rusqlite::{Connection, OptionalExtension, Transaction};
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

/// The activities with sign-ups here whose end, as the manager sees it (an
/// end moved locally and not yet synced counts), lies within `ends` and
/// passes `ending`.
fn activities_with_signups(
    conn: &Connection,
    ends: (Option<DateTime<Utc>>, DateTime<Utc>),
    ending: impl Fn(DateTime<Utc>) -> bool,
) -> CoreResult<Vec<WithSignups>> {
    // Only the activities whose stored end lies in the range (one range of
    // the `records_activity_end` index, migration 9) and that have
    // sign-ups, and those edited here; then the sign-ups of only those
    // are counted: reading every activity, or
    // counting every activity's sign-ups (200,000 in the bench set), after
    // every sync to find what is usually nothing made a sync with nothing
    // to do slow. The index holds the ends as stored (RFC 3339 text), so
    // the range is widened by a day for the text order and `ending` decides.
    let (from, until) = ends;
    let margin = Duration::days(1);
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.organization_id, json_extract(a.fields, '$.title'), a.activity_ends_at
         FROM records a INDEXED BY records_activity_end
         WHERE a.kind = 'activity' AND a.activity_ends_at BETWEEN ?1 AND ?2
           AND EXISTS (SELECT 1 FROM records s INDEXED BY records_signups
                       WHERE s.kind = 'signup' AND s.activity_ref = a.id)",
    )?;
    // '' sorts before every date: no lower end.
    let from = from.map(|f| (f - margin).to_rfc3339()).unwrap_or_default();
    let rows = stmt.query_map(
        rusqlite::params![from, (until + margin).to_rfc3339()],
        activity_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(decode_activity(row?)?);
    }
    let edited: BTreeSet<Uuid> = outbox::record_ids(conn, RecordKind::Activity)?
        .into_iter()
        .collect();
    let mut by_id = conn.prepare_cached(
        "SELECT id, organization_id, json_extract(fields, '$.title'), activity_ends_at
         FROM records WHERE kind = 'activity' AND id = ?1",
    )?;
    for id in &edited {
        if !out.iter().any(|a| a.id == *id) {
            if let Some(row) = by_id.query_row([id.to_string()], activity_row).optional()? {
                out.push(decode_activity(row)?);
            }
        }
    }
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

type ActivityRow = (String, Option<String>, Option<String>, Option<String>);

fn activity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ActivityRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn decode_activity((id, org, title, ends_at): ActivityRow) -> CoreResult<WithSignups> {
    let corrupt = |what: &str| CoreError::Corrupt(what.into());
    Ok(WithSignups {
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
    })
}

/// Deletes the sign-ups of every activity that ended longer ago than the
/// retention period at `now`, with their pending edits and conflicts; the
/// removals are counted per organisation (how many, never who). Returns how
/// many sign-ups were deleted.
pub fn purge(tx: &Transaction<'_>, policy: &Policy, now: DateTime<Utc>) -> CoreResult<u32> {
    let mut removed: BTreeMap<Uuid, u32> = BTreeMap::new();
    let due = |ends_at| deletes_at(ends_at, policy) <= now;
    let latest_end = now - Duration::days(i64::from(policy.signup_retention_days));
    for activity in activities_with_signups(tx, (None, latest_end), due)? {
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
    let retention = Duration::days(i64::from(policy.signup_retention_days));
    let ends = (Some(now - retention), until - retention);
    let mut out: Vec<RetentionNotice> = activities_with_signups(conn, ends, soon)?
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use kaart_api::records::{Activity, ActivityStatus, AnswerValue, Signup, SignupStatus};
    use serde_json::Map;

    use super::*;
    use crate::edits;
    use crate::store::prepare_like_store;

    const RETENTION: i64 = 30;

    fn policy() -> Policy {
        Policy {
            signup_retention_days: RETENTION as u32,
            ..Policy::default()
        }
    }

    /// An activity of `org` ending at `ends_at`, with one sign-up; both
    /// stored as the service sent them.
    fn activity_with_signup(
        conn: &Connection,
        org: Uuid,
        title: &str,
        ends_at: DateTime<Utc>,
    ) -> (Uuid, Uuid) {
        let activity = Activity {
            id: Uuid::now_v7(),
            organization_id: org,
            title: title.into(),
            description: None,
            starts_at: ends_at - Duration::hours(2),
            ends_at,
            location: None,
            capacity: None,
            signup_opens_at: None,
            signup_closes_at: None,
            status: ActivityStatus::Published,
            form: vec![],
            assured_date: None,
        };
        let signup = Signup {
            id: Uuid::now_v7(),
            organization_id: org,
            activity_id: activity.id,
            submitted_at: ends_at - Duration::days(3),
            answers: BTreeMap::from([("naam".to_string(), AnswerValue::Text("Iemand".into()))]),
            status: SignupStatus::Registered,
        };
        records::upsert(conn, &Record::Activity(activity.clone()), 1).unwrap();
        records::upsert(conn, &Record::Signup(signup.clone()), 1).unwrap();
        (activity.id, signup.id)
    }

    fn exists(conn: &Connection, id: Uuid) -> bool {
        records::get(conn, RecordKind::Signup, id)
            .unwrap()
            .is_some()
    }

    /// Which activities are due is read from an index of their stored ends
    /// (with a margin for the text order) plus the activities edited here:
    /// the exact edges, an end moved here and not yet synced, and the
    /// reminder's window still come out as the dates say.
    #[test]
    fn due_and_upcoming_activities_are_found_by_their_end_as_the_manager_sees_it() {
        let mut conn = prepare_like_store(Connection::open_in_memory().unwrap()).unwrap();
        let org = Uuid::now_v7();
        let now = Utc::now();
        let tx = conn.transaction().unwrap();
        organizations::replace_all(
            &tx,
            &[kaart_api::account::ManagedOrganization {
                id: org,
                name: "Org".into(),
                websites: vec![],
            }],
        )
        .unwrap();
        let past = now - Duration::days(RETENTION);
        let (_, at_the_edge) = activity_with_signup(&tx, org, "Precies", past);
        let (_, a_second_short) =
            activity_with_signup(&tx, org, "Net niet", past + Duration::seconds(1));
        let (_, long_ago) =
            activity_with_signup(&tx, org, "Lang geleden", past - Duration::days(400));
        // Stored as ending next month; moved here to 40 days ago.
        let (moved, moved_signup) =
            activity_with_signup(&tx, org, "Verplaatst", now + Duration::days(30));
        let mut end = Map::new();
        end.insert(
            "starts_at".into(),
            serde_json::to_value(now - Duration::days(40)).unwrap(),
        );
        end.insert(
            "ends_at".into(),
            serde_json::to_value(now - Duration::days(40) + Duration::hours(2)).unwrap(),
        );
        edits::update_fields(&tx, RecordKind::Activity, moved, &end).unwrap();
        // Ends in 10 days: deleted in 40, within a reminder of 45 days.
        let (soon, _) = activity_with_signup(&tx, org, "Binnenkort", now + Duration::days(10));

        let upcoming_ids: Vec<Uuid> = upcoming(&tx, &policy(), now, 45)
            .unwrap()
            .into_iter()
            .map(|n| n.activity_id)
            .collect();
        assert!(upcoming_ids.contains(&soon), "{upcoming_ids:?}");
        assert!(upcoming(&tx, &policy(), now, 39)
            .unwrap()
            .iter()
            .all(|n| n.activity_id != soon));

        assert_eq!(purge(&tx, &policy(), now).unwrap(), 3);
        assert!(!exists(&tx, at_the_edge));
        assert!(!exists(&tx, long_ago));
        assert!(!exists(&tx, moved_signup));
        assert!(exists(&tx, a_second_short));
        assert_eq!(
            purge(&tx, &policy(), now + Duration::seconds(1)).unwrap(),
            1
        );
        assert!(!exists(&tx, a_second_short));
    }
}
