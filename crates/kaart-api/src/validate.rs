//! The validation rules for Dutch directory data, shared by the server (which
//! enforces them) and the client (which shows them while editing). Every rule
//! returns [`FieldError`]s with a machine code and a Dutch message.
//!
//! Decisions worth knowing:
//! - **Postcodes** must be in the canonical form `1234 AB` (four digits, the
//!   first not 0, one space, two capital letters, not SA/SD/SS). The server
//!   does not rewrite data; clients tidy input first with
//!   [`normalize_postcode`] ("1234ab" → "1234 AB"), through
//!   [`crate::tidy`].
//! - **Phone numbers** are checked with `phonenumber` (a libphonenumber port),
//!   Dutch numbers by default, international ones with `+`.
//! - **E-mail** with `email_address`; **URLs** with `url`, only `http`/`https`.
//! - A contact's **photo** is a path on the central service,
//!   `/public/v1/photos/{sha256}` ([`crate::routes::photo_name`]).
//! - Every text field has an upper bound ([`MAX_NAME`], [`MAX_SHORT`],
//!   [`MAX_LONG`]); names and titles must not be blank; optional text is
//!   `None`, never empty.
//! - **Control characters** (NUL, escape, …) are refused in every text,
//!   in manager edits and public sign-ups alike; only long text (the
//!   [`MAX_LONG`] fields and long-text answers) may hold line breaks and tabs.
//!   See [`has_control_chars`].

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::error::FieldError;
use crate::records::{
    Activity, AnswerValue, Contact, FieldType, FormField, Offering, Organization, Profile, Record,
    Signup,
};

/// Longest name or title.
pub const MAX_NAME: usize = 200;
/// Longest short text (street, city, costs, a form answer of type text, ...).
pub const MAX_SHORT: usize = 500;
/// Longest long text (descriptions, notes, long-text answers).
pub const MAX_LONG: usize = 10_000;
/// Most fields on one sign-up form, and most options of one choice field.
pub const MAX_FORM_FIELDS: usize = 50;
/// Most contact persons linked to one offering.
pub const MAX_CONTACT_IDS: usize = 100;

/// Whether `s` holds a control character it may not: any at all in
/// single-line text; anything but line breaks (`\n`, `\r`) and tabs in long
/// text (`multiline`).
pub fn has_control_chars(s: &str, multiline: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

const CONTROL_CODE: &str = "control_character";

fn control_message(multiline: bool) -> &'static str {
    if multiline {
        "Dit veld bevat een onzichtbaar stuurteken (zoals NUL); alleen regeleinden en tabs zijn toegestaan."
    } else {
        "Dit veld mag geen regeleinden, tabs of andere onzichtbare stuurtekens bevatten."
    }
}

/// Validates any record; an empty list means valid.
pub fn validate_record(record: &Record) -> Vec<FieldError> {
    match record {
        Record::Organization(r) => validate_organization(r),
        Record::Offering(r) => validate_offering(r),
        Record::Activity(r) => validate_activity(r),
        Record::Contact(r) => validate_contact(r),
        Record::Signup(r) => validate_signup(r),
        Record::Profile(r) => validate_profile(r),
    }
}

pub fn validate_organization(r: &Organization) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("name", &r.name, MAX_NAME);
    e.text("description", &r.description, MAX_LONG);
    e.digits8("kvk_number", &r.kvk_number, "KvK-nummer");
    e.text("visiting_street", &r.visiting_street, MAX_SHORT);
    e.postcode("visiting_postcode", &r.visiting_postcode);
    e.text("visiting_city", &r.visiting_city, MAX_NAME);
    e.text("postal_street", &r.postal_street, MAX_SHORT);
    e.postcode("postal_postcode", &r.postal_postcode);
    e.text("postal_city", &r.postal_city, MAX_NAME);
    e.phone("phone", &r.phone);
    e.email("email", &r.email);
    e.url("website", &r.website);
    e.0
}

