//! The public life of a sign-up: the activity's public form, submitting a
//! sign-up (answers validated against the form, capacity and sign-up window
//! enforced) with its unsubscribe token, and unsubscribing, which deletes the
//! sign-up and everything personal about it, leaving only a tombstone.

use chrono::{DateTime, Utc};
use kaart_api::error::ApiErrorCode;
use kaart_api::public::{PublicForm, SignupSubmission};
use std::collections::BTreeMap;

use kaart_api::records::{
    Activity, ActivityStatus, AnswerValue, FieldType, FormField, Record, RecordKind, Signup,
    SignupStatus,
};
use kaart_api::validate::validate_answers;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::accounts::{new_token, token_hash};
use crate::failure::{ApiResult, Failure};
use crate::{db, store};

fn published_activity(conn: &Connection, id: Uuid) -> ApiResult<Activity> {
    match store::get(conn, RecordKind::Activity, id)?.map(|s| s.record) {
        Some(Record::Activity(a)) if a.status == ActivityStatus::Published => Ok(a),
        _ => Err(Failure::not_found(
            "Deze activiteit bestaat niet of is niet gepubliceerd.",
        )),
    }
}

fn places_left(conn: &Connection, a: &Activity) -> ApiResult<Option<u32>> {
    Ok(match a.capacity {
        Some(cap) => Some(cap.saturating_sub(store::registered_count(conn, a.id)?)),
        None => None,
    })
}

pub fn public_form(conn: &Connection, id: Uuid) -> ApiResult<PublicForm> {
    let a = published_activity(conn, id)?;
    let places_left = places_left(conn, &a)?;
    Ok(PublicForm {
        activity_id: a.id,
        title: a.title,
        description: a.description,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        location: a.location,
        places_left,
        signup_opens_at: a.signup_opens_at,
        signup_closes_at: a.signup_closes_at,
        fields: a.form,
    })
}

/// Whether sign-up is open at `now`: after `signup_opens_at` (if set) and
/// before `signup_closes_at`, or, when that is not set, before the activity
/// ends.
pub fn window_open(a: &Activity, now: DateTime<Utc>) -> bool {
    let opened = a.signup_opens_at.is_none_or(|t| now >= t);
    let not_closed = now <= a.signup_closes_at.unwrap_or(a.ends_at);
    opened && not_closed
}

/// A stored sign-up: what the receipt and the confirmation e-mail need.
/// Holds personal data (the answers): its `Debug` shows none of it.
pub struct Submitted {
    pub signup_id: Uuid,
    /// The unsubscribe token; only its hash is stored.
    pub token: String,
    /// The activity as it was signed up for (title, form).
    pub activity: Activity,
    /// The answers as stored (text trimmed).
    pub answers: BTreeMap<String, AnswerValue>,
}

impl std::fmt::Debug for Submitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submitted")
            .field("signup_id", &self.signup_id)
            .finish_non_exhaustive()
    }
}

/// Stores a valid sign-up; returns its id and the unsubscribe token (only
/// its hash is kept). See [`submit_signup`] for what the e-mail needs too.
pub fn submit(
    conn: &mut Connection,
    activity: Uuid,
    submission: SignupSubmission,
) -> ApiResult<(Uuid, String)> {
    submit_signup(conn, activity, submission).map(|s| (s.signup_id, s.token))
}

