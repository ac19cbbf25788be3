//! Finding one person in the local data: contact persons (by name, e-mail
//! address, phone number) and sign-ups (by any answer) of every managed
//! organisation, as the local view has them (a record deleted here and not
//! yet synced is not found; a contact edited here is found as edited).
//!
//! - **Name**: every typed word must begin a word of the contact's name or
//!   of some answer of the sign-up. Case and accents do not count: contacts
//!   are compared folded with `deunicode` (*Zoë Çelik* → `zoe celik`), and
//!   sign-ups through the FTS5 index, whose tokenizer folds them the same way
//!   (`unicode61 remove_diacritics 2`, see [`crate::signup_list`]).
//! - **E-mail**: the whole address, trimmed, any case.
//! - **Phone**: the digits, with `+31`/`0031` read as the leading `0`, so
//!   `+31 6 1234 5678` finds `06-12345678`; at least 6 digits. Sign-ups
//!   through the index too: every answer written like a phone number put
//!   its digits ([`phone_key`]) in it as one word (`store::search`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kaart_api::records::{Activity, AnswerValue, Record, RecordKind};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::{
    FoundContact, FoundSignup, LabeledAnswer, MatchedBy, PersonFindings, PersonQuery, MAX_FINDINGS,
};
use crate::error::{CoreError, CoreResult};
use crate::local_view;
use crate::signup_list::match_expression;
use crate::store::{organizations, reading_key};

fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether every word of `query` (folded) begins some word of `text`.
pub fn name_matches(query: &str, text: &str) -> bool {
    let query = reading_key(query);
    let wanted = words(&query);
    if wanted.is_empty() {
        return false;
    }
    let text = reading_key(text);
    let have = words(&text);
    wanted.iter().all(|w| have.iter().any(|h| h.starts_with(w)))
}

/// An e-mail address as compared: trimmed, lower case; `None` for text
/// that is no address.
pub fn email_key(text: &str) -> Option<String> {
    let key = text.trim().to_lowercase();
    (key.contains('@') && key.len() >= 3).then_some(key)
}

/// A phone number as compared: its digits, with the country code of the
/// Netherlands (`+31`, `0031`) read as the leading `0`. `None` for text that
/// is not written like a phone number or has fewer than 6 digits.
pub fn phone_key(text: &str) -> Option<String> {
    let text = text.trim();
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().,/".contains(c));
    if !phone_like {
        return None;
    }
    // `+31 (0)6 …`: the `(0)` is not dialled after a country code.
    let international = text.starts_with('+') || text.starts_with("00");
    let dialled = if international {
        text.replace("(0)", "")
    } else {
        text.to_owned()
    };
    let digits: String = dialled.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0031") {
        format!("0{rest}")
    } else if text.starts_with('+') && digits.starts_with("31") {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    (national.len() >= 6).then_some(national)
}

/// The parts of a query that can be searched for.
struct Wanted {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

impl Wanted {
    fn of(query: &PersonQuery) -> Wanted {
        let name = query.name.trim();
        Wanted {
            name: (!words(&reading_key(name)).is_empty()).then(|| name.to_owned()),
            email: email_key(&query.email),
            phone: phone_key(&query.phone),
        }
    }

    fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.phone.is_none()
    }
}

/// Finds the person (see the module docs). A query with nothing to search
/// for finds nothing.
pub fn find(conn: &Connection, query: &PersonQuery) -> CoreResult<PersonFindings> {
    let wanted = Wanted::of(query);
    if wanted.is_empty() {
        return Ok(PersonFindings::default());
    }
    let org_names: HashMap<Uuid, String> = organizations::list(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut contacts = find_contacts(conn, &wanted, &org_names)?;
    let contacts_total = contacts.len();
    contacts.truncate(MAX_FINDINGS);

    let candidates = signup_candidates(conn, &wanted)?;
    let signups_total = candidates.len();
    let mut signups = Vec::new();
    let mut activities = HashMap::new();
    for (seq, matched_by) in candidates.into_iter().take(MAX_FINDINGS) {
        let Some(id) = id_at(conn, seq)? else {
            continue;
        };
        if let Some(mut found) = found_signup(conn, id, &org_names, &mut activities)? {
            found.matched_by = matched_by.into_iter().collect();
            signups.push(found);
        }
    }
    Ok(PersonFindings {
        contacts,
        signups,
        contacts_total: u32::try_from(contacts_total).unwrap_or(u32::MAX),
        signups_total: u32::try_from(signups_total).unwrap_or(u32::MAX),
    })
}

fn find_contacts(
    conn: &Connection,
    wanted: &Wanted,
    org_names: &HashMap<Uuid, String>,
) -> CoreResult<Vec<FoundContact>> {
    let mut found = Vec::new();
    for local in local_view::list(conn, None, RecordKind::Contact)? {
        let Record::Contact(c) = &local.record else {
            continue;
        };
        let mut matched_by = Vec::new();
        if wanted
            .name
            .as_deref()
            .is_some_and(|n| name_matches(n, &c.name))
        {
            matched_by.push(MatchedBy::Name);
        }
        if wanted.email.is_some() && c.email.as_deref().and_then(email_key) == wanted.email {
            matched_by.push(MatchedBy::Email);
        }
        if wanted.phone.is_some() && c.phone.as_deref().and_then(phone_key) == wanted.phone {
            matched_by.push(MatchedBy::Phone);
        }
        if !matched_by.is_empty() {
            found.push(FoundContact {
                organization_id: c.organization_id,
                organization_name: org_names
                    .get(&c.organization_id)
                    .cloned()
                    .unwrap_or_default(),
                record: local.clone(),
                matched_by,
            });
        }
    }
    found.sort_by_cached_key(|f| match &f.record.record {
        Record::Contact(c) => (reading_key(&c.name), f.organization_name.clone()),
        _ => (String::new(), String::new()),
    });
    Ok(found)
}

/// A sign-up deleted here and not yet synced (not found any more).
const NOT_DELETED_HERE: &str = "NOT EXISTS (SELECT 1 FROM outbox o
    WHERE o.kind = 'signup' AND o.record_id = r.id AND json_extract(o.op, '$.op') = 'delete')";