pub fn validate_offering(r: &Offering) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("name", &r.name, MAX_NAME);
    e.text("description", &r.description, MAX_LONG);
    e.text("target_group", &r.target_group, MAX_SHORT);
    e.text("costs", &r.costs, MAX_SHORT);
    e.text("application_process", &r.application_process, MAX_LONG);
    if r.contact_ids.len() > MAX_CONTACT_IDS {
        e.push(
            "contact_ids",
            "too_many",
            format!("Koppel hoogstens {MAX_CONTACT_IDS} contactpersonen."),
        );
        e.detail("max", MAX_CONTACT_IDS);
    }
    let unique: HashSet<_> = r.contact_ids.iter().collect();
    if unique.len() != r.contact_ids.len() {
        e.push(
            "contact_ids",
            "duplicate",
            "Elke contactpersoon mag maar één keer voorkomen.",
        );
    }
    e.0
}

pub fn validate_activity(r: &Activity) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("title", &r.title, MAX_NAME);
    e.text("description", &r.description, MAX_LONG);
    e.text("location", &r.location, MAX_SHORT);
    if r.ends_at < r.starts_at {
        e.push(
            "ends_at",
            "ends_before_start",
            "Het einde ligt vóór het begin.",
        );
    }
    if let (Some(open), Some(close)) = (r.signup_opens_at, r.signup_closes_at) {
        if close < open {
            e.push(
                "signup_closes_at",
                "closes_before_opens",
                "De aanmelding sluit vóór ze opengaat.",
            );
        }
    }
    if r.capacity == Some(0) {
        e.push(
            "capacity",
            "too_small",
            "Geef minstens 1 plaats op, of laat het leeg (onbeperkt).",
        );
    }
    e.0.extend(validate_form(&r.form));
    e.0
}

/// The sign-up form of an activity: unique, well-formed keys; labels; options
/// exactly for choice fields.
pub fn validate_form(form: &[FormField]) -> Vec<FieldError> {
    let mut e = Errors::default();
    if form.len() > MAX_FORM_FIELDS {
        e.push(
            "form",
            "too_many",
            format!("Een formulier heeft hoogstens {MAX_FORM_FIELDS} velden."),
        );
        e.detail("max", MAX_FORM_FIELDS);
    }
    let mut seen = HashSet::new();
    for (i, f) in form.iter().enumerate() {
        let at = |name: &str| format!("form[{i}].{name}");
        let key_ok = !f.key.is_empty()
            && f.key.len() <= 64
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok {
            e.push(
                at("key"),
                "invalid_key",
                "Een sleutel bestaat uit 1 tot 64 kleine letters, cijfers of _.",
            );
        }
        if !seen.insert(f.key.as_str()) {
            e.push(
                at("key"),
                "duplicate",
                "Elke sleutel mag maar één keer voorkomen.",
            );
        }
        e.name(&at("label"), &f.label, MAX_NAME);
        e.text(&at("help"), &f.help, MAX_LONG);
        match f.field_type {
            FieldType::Choice => {
                if f.options.is_empty() {
                    e.push(at("options"), "required", "Geef de keuzemogelijkheden op.");
                }
                if f.options.len() > MAX_FORM_FIELDS {
                    e.push(at("options"), "too_many", "Te veel keuzemogelijkheden.");
                }
                let mut opts = HashSet::new();
                for o in &f.options {
                    if o.trim().is_empty()
                        || o.chars().count() > MAX_NAME
                        || has_control_chars(o, false)
                    {
                        e.push(
                            at("options"),
                            "invalid_option",
                            "Een keuzemogelijkheid is leeg, te lang of bevat stuurtekens.",
                        );
                    }
                    if !opts.insert(o) {
                        e.push(
                            at("options"),
                            "duplicate",
                            "Elke keuzemogelijkheid mag maar één keer voorkomen.",
                        );
                    }
                }
            }
            _ => {
                if !f.options.is_empty() {
                    e.push(
                        at("options"),
                        "not_allowed",
                        "Alleen een keuzeveld heeft keuzemogelijkheden.",
                    );
                }
            }
        }
    }
    e.0
}