/// Stores a valid sign-up with its unsubscribe token; returns it with the
/// activity and the answers as stored, for the confirmation e-mail.
pub fn submit_signup(
    conn: &mut Connection,
    activity: Uuid,
    submission: SignupSubmission,
) -> ApiResult<Submitted> {
    let tx = conn.transaction()?;
    let a = published_activity(&tx, activity)?;
    let now = Utc::now();
    if !window_open(&a, now) {
        return Err(Failure::new(
            ApiErrorCode::SignupClosed,
            "De aanmelding voor deze activiteit is gesloten.",
        ));
    }
    let errors = validate_answers(&a.form, &submission.answers);
    if !errors.is_empty() {
        return Err(Failure::validation(errors));
    }
    if already_signed_up(&tx, &a, &submission.answers)? {
        return Err(Failure::new(
            ApiErrorCode::AlreadySignedUp,
            "Met dit e-mailadres is al iemand aangemeld voor deze activiteit. \
             Wil je iets wijzigen? Meld je dan eerst af via de link in je bevestigingsmail.",
        ));
    }
    if places_left(&tx, &a)? == Some(0) {
        return Err(Failure::new(
            ApiErrorCode::ActivityFull,
            "Deze activiteit is vol.",
        ));
    }
    let answers: BTreeMap<String, AnswerValue> = submission
        .answers
        .into_iter()
        .map(|(k, v)| match v {
            kaart_api::records::AnswerValue::Text(t) => (
                k,
                kaart_api::records::AnswerValue::Text(t.trim().to_string()),
            ),
            other => (k, other),
        })
        .collect();
    let signup = Signup {
        id: Uuid::now_v7(),
        organization_id: a.organization_id,
        activity_id: a.id,
        submitted_at: now,
        answers: answers.clone(),
        status: SignupStatus::Registered,
    };
    store::insert(&tx, &Record::Signup(signup.clone()), 1)?;
    let token = new_token();
    tx.execute(
        "INSERT INTO unsubscribe_tokens (token_hash, signup_id) VALUES (?1, ?2)",
        rusqlite::params![token_hash(&token), signup.id.to_string()],
    )?;
    tx.commit()?;
    Ok(Submitted {
        signup_id: signup.id,
        token,
        activity: a,
        answers,
    })
}

/// The e-mail answers of a sign-up, normalised (trimmed, lower case).
fn emails(form: &[FormField], answers: &BTreeMap<String, AnswerValue>) -> Vec<String> {
    form.iter()
        .filter(|f| f.field_type == FieldType::Email)
        .filter_map(|f| match answers.get(&f.key) {
            Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_lowercase()),
            _ => None,
        })
        .collect()
}

/// Whether a registered sign-up of `a` already carries one of the e-mail
/// addresses of `answers`.
fn already_signed_up(
    conn: &Connection,
    a: &Activity,
    answers: &BTreeMap<String, AnswerValue>,
) -> ApiResult<bool> {
    let new = emails(&a.form, answers);
    if new.is_empty() {
        return Ok(false);
    }
    for id in store::signups_of(conn, a.id)? {
        if let Some(Record::Signup(s)) = store::get(conn, RecordKind::Signup, id)?.map(|s| s.record)
        {
            if s.status == SignupStatus::Registered
                && emails(&a.form, &s.answers).iter().any(|e| new.contains(e))
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The sign-up an unsubscribe token belongs to, if it is still valid.
pub fn signup_for_token(conn: &Connection, token: &str) -> ApiResult<Option<Uuid>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT signup_id FROM unsubscribe_tokens WHERE token_hash = ?1",
            [token_hash(token)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id.and_then(|s| Uuid::parse_str(&s).ok()))
}

/// Deletes the sign-up of `token` and all its data; only a tombstone stays.
/// Then checkpoints and truncates the WAL so the data is in no file.
/// Returns false when the token is unknown (or already used).
pub fn unsubscribe(conn: &mut Connection, token: &str) -> ApiResult<bool> {
    let tx = conn.transaction()?;
    let Some(id) = signup_for_token(&tx, token)? else {
        return Ok(false);
    };
    if let Some(s) = store::get(&tx, RecordKind::Signup, id)? {
        store::delete(&tx, RecordKind::Signup, id, s.org_id, s.version + 1)?;
    }
    tx.execute(
        "DELETE FROM unsubscribe_tokens WHERE signup_id = ?1",
        [id.to_string()],
    )?;
    tx.commit()?;
    db::checkpoint_truncate(conn)?;
    Ok(true)
}
