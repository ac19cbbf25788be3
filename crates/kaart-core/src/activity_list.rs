//! The activity list: one page at a time of an organisation's activities
//! (or of all the manager's organisations), upcoming, past or all, searched
//! by title and sorted by start, title or sign-ups, each row with its
//! sign-up counts — registered, cancelled, places left, full — and what the
//! pending marker needs. The window never holds more than the page it shows,
//! and never an activity's form (it asks for the one open activity whole).
//!
//! The rows are the **local view**, as the record screen has them: the
//! activities with edits waiting here (a few) are laid out by
//! [`local_view::get`] and handed to SQL as one JSON parameter, in place of
//! their stored rows; a new activity not yet synced is in, one deleted here
//! is out. Every other activity is read from the covering index of schema
//! migration 10 (title, start, end, status, capacity as virtual columns), so
//! a page does not parse a few thousand activities' JSON.
//!
//! The counts come from the sign-up index (migration 2: `records_signups` on
//! activity and status): per row of the page, or — to sort by sign-ups —
//! one `GROUP BY` over it. The few sign-ups with a status change or delete
//! waiting in the outbox are then moved to where the local view has them.
//!
//! Search: every typed word must begin a word of the title, case and
//! accents folded (`zoe` finds `Zoë`; [`crate::store::FOLDED_WORDS`]).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use kaart_api::records::{ActivityStatus, Record, RecordKind, SignupStatus};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::local_view;
use crate::store::{folded_words, records, FOLDED_WORDS, NATURAL_ORDER};

/// The most rows one page may ask for.
pub const MAX_PAGE: u32 = 500;

/// Which activities a list shows, by their end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityPeriod {
    /// Not yet ended.
    Upcoming,
    /// Ended.
    Past,
    /// Everything.
    All,
}

/// The column the activity list is sorted by; ties go by start, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivitySort {
    StartsAt,
    /// Case and accents do not separate titles (the `reading_order` collation).
    Title,
    /// Registered sign-ups, then cancelled ones.
    Signups,
}

/// One page of the activity list, as the window asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityQuery {
    /// The organisation; `None` for all the manager's.
    pub organization: Option<Uuid>,
    pub period: ActivityPeriod,
    /// Words that must each begin a word of the title; empty for all.
    pub search: String,
    pub sort: ActivitySort,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
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

/// One row of the activity list: what the list shows of an activity, not
/// its form or description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityRow {
    pub id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: ActivityStatus,
    /// Maximum number of sign-ups; `None` is unlimited.
    pub capacity: Option<u32>,
    pub counts: SignupCounts,
    /// The service's version; `None` for an activity made here, not yet sent.
    pub version: Option<i64>,
    /// Edits made here that have not reached the service yet.
    pub pending_edits: u32,
    /// Edits the service refused.
    pub rejected_edits: u32,
    /// Fields waiting for the manager's decision.
    pub conflicts: u32,
}

/// The rows of one page and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityPage {
    /// Activities matching the organisation, period and search.
    pub total: u32,
    /// From `offset`, at most `limit` of them, in the asked order.
    pub rows: Vec<ActivityRow>,
}

/// Per activity, how its registered and cancelled counts differ from the
/// stored sign-ups' because of sign-up edits waiting here.
type Adjustments = HashMap<Uuid, (i64, i64)>;

fn signup_adjustments(conn: &Connection) -> CoreResult<Adjustments> {
    let mut adjust = Adjustments::new();
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT record_id FROM outbox WHERE kind = 'signup'")?;
    let touched: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in touched {
        let id = parse_id(&id)?;
        let base = records::get(conn, RecordKind::Signup, id)?
            .map(|b| b.to_record())
            .transpose()?;
        let local = local_view::get(conn, RecordKind::Signup, id)?.map(|l| l.record);
        for (record, sign) in [(base, -1i64), (local, 1)] {
            if let Some(Record::Signup(s)) = record {
                let slot = adjust.entry(s.activity_id).or_default();
                match s.status {
                    SignupStatus::Registered => slot.0 += sign,
                    SignupStatus::Cancelled => slot.1 += sign,
                }
            }
        }
    }
    Ok(adjust)
}

