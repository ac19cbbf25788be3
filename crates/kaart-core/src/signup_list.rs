//! The sign-up list: one page of an activity's (or a whole organisation's)
//! sign-ups at a time, sorted by any column, filtered by status and searched
//! across all answers — all in SQL, so the window never holds more than the
//! page it shows, whether the activity has 3 sign-ups or 20,000.
//!
//! Search uses the FTS5 index `signup_search` (schema migration 2), which
//! triggers on `records` keep in step with the base in the same transaction
//! as the sync page that brings or removes a sign-up. Its tokenizer folds
//! case and diacritics (`zoe` finds `Zoë`), and every word of the search is a
//! prefix (`jan` finds `Jansen`); several words must all match.
//!
//! The local view: a sign-up the manager deleted here (not yet synced) is
//! left out, and a status changed here counts as the status; both come from
//! the outbox in the same query. The rows of the page are then built by
//! [`local_view::get`], so they show exactly what the record screen shows.
//! Answers are searched as the service sent them: the manager cannot change
//! answers, only the status.

use kaart_api::records::{RecordKind, SignupStatus};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::error_reason::ErrorReason;
use crate::ipc::LocalRecord;
use crate::local_view;
use crate::store::NATURAL_ORDER;

/// The most rows one page may ask for.
pub const MAX_PAGE: u32 = 500;

/// Whose sign-ups: one activity's, or all of one organisation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "of", content = "id", rename_all = "snake_case")]
pub enum SignupScope {
    Activity(Uuid),
    Organization(Uuid),
}

/// The column a list is sorted by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "by", content = "key", rename_all = "snake_case")]
pub enum SignupSortColumn {
    SubmittedAt,
    Status,
    /// The answer to the form field with this key.
    Answer(String),
}

/// One page of a sign-up list, as the window asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignupQuery {
    pub scope: SignupScope,
    /// Only sign-ups with this status; `None` for all.
    pub status: Option<SignupStatus>,
    /// Words that must each begin a word of some answer; empty for all.
    pub search: String,
    pub sort: SignupSortColumn,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// The rows of one page and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SignupPage {
    /// Sign-ups matching the scope, status and search.
    pub total: u32,
    /// From `offset`, at most `limit` of them, in the asked order.
    pub rows: Vec<LocalRecord>,
}

/// The FTS5 query for what the manager typed: each word becomes a quoted
/// prefix term (so no FTS5 syntax in the input can do anything), all must
/// match. `None` when there is nothing to search for.
pub fn match_expression(search: &str) -> Option<String> {
    let terms: Vec<String> = search
        .split(|c: char| c.is_whitespace() || c == '"')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The status a sign-up has in the local view: the last status set here,
/// else the service's.
const LOCAL_STATUS: &str = "COALESCE(
    (SELECT json_extract(c.value, '$.to') FROM outbox o, json_each(o.op, '$.changes') c
     WHERE o.kind = 'signup' AND o.record_id = r.id
       AND json_extract(c.value, '$.field') = 'status'
     ORDER BY o.seq DESC LIMIT 1),
    r.signup_status)";

/// A sign-up deleted here and not yet synced.
const DELETED_HERE: &str = "EXISTS (SELECT 1 FROM outbox o
    WHERE o.kind = 'signup' AND o.record_id = r.id AND json_extract(o.op, '$.op') = 'delete')";

/// The SQL after `SELECT …` shared by the count and the page, and its
/// parameters.
fn filtered(query: &SignupQuery) -> (String, Vec<SqlValue>) {
    let mut sql = format!(
        "FROM (SELECT r.seq, r.id, r.fields, {LOCAL_STATUS} AS status FROM records r
               WHERE r.kind = 'signup' AND NOT {DELETED_HERE}"
    );
    let mut args = Vec::new();
    match query.scope {
        SignupScope::Activity(id) => {
            sql.push_str(" AND r.activity_ref = ?");
            args.push(SqlValue::Text(id.to_string()));
        }
        SignupScope::Organization(id) => {
            sql.push_str(" AND r.organization_id = ?");
            args.push(SqlValue::Text(id.to_string()));
        }
    }
    if let Some(expr) = match_expression(&query.search) {
        sql.push_str(" AND r.seq IN (SELECT rowid FROM signup_search WHERE signup_search MATCH ?)");
        args.push(SqlValue::Text(expr));
    }
    sql.push_str(") AS s");
    if let Some(status) = query.status {
        sql.push_str(" WHERE s.status = ?");
        args.push(SqlValue::Text(status_str(status).into()));
    }
    (sql, args)
}