pub fn validate_contact(r: &Contact) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("name", &r.name, MAX_NAME);
    e.text("title", &r.title, MAX_NAME);
    e.email("email", &r.email);
    e.phone("phone", &r.phone);
    e.text("reachability", &r.reachability, MAX_LONG);
    e.photo("photo_url", &r.photo_url);
    e.digits8("agb_code", &r.agb_code, "AGB-code");
    e.text("street", &r.street, MAX_SHORT);
    e.postcode("postcode", &r.postcode);
    e.text("city", &r.city, MAX_NAME);
    e.0
}

/// A stored sign-up: only the shape of its answers (the form may have changed
/// since it was submitted, so they are not checked against it again).
pub fn validate_signup(r: &Signup) -> Vec<FieldError> {
    let mut e = Errors::default();
    for (k, v) in &r.answers {
        if let AnswerValue::Text(t) = v {
            if has_control_chars(t, true) {
                e.push(format!("answers.{k}"), CONTROL_CODE, control_message(true));
            }
            if t.chars().count() > MAX_LONG {
                e.push(
                    format!("answers.{k}"),
                    "too_long",
                    "Dit antwoord is te lang.",
                );
            }
        }
    }
    e.0
}

pub fn validate_profile(r: &Profile) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("name", &r.name, MAX_NAME);
    e.text("salutation", &r.salutation, MAX_NAME);
    e.email("email", &r.email);
    e.phone("phone", &r.phone);
    e.text("note", &r.note, MAX_LONG);
    e.0
}

/// The answers of a public sign-up checked against the activity's form:
/// unknown keys refused, required fields present, each value of its field's
/// type (e-mail, phone, number, date `YYYY-MM-DD`, one of the choices, a
/// checkbox is `true`/`false`), bounded lengths. Errors name `answers.<key>`.
pub fn validate_answers(
    form: &[FormField],
    answers: &BTreeMap<String, AnswerValue>,
) -> Vec<FieldError> {
    let mut e = Errors::default();
    for key in answers.keys() {
        if !form.iter().any(|f| &f.key == key) {
            e.push(
                format!("answers.{key}"),
                "unknown_field",
                "Dit veld staat niet op het formulier.",
            );
        }
    }
    for f in form {
        let at = format!("answers.{}", f.key);
        let value = match answers.get(&f.key) {
            None | Some(AnswerValue::Text(_)) if is_blank(answers.get(&f.key)) => {
                if f.required {
                    e.push(at, "required", format!("Vul “{}” in.", f.label));
                    e.detail("label", &f.label);
                }
                continue;
            }
            Some(v) => v,
            None => continue,
        };
        match (f.field_type, value) {
            (FieldType::Checkbox, AnswerValue::Bool(b)) => {
                if f.required && !b {
                    e.push(at, "required", format!("Vink “{}” aan.", f.label));
                    e.detail("label", &f.label);
                    e.detail("check", true);
                }
            }
            (FieldType::Checkbox, _) => {
                e.push(at, "invalid_type", "Verwacht aan of uit (true/false).")
            }
            (FieldType::Number, AnswerValue::Number(n)) => {
                if !n.is_finite() {
                    e.push(at, "invalid_number", "Vul een getal in.");
                }
            }
            (FieldType::Number, _) => e.push(at, "invalid_type", "Vul een getal in."),
            (_, AnswerValue::Text(t)) => {
                let t = t.trim();
                let long = f.field_type == FieldType::LongText;
                let max = if long { MAX_LONG } else { MAX_SHORT };
                if has_control_chars(t, long) {
                    e.push(at, CONTROL_CODE, control_message(long));
                    continue;
                }
                if t.chars().count() > max {
                    e.push(at, "too_long", format!("Gebruik hoogstens {max} tekens."));
                    e.detail("max", max);
                    continue;
                }
                match f.field_type {
                    FieldType::Email if !is_email(t) => e.push(
                        at,
                        "invalid_email",
                        "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
                    ),
                    FieldType::Phone if !is_phone(t) => e.push(
                        at,
                        "invalid_phone",
                        "Vul een geldig telefoonnummer in, zoals 020 123 4567.",
                    ),
                    FieldType::Date
                        if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_err() || t.len() != 10 =>
                    {
                        e.push(at, "invalid_date", "Vul een datum in als JJJJ-MM-DD.")
                    }
                    FieldType::Choice if !f.options.iter().any(|o| o == t) => {
                        e.push(at, "invalid_choice", "Kies een van de mogelijkheden.")
                    }
                    _ => {}
                }
            }
            (_, _) => e.push(at, "invalid_type", "Verwacht tekst."),
        }
    }
    e.0
}

