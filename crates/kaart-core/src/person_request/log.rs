//! The log of requests from data subjects (table `person_requests`,
//! migration 5): the kind, the day it was received, the day it was handled
//! and how many contact persons and sign-ups it concerned. It holds no
//! personal data — not the name, address or number searched for — only
//! dates and counts, so it may be kept as proof that requests are answered
//! in time. The deadline is four weeks after receipt, as the privacy
//! statements promise.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::PersonCounts;
use crate::error::{CoreError, CoreResult};
use crate::error_reason::ErrorReason;

/// The time a request must be answered in: four weeks.
pub const ANSWER_WITHIN_DAYS: u64 = 28;

/// What the person asked for (AVG articles 15, 16, 17 and 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// *inzage*
    Access,
    /// *correctie*
    Rectification,
    /// *verwijdering*
    Erasure,
    /// *overdraagbaarheid*
    Portability,
}

impl RequestKind {
    fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Portability => "portability",
        }
    }

    fn parse(s: &str) -> CoreResult<Self> {
        Ok(match s {
            "access" => RequestKind::Access,
            "rectification" => RequestKind::Rectification,
            "erasure" => RequestKind::Erasure,
            "portability" => RequestKind::Portability,
            _ => return Err(CoreError::Corrupt("request kind".into())),
        })
    }
}

/// One request in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    /// `received_on` + four weeks.
    pub deadline: NaiveDate,
    /// `None` while open.
    pub handled_on: Option<NaiveDate>,
    /// How many contact persons and sign-ups it concerned (when handled).
    pub counts: PersonCounts,
    /// Open and the deadline is before `today`.
    pub overdue: bool,
}

