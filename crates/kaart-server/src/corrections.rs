//! A manager's correction of a sign-up's answers (AVG article 16, at the
//! person's request): the new answers are checked against the activity's
//! *current* form with the rules of a public sign-up
//! (`kaart_api::validate::validate_corrected_answers`). Kept apart from
//! `mutate` because, like `contact_refs`, it reads across records (the
//! sign-up's activity).

use kaart_api::error::FieldError;
use kaart_api::records::{Record, RecordKind};
use kaart_api::validate::validate_corrected_answers;
use rusqlite::Connection;

use crate::store;

/// Why `record` (a sign-up whose answers were `before`) may not be stored
/// with its answers: every broken answer, or nothing when they did not
/// change (a status change alone is not held to a form that changed since).
pub fn refusal(
    conn: &Connection,
    record: &Record,
    before: &Record,
) -> rusqlite::Result<Vec<FieldError>> {
    let (Record::Signup(after), Record::Signup(before)) = (record, before) else {
        return Ok(Vec::new());
    };
    if after.answers == before.answers {
        return Ok(Vec::new());
    }
    let form = match store::get(conn, RecordKind::Activity, after.activity_id)? {
        Some(store::Stored {
            record: Record::Activity(activity),
            ..
        }) => activity.form,
        _ => {
            return Ok(vec![FieldError::new(
                "answers",
                "unknown_activity",
                "De activiteit van deze aanmelding bestaat niet meer.",
            )])
        }
    };
    Ok(validate_corrected_answers(
        &form,
        &before.answers,
        &after.answers,
    ))
}