/// The sign-ups that match, newest first, with what they matched; sign-ups
/// deleted here (not yet synced) left out. Rows are keyed by `records.seq`
/// and carry the submission time as a Julian day, so even a search that
/// matches every sign-up sorts numbers, not decoded records.
fn signup_candidates(
    conn: &Connection,
    wanted: &Wanted,
) -> CoreResult<Vec<(i64, BTreeSet<MatchedBy>)>> {
    let mut matched: HashMap<i64, (f64, BTreeSet<MatchedBy>)> = HashMap::new();
    let mut add = |seq: i64, submitted: f64, by: MatchedBy| {
        matched
            .entry(seq)
            .or_insert_with(|| (submitted, BTreeSet::new()))
            .1
            .insert(by);
    };
    let select = "SELECT r.seq, COALESCE(julianday(json_extract(r.fields, '$.submitted_at')), 0)";
    let in_index = "r.seq IN (SELECT rowid FROM signup_search WHERE signup_search MATCH ?1)";
    if let Some(expr) = wanted.name.as_deref().and_then(match_expression) {
        let mut stmt = conn.prepare(&format!(
            "{select} FROM records r WHERE r.kind = 'signup' AND {NOT_DELETED_HERE} AND {in_index}"
        ))?;
        let rows = stmt.query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (seq, submitted) = row?;
            add(seq, submitted, MatchedBy::Name);
        }
    }
    if let Some(email) = &wanted.email {
        // The index narrows it down to the sign-ups holding the address's
        // words; the answer itself must be the address.
        if let Some(expr) = match_expression(email) {
            let mut stmt = conn.prepare(&format!(
                "{select}, CAST(a.value AS TEXT)
                 FROM records r, json_each(r.fields, '$.answers') a
                 WHERE r.kind = 'signup' AND a.type = 'text' AND {NOT_DELETED_HERE} AND {in_index}"
            ))?;
            let rows = stmt.query_map([expr], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
            })?;
            for row in rows {
                let (seq, submitted, value) = row?;
                if email_key(&value).as_ref() == Some(email) {
                    add(seq, submitted, MatchedBy::Email);
                }
            }
        }
    }
    if let Some(phone) = &wanted.phone {
        // Every phone-like answer's national digits are a word of the index
        // (`store::search`, migration 8): the exact word narrows it down to
        // the sign-ups holding the number, however it was typed; Rust
        // compares each answer, as for an e-mail address.
        let mut stmt = conn.prepare(&format!(
            "{select}, CAST(a.value AS TEXT)
             FROM records r, json_each(r.fields, '$.answers') a
             WHERE r.kind = 'signup' AND a.type = 'text' AND {NOT_DELETED_HERE} AND {in_index}"
        ))?;
        // Digits only, so quoting them is enough; no `*`: the whole word.
        let rows = stmt.query_map([format!("\"{phone}\"")], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (seq, submitted, value) = row?;
            if phone_key(&value).as_ref() == Some(phone) {
                add(seq, submitted, MatchedBy::Phone);
            }
        }
    }
    let mut list: Vec<(f64, i64, BTreeSet<MatchedBy>)> = matched
        .into_iter()
        .map(|(seq, (submitted, by))| (submitted, seq, by))
        .collect();
    list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(list.into_iter().map(|(_, seq, by)| (seq, by)).collect())
}