fn status_str(status: SignupStatus) -> &'static str {
    match status {
        SignupStatus::Registered => "registered",
        SignupStatus::Cancelled => "cancelled",
    }
}

/// The ORDER BY expression for a column; answer keys are form keys
/// (`[a-z0-9_]`), anything else is refused rather than put into SQL.
fn order_by(column: &SignupSortColumn, descending: bool) -> CoreResult<String> {
    let expr = match column {
        SignupSortColumn::SubmittedAt => {
            "julianday(json_extract(s.fields, '$.submitted_at'))".into()
        }
        SignupSortColumn::Status => "s.status".into(),
        SignupSortColumn::Answer(key) => {
            let well_formed = !key.is_empty()
                && key.len() <= 64
                && key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !well_formed {
                return Err(CoreError::InvalidInput(ErrorReason::UnsortableColumn));
            }
            format!("json_extract(s.fields, '$.answers.{key}') COLLATE {NATURAL_ORDER}")
        }
    };
    let dir = if descending { "DESC" } else { "ASC" };
    // Ties (and empty answers) keep a stable order: oldest sign-up first.
    Ok(format!("{expr} {dir}, s.seq {dir}"))
}

/// How many sign-ups match the scope, status and search of `query` (the
/// list's total; offset and limit do not matter).
pub fn count(conn: &Connection, query: &SignupQuery) -> CoreResult<u32> {
    let (from, args) = filtered(query);
    Ok(conn.query_row(
        &format!("SELECT count(*) {from}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?)
}

/// The ids of the matching sign-ups in the list's order, as SQL and its
/// parameters; shared by [`page`] (which adds LIMIT/OFFSET) and
/// [`for_each_id`] (which walks them all).
fn ordered_ids(query: &SignupQuery) -> CoreResult<(String, Vec<SqlValue>)> {
    let (from, args) = filtered(query);
    let sql = format!(
        "SELECT s.id {from} ORDER BY {}",
        order_by(&query.sort, query.descending)?
    );
    Ok((sql, args))
}

fn parse_id(id: &str) -> CoreResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| CoreError::Corrupt("sign-up id".into()))
}

/// One page of sign-ups (see the module docs).
pub fn page(conn: &Connection, query: &SignupQuery) -> CoreResult<SignupPage> {
    let limit = query.limit.min(MAX_PAGE);
    let total = count(conn, query)?;
    let (sql, mut args) = ordered_ids(query)?;
    args.push(SqlValue::Integer(limit.into()));
    args.push(SqlValue::Integer(query.offset.into()));
    let ids: Vec<String> = conn
        .prepare(&format!("{sql} LIMIT ? OFFSET ?"))?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(local) = local_view::get(conn, RecordKind::Signup, parse_id(&id)?)? {
            rows.push(local);
        }
    }
    Ok(SignupPage { total, rows })
}

/// Calls `f` with the id of every sign-up of the list `query` describes
/// (offset and limit ignored), in the list's order, one row of the query at
/// a time: what [`page`] would show page after page, never all in memory.
/// An error from `f` stops the walk and is returned.
pub fn for_each_id(
    conn: &Connection,
    query: &SignupQuery,
    mut f: impl FnMut(Uuid) -> CoreResult<()>,
) -> CoreResult<()> {
    let (sql, args) = ordered_ids(query)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        f(parse_id(&id)?)?;
    }
    Ok(())
}

/// Every answer key the sign-ups of an activity carry, sorted: the form's
/// fields and fields since removed from it (their answers are kept and
/// still shown and exported).
pub fn answer_keys(conn: &Connection, activity: Uuid) -> CoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.key FROM records r, json_each(r.fields, '$.answers') a
         WHERE r.kind = 'signup' AND r.activity_ref = ?1 ORDER BY a.key",
    )?;
    let keys = stmt.query_map([activity.to_string()], |r| r.get(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn typed_words_become_quoted_prefix_terms() {
        assert_eq!(match_expression("  "), None);
        assert_eq!(match_expression("jan"), Some("\"jan\"*".into()));
        assert_eq!(match_expression("Zoë  de"), Some("\"Zoë\"* \"de\"*".into()));
        // FTS5 syntax is only text: quotes split, operators are words.
        assert_eq!(
            match_expression("a\"b OR -"),
            Some("\"a\"* \"b\"* \"OR\"*".into())
        );
    }
}