/// The activities with edits waiting here, as the local view has them: a
/// JSON array for SQL (deleted ones are left out, new ones are in).
fn edited_here(conn: &Connection) -> CoreResult<String> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT record_id FROM outbox WHERE kind = 'activity'")?;
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::new();
    for id in ids {
        let Some(local) = local_view::get(conn, RecordKind::Activity, parse_id(&id)?)? else {
            continue;
        };
        if let Record::Activity(a) = local.record {
            rows.push(json!({
                "id": a.id,
                "organization_id": a.organization_id,
                "title": a.title,
                "starts_at": a.starts_at,
                "ends_at": a.ends_at,
                "status": a.status,
                "capacity": a.capacity,
                "version": local.version,
            }));
        }
    }
    Ok(serde_json::Value::Array(rows).to_string())
}

/// The activities in the local view with the columns the list needs, as a
/// SQL table expression; `?1` is [`edited_here`]'s JSON.
const LOCAL_ACTIVITIES: &str = "(
    SELECT r.id, r.organization_id, r.activity_title AS title,
           r.activity_starts_at AS starts_at, r.activity_ends_at AS ends_at,
           r.activity_status AS status, r.activity_capacity AS capacity, r.version
    FROM records r INDEXED BY records_activity_list
    WHERE r.kind = 'activity'
      AND r.id NOT IN (SELECT record_id FROM outbox WHERE kind = 'activity')
    UNION ALL
    SELECT json_extract(value, '$.id'), json_extract(value, '$.organization_id'),
           json_extract(value, '$.title'), json_extract(value, '$.starts_at'),
           json_extract(value, '$.ends_at'), json_extract(value, '$.status'),
           json_extract(value, '$.capacity'), json_extract(value, '$.version')
    FROM json_each(?1))";

/// The conditions after `WHERE` shared by the count and the page, and
/// their parameters (they come after the table's).
fn conditions(query: &ActivityQuery, now: DateTime<Utc>) -> (String, Vec<SqlValue>) {
    let mut sql = String::from("1");
    let mut args = Vec::new();
    if let Some(org) = query.organization {
        sql.push_str(" AND a.organization_id = ?");
        args.push(SqlValue::Text(org.to_string()));
    }
    let now = SqlValue::Text(now.to_rfc3339());
    match query.period {
        ActivityPeriod::Upcoming => {
            sql.push_str(" AND julianday(a.ends_at) >= julianday(?)");
            args.push(now);
        }
        ActivityPeriod::Past => {
            sql.push_str(" AND julianday(a.ends_at) < julianday(?)");
            args.push(now);
        }
        ActivityPeriod::All => {}
    }
    for word in folded_words(&query.search).split_whitespace() {
        sql.push_str(&format!(
            " AND instr({FOLDED_WORDS}(a.title), ' ' || ?) > 0"
        ));
        args.push(SqlValue::Text(word.to_string()));
    }
    (sql, args)
}

/// The list's ORDER BY; ties keep a stable order: by start, then id.
fn order_by(sort: ActivitySort, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    let start = format!("julianday(a.starts_at) {dir}, a.id {dir}");
    match sort {
        ActivitySort::StartsAt => start,
        ActivitySort::Title => format!("a.title COLLATE {NATURAL_ORDER} {dir}, {start}"),
        ActivitySort::Signups => format!(
            "coalesce(c.registered, 0) + coalesce(x.registered, 0) {dir},
             coalesce(c.cancelled, 0) + coalesce(x.cancelled, 0) {dir}, {start}"
        ),
    }
}

/// The registered and cancelled sign-ups per activity for sorting by them:
/// one pass over the sign-up index (`c`) and the local adjustments (`x`, a
/// JSON parameter `[[id, registered, cancelled], …]`).
const SIGNUP_TOTALS: &str = " LEFT JOIN (SELECT activity_ref,
                            sum(signup_status = 'registered') AS registered,
                            sum(signup_status = 'cancelled') AS cancelled
                     FROM records INDEXED BY records_signups
                     WHERE kind = 'signup' GROUP BY activity_ref) c ON c.activity_ref = a.id
          LEFT JOIN (SELECT json_extract(value, '$[0]') AS activity,
                            json_extract(value, '$[1]') AS registered,
                            json_extract(value, '$[2]') AS cancelled
                     FROM json_each(?)) x ON x.activity = a.id";

fn parse_id(id: &str) -> CoreResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| CoreError::Corrupt("record id".into()))
}

fn parse_time(text: &str) -> CoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| CoreError::Corrupt("activity time".into()))
}

