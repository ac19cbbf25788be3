//! Re-check reminders (*controle*): which records are due for their periodic
//! check, and which will be soon.
//!
//! A record is **due** when it was never checked (`assured_date` missing) or
//! when its last check plus the service's review interval (its [`Policy`],
//! fetched at sync, the published defaults before that) is today or
//! earlier; **almost due** when that day falls within the next
//! [`WARNING_DAYS`]. "Today" is the date in the Netherlands
//! (Europe/Amsterdam), whatever zone the computer is set to: a manager in
//! Auckland checking at breakfast still checks on the Dutch date the service
//! and colleagues see. Sign-ups are never checked, so never due.
//!
//! The lists and counts are SQL over the checked dates (schema migration 3:
//! the generated column `assured_on` and its index `records_review`), so
//! neither a list nor the sidebar's count decodes any record that is not
//! due, let alone the sign-ups. The few records with edits waiting in the
//! outbox (a "Gecontroleerd" not yet synced, a new contact) are then judged
//! by their local view, as with the activity list's counts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use kaart_api::account::Policy;
use kaart_api::records::{Record, RecordKind};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::ipc::ReviewItem;
use crate::local_view;
use crate::store::outbox;

/// How many days ahead a record counts as almost due.
pub const WARNING_DAYS: u64 = 14;

/// The date in the Netherlands at the instant `now`.
pub fn amsterdam_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Amsterdam).date_naive()
}

/// Today's date in the Netherlands (the date a manager checks a record).
pub fn today() -> NaiveDate {
    amsterdam_date(Utc::now())
}

/// The day a record last checked on `assured` becomes due again.
pub fn due_on(assured: NaiveDate, interval_days: u32) -> NaiveDate {
    assured
        .checked_add_days(Days::new(u64::from(interval_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// How many records are due and almost due (the sidebar's badge, the
/// desktop notification).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewCounts {
    /// Due today or earlier (never checked included).
    pub due: u32,
    /// Due within the warning window, not yet due.
    pub almost_due: u32,
}

/// Where "due" and "almost due" begin on one day under one policy.
#[derive(Debug, Clone, Copy)]
struct Cutoffs {
    today: NaiveDate,
    interval_days: u32,
}

impl Cutoffs {
    fn new(policy: &Policy, now: DateTime<Utc>) -> Self {
        Cutoffs {
            today: amsterdam_date(now),
            interval_days: policy.review_interval_days,
        }
    }

    /// Checked on or before this date: due.
    fn due(&self) -> String {
        self.checked_on_or_before(0)
    }

    /// Checked on or before this date: due or almost due.
    fn warn(&self) -> String {
        self.checked_on_or_before(WARNING_DAYS)
    }

    fn checked_on_or_before(&self, ahead: u64) -> String {
        self.today
            .checked_add_days(Days::new(ahead))
            .and_then(|d| d.checked_sub_days(Days::new(u64::from(self.interval_days))))
            .unwrap_or(NaiveDate::MIN)
            .to_string()
    }

    /// The item for `record` when it is due or almost due.
    fn judge(&self, record: &Record) -> Option<ReviewItem> {
        if matches!(record, Record::Signup(_)) {
            return None;
        }
        let assured = record.assured_date();
        let due = assured.map(|d| due_on(d, self.interval_days));
        let warn_until = self
            .today
            .checked_add_days(Days::new(WARNING_DAYS))
            .unwrap_or(NaiveDate::MAX);
        if due.is_some_and(|d| d > warn_until) {
            return None;
        }
        Some(ReviewItem {
            kind: record.kind(),
            record_id: record.id(),
            organization_id: record.organization_id(),
            title: title_of(record),
            assured_date: assured,
            due_on: due,
            almost_due: due.is_some_and(|d| d > self.today),
        })
    }
}

/// The display name of a record (its name or title).
pub fn title_of(record: &Record) -> String {
    match record {
        Record::Organization(r) => r.name.clone(),
        Record::Offering(r) => r.name.clone(),
        Record::Activity(r) => r.title.clone(),
        Record::Contact(r) => r.name.clone(),
        Record::Profile(r) => r.name.clone(),
        Record::Signup(_) => String::new(),
    }
}

/// The checkable records with edits waiting in the outbox: judged by their
/// local view instead of their base.
fn touched(conn: &Connection) -> CoreResult<BTreeSet<(RecordKind, Uuid)>> {
    Ok(outbox::all(conn)?
        .into_iter()
        .filter(|e| e.kind != RecordKind::Signup)
        .map(|e| (e.kind, e.record_id))
        .collect())
}

fn in_scope(record: &Record, organization: Option<Uuid>) -> bool {
    organization.is_none() || record.organization_id() == organization
}

fn parse_kind(kind: &str) -> CoreResult<RecordKind> {
    RecordKind::parse(kind).ok_or_else(|| CoreError::Corrupt("record kind".into()))
}

fn parse_id(id: &str) -> CoreResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| CoreError::Corrupt("record id".into()))
}

/// The records of `organization` (all, the manager's profile included, when
/// `None`) that are due or almost due at `now` under `policy`: never
/// checked first, then by the day they are due, then by title.
pub fn due(
    conn: &Connection,
    organization: Option<Uuid>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> CoreResult<Vec<ReviewItem>> {
    let cutoffs = Cutoffs::new(policy, now);
    let touched = touched(conn)?;
    let mut items: BTreeMap<(RecordKind, Uuid), ReviewItem> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT kind, id, organization_id, assured_on,
                COALESCE(json_extract(fields, '$.name'), json_extract(fields, '$.title'), '')
         FROM records INDEXED BY records_review
         WHERE kind <> 'signup' AND assured_on <= ?1
           AND (?2 IS NULL OR organization_id = ?2)",
    )?;
    let rows = stmt.query_map(
        params![cutoffs.warn(), organization.map(|o| o.to_string())],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    for row in rows {
        let (kind, id, org, assured, title) = row?;
        let (kind, id) = (parse_kind(&kind)?, parse_id(&id)?);
        if touched.contains(&(kind, id)) {
            continue;
        }
        let assured: Option<NaiveDate> = match assured.as_str() {
            "" => None,
            date => Some(
                date.parse()
                    .map_err(|_| CoreError::Corrupt("checked date".into()))?,
            ),
        };
        let due = assured.map(|d| due_on(d, cutoffs.interval_days));
        items.insert(
            (kind, id),
            ReviewItem {
                kind,
                record_id: id,
                organization_id: org.as_deref().map(parse_id).transpose()?,
                title,
                assured_date: assured,
                due_on: due,
                almost_due: due.is_some_and(|d| d > cutoffs.today),
            },
        );
    }
    for (kind, id) in touched {
        let Some(local) = local_view::get(conn, kind, id)? else {
            continue;
        };
        if !in_scope(&local.record, organization) {
            continue;
        }
        if let Some(item) = cutoffs.judge(&local.record) {
            items.insert((kind, id), item);
        }
    }
    let mut items: Vec<ReviewItem> = items.into_values().collect();
    items.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.title.cmp(&b.title)));
    Ok(items)
}

