//! The data generator: realistic Dutch organisations, offerings, activities
//! with forms, contacts and sign-ups, deterministic for a given seed.
//! [`demo`] builds the small demo set, [`bench`] the benchmark set.

pub mod bench;
pub mod demo;
pub mod words;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kaart_api::records::{
    Activity, ActivityStatus, AnswerValue, Contact, FieldType, FormField, Offering, Organization,
    Signup, SignupStatus,
};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use uuid::Uuid;

pub use words::*;

/// Whether any manager exists (an empty database gets the demo set).
pub fn has_managers(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM managers)", [], |r| r.get(0))
}

/// A deterministic source of Dutch-looking data.
#[derive(Debug)]
pub struct Gen {
    rng: ChaCha8Rng,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.gen()).into_uuid()
    }

    pub fn pick<'a>(&mut self, list: &'a [&'a str]) -> &'a str {
        list.choose(&mut self.rng).copied().unwrap_or_default()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.gen_range(lo..hi)
    }

    pub fn person(&mut self) -> String {
        format!("{} {}", self.pick(FIRST_NAMES), self.pick(LAST_NAMES))
    }

    /// An e-mail address made from a name, without diacritics.
    pub fn email(&mut self, name: &str, domain: &str) -> String {
        let local: String = name
            .chars()
            .filter_map(|c| match c {
                'ë' | 'é' | 'è' => Some('e'),
                'ï' | 'ı' => Some('i'),
                'ö' | 'ô' => Some('o'),
                'ü' => Some('u'),
                'ç' => Some('c'),
                'ğ' => Some('g'),
                'ê' => Some('e'),
                'Ö' => Some('o'),
                'Ç' => Some('c'),
                ' ' | '-' => Some('.'),
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        let n = self.range(1, 99);
        format!("{}{n}@{domain}", local.trim_matches('.').replace("..", "."))
    }

    /// A valid Dutch mobile or Leiden landline number.
    pub fn phone(&mut self) -> String {
        if self.chance(0.5) {
            format!("06 {}{:07}", self.range(1, 6), self.range(0, 10_000_000))
        } else {
            format!(
                "071 {:03} {:04}",
                self.range(200, 999),
                self.range(0, 10_000)
            )
        }
    }

    pub fn postcode(&mut self) -> String {
        const LETTERS: &[u8] = b"ABCEGHJKLMNPRTVWXZ";
        let a = LETTERS[self.range(0, LETTERS.len() as i64) as usize] as char;
        let b = LETTERS[self.range(0, LETTERS.len() as i64) as usize] as char;
        format!("{} {a}{b}", self.range(1000, 10_000))
    }

    pub fn street(&mut self) -> String {
        format!("{} {}", self.pick(STREETS), self.range(1, 250))
    }

    pub fn digits8(&mut self) -> String {
        format!("{:08}", self.range(0, 100_000_000))
    }

    /// A last-checked date `days_ago` days before `today`, or none.
    pub fn assured(&mut self, today: NaiveDate, max_days_ago: i64) -> Option<NaiveDate> {
        if self.chance(0.1) {
            None
        } else {
            Some(today - Duration::days(self.range(0, max_days_ago)))
        }
    }

    pub fn organization(&mut self, id: Uuid, today: NaiveDate) -> Organization {
        let city = self.pick(CITIES);
        self.organization_in(id, today, city)
    }

    /// An organisation in the given town: its name, visiting city and
    /// description name that town.
    pub fn organization_in(&mut self, id: Uuid, today: NaiveDate, city: &str) -> Organization {
        let name = format!("{} {}", self.pick(ORG_KINDS), city);
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(24)
            .collect();
        Organization {
            id,
            name,
            description: Some(format!(
                "Wij helpen inwoners van {city} met vragen over opvoeden, geld en meedoen.\nLoop gerust binnen; koffie staat klaar."
            )),
            kvk_number: Some(self.digits8()),
            visiting_street: Some(self.street()),
            visiting_postcode: Some(self.postcode()),
            visiting_city: Some(city.to_string()),
            postal_street: self.chance(0.5).then(|| format!("Postbus {}", self.range(1, 9999))),
            postal_postcode: None,
            postal_city: None,
            phone: Some(self.phone()),
            email: Some(format!("info@{slug}.nl")),
            website: Some(format!("https://www.{slug}.nl/")),
            assured_date: self.assured(today, 400),
        }
    }

    pub fn contact(&mut self, org: Uuid, today: NaiveDate) -> Contact {
        let name = self.person();
        Contact {
            id: self.uuid(),
            organization_id: org,
            email: Some(self.email(&name, "voorbeeld.nl")),
            phone: self.chance(0.7).then(|| self.phone()),
            title: Some(self.pick(FUNCTIONS).to_string()),
            reachability: self
                .chance(0.6)
                .then(|| "ma, di en do 9.00–12.30 uur\nvrijdag alleen per e-mail".to_string()),
            photo_url: None,
            agb_code: self.chance(0.2).then(|| self.digits8()),
            street: None,
            postcode: None,
            city: Some(self.pick(CITIES).to_string()),
            name,
            assured_date: self.assured(today, 400),
        }
    }

    pub fn offering(&mut self, org: Uuid, contacts: &[Uuid], today: NaiveDate) -> Offering {
        let mut contact_ids: Vec<Uuid> = contacts
            .choose_multiple(&mut self.rng, 2)
            .copied()
            .collect();
        contact_ids.dedup();
        Offering {
            id: self.uuid(),
            organization_id: org,
            name: self.pick(OFFERINGS).to_string(),
            description: Some("Gratis en zonder verwijzing.\nBel of mail ons; we nemen binnen twee werkdagen contact op.".into()),
            target_group: Some(self.pick(TARGET_GROUPS).to_string()),
            costs: Some(if self.chance(0.7) { "Gratis".into() } else { format!("€ {},50 per keer", self.range(1, 15)) }),
            application_process: Some("Aanmelden via het formulier op de website; zonder verwijzing.".into()),
            contact_ids,
            published: self.chance(0.85),
            assured_date: self.assured(today, 400),
        }
    }

    /// The sign-up form: a name and e-mail, plus a few optional fields.
    pub fn form(&mut self) -> Vec<FormField> {
        let f = |key: &str, label: &str, field_type, required, options: &[&str]| FormField {
            key: key.into(),
            label: label.into(),
            field_type,
            required,
            options: options.iter().map(|s| s.to_string()).collect(),
            help: None,
        };
        let mut form = vec![
            f("naam", "Naam", FieldType::Text, true, &[]),
            f("email", "E-mailadres", FieldType::Email, true, &[]),
        ];
        if self.chance(0.6) {
            form.push(f(
                "telefoon",
                "Telefoonnummer",
                FieldType::Phone,
                false,
                &[],
            ));
        }
        if self.chance(0.5) {
            form.push(f(
                "dieet",
                "Dieetwens",
                FieldType::Choice,
                false,
                &["Geen", "Vegetarisch", "Halal", "Glutenvrij"],
            ));
        }
        if self.chance(0.4) {
            form.push(f(
                "aantal",
                "Aantal personen",
                FieldType::Number,
                false,
                &[],
            ));
        }
        if self.chance(0.3) {
            form.push(f("datum", "Voorkeursdatum", FieldType::Date, false, &[]));
        }
        form.push(f("opmerking", "Opmerking", FieldType::LongText, false, &[]));
        form.push(f(
            "akkoord",
            "Ik ga akkoord met de privacyverklaring",
            FieldType::Checkbox,
            true,
            &[],
        ));
        form
    }

    pub fn activity(&mut self, org: Uuid, now: DateTime<Utc>, today: NaiveDate) -> Activity {
        let starts_at =
            now + Duration::days(self.range(3, 120)) + Duration::hours(self.range(0, 10));
        Activity {
            id: self.uuid(),
            organization_id: org,
            title: self.pick(ACTIVITIES).to_string(),
            description: Some(
                "Voor iedereen uit de buurt.\nAanmelden is nodig: vol is vol.".into(),
            ),
            starts_at,
            ends_at: starts_at + Duration::hours(2),
            location: Some(format!("{}, {}", self.street(), self.pick(CITIES))),
            capacity: self.chance(0.8).then(|| self.range(10, 60) as u32),
            signup_opens_at: Some(now - Duration::days(30)),
            signup_closes_at: Some(starts_at - Duration::hours(12)),
            status: ActivityStatus::Published,
            form: self.form(),
            assured_date: self.assured(today, 300),
        }
    }

    pub fn signup(&mut self, a: &Activity, submitted_at: DateTime<Utc>) -> Signup {
        let name = self.person();
        let mut answers = BTreeMap::new();
        for field in &a.form {
            let value = match (field.key.as_str(), field.field_type) {
                ("naam", _) => {
                    let prefix = ["", "", "", "=", "+", "-", "@"][self.range(0, 7) as usize];
                    AnswerValue::Text(format!("{prefix}{name}"))
                }
                (_, FieldType::Email) => AnswerValue::Text(self.email(&name, "example.nl")),
                (_, FieldType::Phone) if self.chance(0.7) => AnswerValue::Text(self.phone()),
                (_, FieldType::Choice) => AnswerValue::Text(
                    self.pick(&["Geen", "Vegetarisch", "Halal", "Glutenvrij"])
                        .into(),
                ),
                (_, FieldType::Number) => AnswerValue::Number(self.range(1, 5) as f64),
                (_, FieldType::Date) => AnswerValue::Text(
                    (submitted_at.date_naive() + Duration::days(self.range(1, 60)))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                (_, FieldType::LongText) if self.chance(0.5) => {
                    AnswerValue::Text(self.pick(REMARKS).into())
                }
                (_, FieldType::Checkbox) => AnswerValue::Bool(true),
                _ => continue,
            };
            answers.insert(field.key.clone(), value);
        }
        Signup {
            id: self.uuid(),
            organization_id: a.organization_id,
            activity_id: a.id,
            submitted_at,
            answers,
            status: if self.chance(0.95) {
                SignupStatus::Registered
            } else {
                SignupStatus::Cancelled
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaart_api::records::Record;
    use kaart_api::validate::{validate_answers, validate_record};

    #[test]
    fn generated_records_are_valid_and_deterministic() {
        let now = Utc::now();
        let today = now.date_naive();
        let mut g = Gen::new(7);
        let org = g.uuid();
        for _ in 0..200 {
            let o = g.organization(org, today);
            assert_eq!(
                validate_record(&Record::Organization(o.clone())),
                vec![],
                "{o:?}"
            );
            let c = g.contact(org, today);
            assert_eq!(
                validate_record(&Record::Contact(c.clone())),
                vec![],
                "{c:?}"
            );
            let of = g.offering(org, &[c.id], today);
            assert_eq!(validate_record(&Record::Offering(of)), vec![]);
            let a = g.activity(org, now, today);
            assert_eq!(validate_record(&Record::Activity(a.clone())), vec![]);
            let s = g.signup(&a, now);
            assert_eq!(validate_answers(&a.form, &s.answers), vec![], "{s:?}");
        }
        assert_eq!(Gen::new(1).person(), Gen::new(1).person());
    }
}