/// A manager's correction of a sign-up's answers (`before` → `after`),
/// checked against the activity's *current* form with the rules of a public
/// sign-up ([`validate_answers`]: required fields, choices, types, lengths).
/// The form may have changed since the person signed up, so answers to
/// questions no longer on it are judged apart: such an answer may stay as it
/// was or be removed (a correction may take data out), but not be added or
/// changed (`no_longer_on_form`) — there is no question any more to answer.
/// Errors name `answers.<key>`.
pub fn validate_corrected_answers(
    form: &[FormField],
    before: &BTreeMap<String, AnswerValue>,
    after: &BTreeMap<String, AnswerValue>,
) -> Vec<FieldError> {
    let mut e = Errors::default();
    let mut on_form = BTreeMap::new();
    for (key, value) in after {
        if form.iter().any(|f| &f.key == key) {
            on_form.insert(key.clone(), value.clone());
        } else if before.get(key) != Some(value) {
            e.push(
                format!("answers.{key}"),
                "no_longer_on_form",
                "Deze vraag staat niet (meer) op het aanmeldformulier; het antwoord kan alleen blijven zoals het was of worden verwijderd.",
            );
        }
    }
    e.0.extend(validate_answers(form, &on_form));
    e.0
}

fn is_blank(v: Option<&AnswerValue>) -> bool {
    match v {
        None => true,
        Some(AnswerValue::Text(t)) => t.trim().is_empty(),
        Some(_) => false,
    }
}

/// `1234 AB`: four digits (not starting with 0), a space, two capitals other
/// than SA, SD and SS.
pub fn is_postcode(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && (b'1'..=b'9').contains(&b[0])
        && b[1..4].iter().all(u8::is_ascii_digit)
        && b[4] == b' '
        && b[5..7].iter().all(u8::is_ascii_uppercase)
        && !matches!(&s[5..7], "SA" | "SD" | "SS")
}

/// Tidies a postcode as typed ("1234ab", " 1234  ab ") into `1234 AB`;
/// returns `None` when it cannot be a Dutch postcode.
pub fn normalize_postcode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() != 6 || !compact.is_ascii() {
        return None;
    }
    let candidate = format!("{} {}", &compact[..4], compact[4..].to_ascii_uppercase());
    is_postcode(&candidate).then_some(candidate)
}

/// A phone number that libphonenumber accepts (Dutch numbers by default).
pub fn is_phone(s: &str) -> bool {
    s.chars().count() <= 40
        && phonenumber::parse(Some(phonenumber::country::Id::NL), s)
            .map(|n| phonenumber::is_valid(&n))
            .unwrap_or(false)
}

pub fn is_email(s: &str) -> bool {
    s.len() <= 254 && email_address::EmailAddress::is_valid(s) && s.contains('.')
}