/// How many records of `organization` (all when `None`) are due and almost
/// due at `now`: two counts over the index, corrected for the records with
/// edits waiting.
pub fn counts(
    conn: &Connection,
    organization: Option<Uuid>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> CoreResult<ReviewCounts> {
    let cutoffs = Cutoffs::new(policy, now);
    let org = organization.map(|o| o.to_string());
    let count = |cutoff: String| -> CoreResult<i64> {
        Ok(conn
            .prepare_cached(
                "SELECT count(*) FROM records INDEXED BY records_review
                 WHERE kind <> 'signup' AND assured_on <= ?1
                   AND (?2 IS NULL OR organization_id = ?2)",
            )?
            .query_row(params![cutoff, org], |r| r.get(0))?)
    };
    let mut due = count(cutoffs.due())?;
    let mut due_or_almost = count(cutoffs.warn())?;
    for (kind, id) in touched(conn)? {
        // Out with the base's verdict, in with the local view's.
        let base = crate::store::records::get(conn, kind, id)?
            .map(|b| b.to_record())
            .transpose()?;
        let local = local_view::get(conn, kind, id)?.map(|l| l.record);
        for (record, sign) in [(base, -1), (local, 1)] {
            let Some(record) = record.filter(|r| in_scope(r, organization)) else {
                continue;
            };
            if let Some(item) = cutoffs.judge(&record) {
                due_or_almost += sign;
                if !item.almost_due {
                    due += sign;
                }
            }
        }
    }
    let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok(ReviewCounts {
        due: clamp(due),
        almost_due: clamp(due_or_almost - due),
    })
}

#[cfg(test)]
mod tests;