/// One page of the activity list at `now` (see the module docs).
pub fn page(
    conn: &Connection,
    query: &ActivityQuery,
    now: DateTime<Utc>,
) -> CoreResult<ActivityPage> {
    let limit = query.limit.min(MAX_PAGE);
    let edited = edited_here(conn)?;
    let adjust = signup_adjustments(conn)?;
    let (conditions, condition_args) = conditions(query, now);

    // `?1` is the activities edited here (LOCAL_ACTIVITIES); the rest are
    // numbered in the order they stand in the text.
    let mut args = vec![SqlValue::Text(edited.clone())];
    args.extend(condition_args.iter().cloned());
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM {LOCAL_ACTIVITIES} AS a WHERE {conditions}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;

    let mut args = vec![SqlValue::Text(edited)];
    let join = if query.sort == ActivitySort::Signups {
        let json: Vec<serde_json::Value> = adjust
            .iter()
            .map(|(id, (registered, cancelled))| json!([id, registered, cancelled]))
            .collect();
        args.push(SqlValue::Text(serde_json::Value::Array(json).to_string()));
        SIGNUP_TOTALS
    } else {
        ""
    };
    args.extend(condition_args);
    args.push(SqlValue::Integer(limit.into()));
    args.push(SqlValue::Integer(query.offset.into()));
    let sql = format!(
        "SELECT a.id, a.title, a.starts_at, a.ends_at, a.status, a.capacity, a.version
         FROM {LOCAL_ACTIVITIES} AS a{join} WHERE {conditions}
         ORDER BY {} LIMIT ? OFFSET ?",
        order_by(query.sort, query.descending)
    );
    type Raw = (
        String,
        String,
        String,
        String,
        String,
        Option<u32>,
        Option<i64>,
    );
    let raw: Vec<Raw> = conn
        .prepare(&sql)?
        .query_map(params_from_iter(args.iter()), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let marked = marked_activities(conn)?;
    let mut rows = Vec::with_capacity(raw.len());
    for (id, title, starts_at, ends_at, status, capacity, version) in raw {
        let id = parse_id(&id)?;
        let status: ActivityStatus = serde_json::from_value(serde_json::Value::String(status))
            .map_err(|_| CoreError::Corrupt("activity status".into()))?;
        let (registered, cancelled) = counts_of(conn, id, adjust.get(&id).copied())?;
        let places_left = capacity.map(|c| c.saturating_sub(registered));
        let (pending_edits, rejected_edits, conflicts) = if marked.contains(&id) {
            markers(conn, id)?
        } else {
            (0, 0, 0)
        };
        rows.push(ActivityRow {
            id,
            title,
            starts_at: parse_time(&starts_at)?,
            ends_at: parse_time(&ends_at)?,
            status,
            capacity,
            counts: SignupCounts {
                registered,
                cancelled,
                places_left,
                full: places_left == Some(0),
            },
            version,
            pending_edits,
            rejected_edits,
            conflicts,
        });
    }
    Ok(ActivityPage { total, rows })
}

/// Registered and cancelled sign-ups of one activity, in the local view.
fn counts_of(
    conn: &Connection,
    activity: Uuid,
    adjust: Option<(i64, i64)>,
) -> CoreResult<(u32, u32)> {
    // INDEXED BY: without statistics the planner may prefer the (kind, id)
    // index and parse the sign-ups' JSON.
    let mut stmt = conn.prepare_cached(
        "SELECT sum(signup_status = 'registered'), sum(signup_status = 'cancelled')
         FROM records INDEXED BY records_signups WHERE kind = 'signup' AND activity_ref = ?1",
    )?;
    let (registered, cancelled): (Option<i64>, Option<i64>) = stmt
        .query_row(params![activity.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (dr, dc) = adjust.unwrap_or_default();
    let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok((
        clamp(registered.unwrap_or(0) + dr),
        clamp(cancelled.unwrap_or(0) + dc),
    ))
}

/// The activities with anything for the pending marker: queued edits or
/// conflicts (a handful; most rows have none).
fn marked_activities(conn: &Connection) -> CoreResult<HashSet<Uuid>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record_id FROM outbox WHERE kind = 'activity'
         UNION SELECT record_id FROM conflicts WHERE kind = 'activity'",
    )?;
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// Pending edits, refused edits and conflicts of one activity.
fn markers(conn: &Connection, activity: Uuid) -> CoreResult<(u32, u32, u32)> {
    let mut stmt = conn.prepare_cached(
        "SELECT (SELECT count(*) FROM outbox WHERE kind = 'activity' AND record_id = ?1
                   AND rejected IS NULL),
                (SELECT count(*) FROM outbox WHERE kind = 'activity' AND record_id = ?1
                   AND rejected IS NOT NULL),
                (SELECT count(*) FROM conflicts WHERE kind = 'activity' AND record_id = ?1)",
    )?;
    Ok(stmt.query_row(params![activity.to_string()], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?)
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

#[cfg(test)]
mod tests;
