//! The confirmation e-mail a registrant gets after signing up, as text: the
//! activity, what they answered (the form's labels, in form order) and the
//! unsubscribe link the receipt carries. Dutch, plain text. No I/O here, so
//! the wording is tested without a mail server; [`super::smtp`] sends it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kaart_api::records::{Activity, AnswerValue, FieldType, FormField};

/// A confirmation ready to send. Holds personal data: its `Debug` shows
/// none of it, and nothing of it is ever logged.
#[derive(Clone)]
pub struct Confirmation {
    /// The registrant's address (the answer to the form's e-mail field).
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl std::fmt::Debug for Confirmation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Confirmation(<personal data>)")
    }
}

/// The registrant's address: the answer to the first field of type e-mail
/// that holds one. `None` when the form asks for no e-mail address or it was
/// left empty — then no confirmation can be sent.
pub fn recipient(form: &[FormField], answers: &BTreeMap<String, AnswerValue>) -> Option<String> {
    form.iter()
        .filter(|f| f.field_type == FieldType::Email)
        .find_map(|f| match answers.get(&f.key) {
            Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        })
}

/// The confirmation of a sign-up for `activity` with `answers`, or `None`
/// when there is no address to send it to.
pub fn confirmation(
    activity: &Activity,
    answers: &BTreeMap<String, AnswerValue>,
    unsubscribe_url: &str,
) -> Option<Confirmation> {
    let to = recipient(&activity.form, answers)?;
    let mut body = String::from("Hallo,\n\n");
    body.push_str(&format!("Je bent aangemeld voor: {}\n", activity.title));
    if let Some(location) = activity.location.as_deref().filter(|l| !l.is_empty()) {
        body.push_str(&format!("Waar: {location}\n"));
    }
    body.push_str("\nDit heb je ingevuld:\n\n");
    for field in &activity.form {
        body.push_str(&answer_line(field, answers.get(&field.key)));
        body.push('\n');
    }
    body.push_str(
        "\nWil je je afmelden? Open dan deze link. Al je gegevens van deze \
         aanmelding worden daarmee verwijderd.\n",
    );
    body.push_str(unsubscribe_url);
    body.push_str("\n\nDit is een automatisch bericht; je kunt er niet op antwoorden.\n");
    Some(Confirmation {
        to,
        subject: format!("Bevestiging van je aanmelding: {}", activity.title),
        body,
    })
}

/// `Label: answer`; a long answer's further lines indented under it.
fn answer_line(field: &FormField, answer: Option<&AnswerValue>) -> String {
    let value = match answer {
        None => "(niet ingevuld)".to_string(),
        Some(AnswerValue::Text(t)) if t.trim().is_empty() => "(niet ingevuld)".to_string(),
        Some(AnswerValue::Text(t)) if field.field_type == FieldType::Date => dutch_date(t.trim()),
        Some(AnswerValue::Text(t)) => t.trim().replace("\r\n", "\n").replace('\n', "\n    "),
        Some(AnswerValue::Bool(b)) => if *b { "ja" } else { "nee" }.to_string(),
        Some(AnswerValue::Number(n)) => dutch_number(*n),
    };
    format!("{}: {value}", field.label)
}

/// `2031-03-01` → `01-03-2031`, as dates are written in the Netherlands.
fn dutch_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// Whole numbers without decimals, others with a decimal comma.
fn dutch_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string().replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use kaart_api::records::ActivityStatus;
    use uuid::Uuid;

    fn field(key: &str, label: &str, field_type: FieldType) -> FormField {
        FormField::optional(key, label, field_type)
    }

    fn activity(form: Vec<FormField>) -> Activity {
        Activity {
            id: Uuid::now_v7(),
            organization_id: Uuid::now_v7(),
            title: "Koffieochtend".into(),
            description: None,
            starts_at: Utc::now(),
            ends_at: Utc::now(),
            location: Some("Buurthuis De Linde".into()),
            capacity: None,
            signup_opens_at: None,
            signup_closes_at: None,
            status: ActivityStatus::Published,
            form,
            assured_date: None,
        }
    }

    fn text(s: &str) -> AnswerValue {
        AnswerValue::Text(s.into())
    }

    #[test]
    fn lists_every_field_in_form_order_with_dutch_values() {
        let a = activity(vec![
            field("naam", "Naam", FieldType::Text),
            field("mail", "E-mailadres", FieldType::Email),
            field("datum", "Voorkeursdatum", FieldType::Date),
            field("aantal", "Aantal personen", FieldType::Number),
            field("akkoord", "Akkoord", FieldType::Checkbox),
            field("opmerking", "Opmerking", FieldType::LongText),
            field("telefoon", "Telefoon", FieldType::Phone),
        ]);
        let answers = BTreeMap::from([
            ("naam".to_string(), text("Zoë")),
            ("mail".to_string(), text(" zoe@example.nl ")),
            ("datum".to_string(), text("2031-03-01")),
            ("aantal".to_string(), AnswerValue::Number(2.0)),
            ("akkoord".to_string(), AnswerValue::Bool(true)),
            ("opmerking".to_string(), text("regel een\nregel twee")),
        ]);
        let c = confirmation(&a, &answers, "http://x/public/v1/unsubscribe/t").unwrap();
        assert_eq!(c.to, "zoe@example.nl");
        assert_eq!(c.subject, "Bevestiging van je aanmelding: Koffieochtend");
        let expected = "Naam: Zoë\nE-mailadres: zoe@example.nl\nVoorkeursdatum: 01-03-2031\n\
                        Aantal personen: 2\nAkkoord: ja\nOpmerking: regel een\n    regel twee\n\
                        Telefoon: (niet ingevuld)\n";
        assert!(c.body.contains(expected), "{}", c.body);
        assert!(c.body.contains("Waar: Buurthuis De Linde"));
        assert!(c.body.contains("\nhttp://x/public/v1/unsubscribe/t\n"));
        assert_eq!(dutch_number(2.5), "2,5");
        assert!(!format!("{c:?}").contains("zoe"));
    }

    #[test]
    fn no_email_field_or_no_answer_means_no_confirmation() {
        let without = activity(vec![field("naam", "Naam", FieldType::Text)]);
        let answers = BTreeMap::from([("naam".to_string(), text("Zoë"))]);
        assert!(confirmation(&without, &answers, "u").is_none());
        let with = activity(vec![
            field("naam", "Naam", FieldType::Text),
            field("mail", "E-mailadres", FieldType::Email),
        ]);
        assert!(confirmation(&with, &answers, "u").is_none());
        let blank = BTreeMap::from([("mail".to_string(), text("  "))]);
        assert!(confirmation(&with, &blank, "u").is_none());
    }
}