fn deadline(received_on: NaiveDate) -> NaiveDate {
    received_on
        .checked_add_days(Days::new(ANSWER_WITHIN_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// A row as read: id, kind, received, handled, counts.
type Raw = (i64, String, NaiveDate, Option<NaiveDate>, u32, u32);

fn from_row(row: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

const COLUMNS: &str = "id, kind, received_on, handled_on, contacts, signups";

fn build(raw: Raw, today: NaiveDate) -> CoreResult<PersonRequest> {
    let (id, kind, received_on, handled_on, contacts, signups) = raw;
    let deadline = deadline(received_on);
    Ok(PersonRequest {
        id,
        kind: RequestKind::parse(&kind)?,
        received_on,
        deadline,
        handled_on,
        counts: PersonCounts { contacts, signups },
        overdue: handled_on.is_none() && deadline < today,
    })
}

/// Every request: open ones first (soonest deadline first), then handled
/// ones, most recently handled first.
pub fn list(conn: &Connection, today: NaiveDate) -> CoreResult<Vec<PersonRequest>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM person_requests
         ORDER BY handled_on IS NOT NULL, handled_on DESC, received_on, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|raw| build(raw?, today)).collect()
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> CoreResult<PersonRequest> {
    let raw = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM person_requests WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(CoreError::NotFound)?;
    build(raw, today)
}

/// Records a request received on `received_on` (not after `today`).
pub fn add(
    conn: &Connection,
    kind: RequestKind,
    received_on: NaiveDate,
    today: NaiveDate,
) -> CoreResult<PersonRequest> {
    if received_on > today {
        return Err(CoreError::InvalidInput(ErrorReason::InvalidDate));
    }
    conn.execute(
        "INSERT INTO person_requests (kind, received_on) VALUES (?1, ?2)",
        params![kind.as_str(), received_on],
    )?;
    get(conn, conn.last_insert_rowid(), today)
}

/// Marks a request handled `today`, with the counts of what it concerned.
pub fn handle(
    conn: &Connection,
    id: i64,
    counts: PersonCounts,
    today: NaiveDate,
) -> CoreResult<PersonRequest> {
    let changed = conn.execute(
        "UPDATE person_requests SET handled_on = ?2, contacts = ?3, signups = ?4 WHERE id = ?1",
        params![id, today, counts.contacts, counts.signups],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound);
    }
    get(conn, id, today)
}

/// Records that a sign-up's answers were corrected `today`, so every
/// correction shows in the log (a count, never what changed): it counts
/// towards the rectification request handled today, else it answers the
/// oldest open rectification request (handled today), else it is logged as
/// a rectification request received and handled today. Returns that entry.
pub fn record_correction(conn: &Connection, today: NaiveDate) -> CoreResult<PersonRequest> {
    let rectification = RequestKind::Rectification.as_str();
    let target: Option<i64> = conn
        .query_row(
            "SELECT id FROM person_requests
             WHERE kind = ?1 AND (handled_on = ?2 OR handled_on IS NULL)
             ORDER BY handled_on IS NULL, received_on, id LIMIT 1",
            params![rectification, today],
            |r| r.get(0),
        )
        .optional()?;
    let id = match target {
        Some(id) => id,
        None => {
            conn.execute(
                "INSERT INTO person_requests (kind, received_on) VALUES (?1, ?2)",
                params![rectification, today],
            )?;
            conn.last_insert_rowid()
        }
    };
    conn.execute(
        "UPDATE person_requests SET handled_on = ?2, signups = signups + 1 WHERE id = ?1",
        params![id, today],
    )?;
    get(conn, id, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecrets;
    use crate::store::Store;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_deadline_is_four_weeks_after_receipt_and_shows_when_passed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &MemorySecrets::default()).unwrap();
        let conn = store.write();
        let today = day("2026-11-24");
        let early = add(&conn, RequestKind::Erasure, day("2026-10-20"), today).unwrap();
        assert_eq!(early.deadline, day("2026-11-17"));
        assert!(early.overdue);
        let recent = add(&conn, RequestKind::Access, day("2026-11-23"), today).unwrap();
        assert_eq!(recent.deadline, day("2026-12-21"));
        assert!(!recent.overdue);
        assert!(matches!(
            add(&conn, RequestKind::Access, day("2026-11-25"), today),
            Err(CoreError::InvalidInput(ErrorReason::InvalidDate))
        ));

        let counts = PersonCounts {
            contacts: 1,
            signups: 2,
        };
        let handled = handle(&conn, early.id, counts, today).unwrap();
        assert_eq!(handled.handled_on, Some(today));
        assert!(!handled.overdue, "handled, even if late");
        assert_eq!(handled.counts, counts);
        let ids: Vec<i64> = list(&conn, today).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![recent.id, early.id], "open ones first");
        assert!(matches!(
            handle(&conn, 999, counts, today),
            Err(CoreError::NotFound)
        ));
    }
}

#[cfg(test)]
mod correction_tests {
    use super::*;
    use crate::secrets::MemorySecrets;
    use crate::store::Store;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_correction_answers_an_open_rectification_request_or_is_logged_itself() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &MemorySecrets::default()).unwrap();
        let conn = store.write();
        let today = day("2026-11-24");
        // Nothing open: the correction is logged as a request of its own.
        let own = record_correction(&conn, today).unwrap();
        assert_eq!(own.kind, RequestKind::Rectification);
        assert_eq!((own.received_on, own.handled_on), (today, Some(today)));
        assert_eq!(own.counts.signups, 1);
        // A second one the same day counts towards it.
        assert_eq!(record_correction(&conn, today).unwrap().id, own.id);
        assert_eq!(get(&conn, own.id, today).unwrap().counts.signups, 2);

        // The next day, an open rectification request (not an erasure) is answered.
        let next = day("2026-11-25");
        let erasure = add(&conn, RequestKind::Erasure, day("2026-11-20"), next).unwrap();
        let open = add(&conn, RequestKind::Rectification, day("2026-11-21"), next).unwrap();
        let answered = record_correction(&conn, next).unwrap();
        assert_eq!(answered.id, open.id);
        assert_eq!(answered.handled_on, Some(next));
        assert_eq!(answered.counts.signups, 1);
        assert_eq!(get(&conn, erasure.id, next).unwrap().handled_on, None);
        assert_eq!(list(&conn, next).unwrap().len(), 3, "no new entry");
    }
}