/// An absolute `http` or `https` URL with a host.
pub fn is_web_url(s: &str) -> bool {
    s.len() <= 2_000
        && url::Url::parse(s)
            .map(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some_and(|h| !h.is_empty())
            })
            .unwrap_or(false)
}

fn is_8_digits(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Collects errors field by field.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Adds the detail `name` = `value` to the error pushed last, for a
    /// client that words the rule itself ([`FieldError::params`]).
    fn detail(&mut self, name: &str, value: impl ToString) {
        if let Some(last) = self.0.last_mut() {
            last.params.insert(name.to_owned(), value.to_string());
        }
    }

    fn name(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(field, "required", "Dit veld is verplicht.");
        } else if has_control_chars(value, false) {
            self.push(field, CONTROL_CODE, control_message(false));
        } else if value.chars().count() > max {
            self.push(
                field,
                "too_long",
                format!("Gebruik hoogstens {max} tekens."),
            );
            self.detail("max", max);
        }
    }

    /// Optional text; long text (`max` of [`MAX_LONG`]) may hold line breaks
    /// and tabs. True when there is a value left to check further.
    fn text(&mut self, field: &str, value: &Option<String>, max: usize) -> bool {
        let multiline = max >= MAX_LONG;
        match value {
            None => false,
            Some(v) if v.trim().is_empty() => {
                self.push(
                    field,
                    "empty",
                    "Laat het veld leeg (null) in plaats van alleen spaties.",
                );
                false
            }
            Some(v) if has_control_chars(v, multiline) => {
                self.push(field, CONTROL_CODE, control_message(multiline));
                false
            }
            Some(v) if v.chars().count() > max => {
                self.push(
                    field,
                    "too_long",
                    format!("Gebruik hoogstens {max} tekens."),
                );
                self.detail("max", max);
                false
            }
            Some(_) => true,
        }
    }

    fn check(
        &mut self,
        field: &str,
        value: &Option<String>,
        max: usize,
        ok: fn(&str) -> bool,
        code: &str,
        msg: &str,
    ) {
        if self.text(field, value, max) && !ok(value.as_deref().unwrap_or_default()) {
            self.push(field, code, msg);
        }
    }

    fn digits8(&mut self, field: &str, value: &Option<String>, what: &str) {
        if self.text(field, value, 8) && !is_8_digits(value.as_deref().unwrap_or_default()) {
            self.push(
                field,
                "invalid_digits",
                format!("Een {what} bestaat uit precies 8 cijfers."),
            );
        }
    }

    fn postcode(&mut self, field: &str, value: &Option<String>) {
        self.check(
            field,
            value,
            7,
            is_postcode,
            "invalid_postcode",
            "Vul een postcode in als 1234 AB.",
        );
    }

    fn phone(&mut self, field: &str, value: &Option<String>) {
        self.check(
            field,
            value,
            40,
            is_phone,
            "invalid_phone",
            "Vul een geldig telefoonnummer in, zoals 020 123 4567 of +31 20 123 4567.",
        );
    }

    fn email(&mut self, field: &str, value: &Option<String>) {
        self.check(
            field,
            value,
            254,
            is_email,
            "invalid_email",
            "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        );
    }

    /// A photo on the central service: its path `/public/v1/photos/{sha256}`
    /// (made by the app from the uploaded JPEG), never a link elsewhere.
    fn photo(&mut self, field: &str, value: &Option<String>) {
        self.check(
            field,
            value,
            200,
            |v| crate::routes::photo_name(v).is_some(),
            "invalid_photo",
            "De foto moet een foto op de centrale dienst zijn; kies de foto opnieuw.",
        );
    }

    fn url(&mut self, field: &str, value: &Option<String>) {
        self.check(
            field,
            value,
            2_000,
            is_web_url,
            "invalid_url",
            "Vul een webadres in dat begint met https:// of http://.",
        );
    }
}

#[cfg(test)]
mod tests;