/// The id of the record in row `seq`.
fn id_at(conn: &Connection, seq: i64) -> CoreResult<Option<Uuid>> {
    let id: Option<String> = conn
        .query_row("SELECT id FROM records WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?;
    id.map(|id| Uuid::parse_str(&id).map_err(|_| CoreError::Corrupt("sign-up id".into())))
        .transpose()
}

/// A sign-up as the local view has it, with its activity's title, date and
/// questions; `None` when it is not there (any more).
pub(super) fn found_signup(
    conn: &Connection,
    id: Uuid,
    org_names: &HashMap<Uuid, String>,
    activities: &mut HashMap<Uuid, Option<Activity>>,
) -> CoreResult<Option<FoundSignup>> {
    let Some(local) = local_view::get(conn, RecordKind::Signup, id)? else {
        return Ok(None);
    };
    let Record::Signup(signup) = local.record else {
        return Ok(None);
    };
    let activity = match activities.get(&signup.activity_id) {
        Some(a) => a.clone(),
        None => {
            let a = match local_view::get(conn, RecordKind::Activity, signup.activity_id)? {
                Some(local) => match local.record {
                    Record::Activity(a) => Some(a),
                    _ => None,
                },
                None => None,
            };
            activities.insert(signup.activity_id, a.clone());
            a
        }
    };
    let mut answers = Vec::new();
    let mut rest: BTreeMap<String, AnswerValue> = signup.answers.clone();
    if let Some(a) = &activity {
        for field in &a.form {
            if let Some(answer) = rest.remove(&field.key) {
                answers.push(LabeledAnswer {
                    key: field.key.clone(),
                    question: field.label.clone(),
                    answer,
                });
            }
        }
    }
    answers.extend(rest.into_iter().map(|(key, answer)| LabeledAnswer {
        question: key.clone(),
        key,
        answer,
    }));
    Ok(Some(FoundSignup {
        id: signup.id,
        organization_id: signup.organization_id,
        organization_name: org_names
            .get(&signup.organization_id)
            .cloned()
            .unwrap_or_default(),
        activity_id: signup.activity_id,
        activity_title: activity
            .as_ref()
            .map(|a| a.title.clone())
            .unwrap_or_default(),
        activity_starts_at: activity.as_ref().map(|a| a.starts_at),
        submitted_at: signup.submitted_at,
        status: signup.status,
        answers,
        matched_by: Vec::new(),
        form: activity.map(|a| a.form).unwrap_or_default(),
    }))
}

/// A contact person as the local view has it, with its organisation.
pub(super) fn found_contact(
    conn: &Connection,
    id: Uuid,
    org_names: &HashMap<Uuid, String>,
) -> CoreResult<Option<FoundContact>> {
    let Some(local) = local_view::get(conn, RecordKind::Contact, id)? else {
        return Ok(None);
    };
    let Record::Contact(c) = &local.record else {
        return Ok(None);
    };
    let organization_id = c.organization_id;
    Ok(Some(FoundContact {
        organization_id,
        organization_name: org_names.get(&organization_id).cloned().unwrap_or_default(),
        record: local,
        matched_by: Vec::new(),
    }))
}

/// The names of the managed organisations, by id.
pub(super) fn organization_names(conn: &Connection) -> CoreResult<HashMap<Uuid, String>> {
    Ok(organizations::list(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_or_accents_by_word_beginnings() {
        assert!(name_matches("zoe celik", "Zoë Çelik"));
        assert!(name_matches("ZOË", "zoe de Vries"));
        assert!(name_matches("celik zo", "Zoë Çelik"));
        assert!(name_matches("lukasz", "Łukasz Nowak"));
        assert!(!name_matches("zoe celik", "Zoë Jansen"));
        assert!(!name_matches("oe", "Zoë"), "a word must begin with it");
        assert!(!name_matches("  ", "Zoë"));
    }

    #[test]
    fn emails_compare_whole_and_in_any_case() {
        assert_eq!(
            email_key(" Zoe@Example.ORG "),
            Some("zoe@example.org".into())
        );
        assert_eq!(email_key("zoe"), None);
    }

    #[test]
    fn phone_numbers_compare_by_their_digits() {
        let mobile = Some("0612345678".to_string());
        assert_eq!(phone_key("06-12345678"), mobile);
        assert_eq!(phone_key("+31 6 1234 5678"), mobile);
        assert_eq!(phone_key("0031 (0)6 12345678"), mobile);
        assert_eq!(phone_key("+31 (0)6-12345678"), mobile);
        assert_eq!(phone_key("(06) 123 456 78"), mobile);
        assert_eq!(phone_key("12345"), None, "too short");
        assert_eq!(phone_key("Zoë 0612345678"), None, "not written as a number");
    }
}
