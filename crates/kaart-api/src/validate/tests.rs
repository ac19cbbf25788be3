//! Unit tests of the Dutch validation rules.

use super::*;
use crate::records::{ActivityStatus, FieldType};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn org() -> Organization {
    Organization {
        id: Uuid::now_v7(),
        name: "Buurtcentrum De Zoëtermeerse Café-club".into(),
        description: Some("Regel één\nRegel twee".into()),
        kvk_number: Some("12345678".into()),
        visiting_street: Some("Dorpsstraat 1".into()),
        visiting_postcode: Some("1234 AB".into()),
        visiting_city: Some("Zoetermeer".into()),
        postal_street: None,
        postal_postcode: None,
        postal_city: None,
        phone: Some("020 123 4567".into()),
        email: Some("info@voorbeeld.nl".into()),
        website: Some("https://www.voorbeeld.nl/".into()),
        assured_date: None,
    }
}

fn codes(errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.clone(), e.code.clone()))
        .collect()
}

#[test]
fn a_good_organisation_passes() {
    assert_eq!(validate_organization(&org()), vec![]);
}

#[test]
fn kvk_and_agb_need_exactly_eight_digits() {
    for bad in ["1234567", "123456789", "1234567a", "1234 567"] {
        let mut o = org();
        o.kvk_number = Some(bad.into());
        assert_eq!(
            codes(&validate_organization(&o))[0].0,
            "kvk_number",
            "{bad}"
        );
    }
    assert!(is_8_digits("01234567"));
}

#[test]
fn postcodes_are_canonical() {
    assert!(is_postcode("1234 AB"));
    for bad in [
        "1234AB",
        "1234 ab",
        "0123 AB",
        "1234 SS",
        "12345 AB",
        "1234  AB",
        "１２３４ AB",
    ] {
        assert!(!is_postcode(bad), "{bad}");
    }
    assert_eq!(normalize_postcode(" 1234ab ").as_deref(), Some("1234 AB"));
    assert_eq!(normalize_postcode("1234 sa"), None);
    assert_eq!(normalize_postcode("abcd"), None);
}

#[test]
fn phone_numbers_via_libphonenumber() {
    for good in [
        "020 123 4567",
        "06 12345678",
        "+31 6 12345678",
        "+31 20 123 4567",
        "0201234567",
    ] {
        assert!(is_phone(good), "{good}");
    }
    for bad in ["12", "bel me", "06 123", "+31 6 1234567890123"] {
        assert!(!is_phone(bad), "{bad}");
    }
}

#[test]
fn emails_and_urls() {
    assert!(is_email("zoë@voorbeeld.nl") || !is_email("zoë@voorbeeld.nl")); // either is acceptable
    assert!(is_email("anouk.de-vries@gemeente.nl"));
    assert!(!is_email("anouk@"));
    assert!(!is_email("geen adres"));
    assert!(is_web_url("https://www.curaçao.nl/pad?x=1"));
    assert!(!is_web_url("ftp://voorbeeld.nl"));
    assert!(!is_web_url("javascript:alert(1)"));
    assert!(!is_web_url("www.voorbeeld.nl"));
}

#[test]
fn names_required_and_lengths_bounded() {
    let mut o = org();
    o.name = "   ".into();
    o.description = Some("x".repeat(MAX_LONG + 1));
    o.visiting_city = Some(String::new());
    let c = codes(&validate_organization(&o));
    assert!(c.contains(&("name".into(), "required".into())));
    assert!(c.contains(&("description".into(), "too_long".into())));
    assert!(c.contains(&("visiting_city".into(), "empty".into())));
}

fn field(key: &str, t: FieldType, required: bool, options: &[&str]) -> FormField {
    FormField {
        key: key.into(),
        label: key.into(),
        field_type: t,
        required,
        options: options.iter().map(|s| s.to_string()).collect(),
        help: None,
    }
}

fn activity(form: Vec<FormField>) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        organization_id: Uuid::now_v7(),
        title: "Koffieochtend".into(),
        description: None,
        starts_at: Utc.with_ymd_and_hms(2030, 1, 1, 10, 0, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2030, 1, 1, 12, 0, 0).unwrap(),
        location: None,
        capacity: Some(10),
        signup_opens_at: None,
        signup_closes_at: None,
        status: ActivityStatus::Published,
        form,
        assured_date: None,
    }
}

#[test]
fn activities_end_after_start_and_forms_are_sound() {
    let mut a = activity(vec![
        field("naam", FieldType::Text, true, &[]),
        field("naam", FieldType::Text, false, &[]),
        field("keuze", FieldType::Choice, false, &[]),
        field("Bad Key", FieldType::Email, false, &["x"]),
    ]);
    a.ends_at = a.starts_at - chrono::Duration::hours(1);
    let c = codes(&validate_activity(&a));
    assert!(c.contains(&("ends_at".into(), "ends_before_start".into())));
    assert!(c.contains(&("form[1].key".into(), "duplicate".into())));
    assert!(c.contains(&("form[2].options".into(), "required".into())));
    assert!(c.contains(&("form[3].key".into(), "invalid_key".into())));
    assert!(c.contains(&("form[3].options".into(), "not_allowed".into())));
}

#[test]
fn answers_are_checked_against_the_form() {
    let form = vec![
        field("naam", FieldType::Text, true, &[]),
        field("email", FieldType::Email, false, &[]),
        field("tel", FieldType::Phone, false, &[]),
        field("aantal", FieldType::Number, false, &[]),
        field("datum", FieldType::Date, false, &[]),
        field("maaltijd", FieldType::Choice, false, &["vega", "vlees"]),
        field("akkoord", FieldType::Checkbox, true, &[]),
    ];
    let mut ok = BTreeMap::new();
    ok.insert(
        "naam".to_string(),
        AnswerValue::Text("=Zoë \"de\" Vries; @home".into()),
    );
    ok.insert(
        "email".to_string(),
        AnswerValue::Text("zoe@voorbeeld.nl".into()),
    );
    ok.insert("tel".to_string(), AnswerValue::Text("06 12345678".into()));
    ok.insert("aantal".to_string(), AnswerValue::Number(2.0));
    ok.insert("datum".to_string(), AnswerValue::Text("2030-02-28".into()));
    ok.insert("maaltijd".to_string(), AnswerValue::Text("vega".into()));
    ok.insert("akkoord".to_string(), AnswerValue::Bool(true));
    assert_eq!(validate_answers(&form, &ok), vec![]);

    let mut bad = BTreeMap::new();
    bad.insert("email".to_string(), AnswerValue::Text("nee".into()));
    bad.insert("tel".to_string(), AnswerValue::Text("123".into()));
    bad.insert("aantal".to_string(), AnswerValue::Text("twee".into()));
    bad.insert("datum".to_string(), AnswerValue::Text("28-02-2030".into()));
    bad.insert("maaltijd".to_string(), AnswerValue::Text("vis".into()));
    bad.insert("akkoord".to_string(), AnswerValue::Bool(false));
    bad.insert("schoenmaat".to_string(), AnswerValue::Number(43.0));
    let c = codes(&validate_answers(&form, &bad));
    for expected in [
        ("answers.naam", "required"),
        ("answers.email", "invalid_email"),
        ("answers.tel", "invalid_phone"),
        ("answers.aantal", "invalid_type"),
        ("answers.datum", "invalid_date"),
        ("answers.maaltijd", "invalid_choice"),
        ("answers.akkoord", "required"),
        ("answers.schoenmaat", "unknown_field"),
    ] {
        assert!(
            c.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {c:?}"
        );
    }
}

#[test]
fn control_characters_are_refused_except_breaks_and_tabs_in_long_text() {
    let mut o = org();
    o.name = "Buurt\u{0}centrum".into();
    o.visiting_city = Some("Zoeter\tmeer".into());
    o.description = Some("Regel één\r\nRegel\ttwee".into());
    assert_eq!(
        codes(&validate_organization(&o)),
        vec![
            ("name".into(), "control_character".into()),
            ("visiting_city".into(), "control_character".into()),
        ]
    );
    o.name = "Buurtcentrum".into();
    o.visiting_city = None;
    o.description = Some("Tekst met \u{1b}[31m escape".into());
    assert_eq!(
        codes(&validate_organization(&o)),
        vec![("description".into(), "control_character".into())]
    );
    let msg = &validate_organization(&o)[0].message;
    assert!(msg.contains("stuurteken") && !msg.contains('\u{1b}'));

    let form = vec![
        field("naam", FieldType::Text, false, &[]),
        field("vraag", FieldType::LongText, false, &[]),
    ];
    let mut answers = BTreeMap::new();
    answers.insert("naam".to_string(), AnswerValue::Text("Zoë\nVries".into()));
    answers.insert("vraag".to_string(), AnswerValue::Text("a\nb\u{7f}".into()));
    assert_eq!(
        codes(&validate_answers(&form, &answers)),
        vec![
            ("answers.naam".into(), "control_character".into()),
            ("answers.vraag".into(), "control_character".into()),
        ]
    );
    answers.insert("naam".to_string(), AnswerValue::Text("Zoë Vries".into()));
    answers.insert("vraag".to_string(), AnswerValue::Text("a\n\tb".into()));
    assert_eq!(validate_answers(&form, &answers), vec![]);
}

/// The details a message names also come as parameters, so a client can
/// word the rule in another language.
#[test]
fn limits_and_labels_come_as_parameters_too() {
    let mut o = org();
    o.description = Some("x".repeat(MAX_LONG + 1));
    let errors = validate_organization(&o);
    let long = errors
        .iter()
        .find(|e| e.field == "description")
        .expect("too long");
    assert_eq!(long.code, "too_long");
    assert_eq!(long.params.get("max"), Some(&MAX_LONG.to_string()));
    assert!(long.message.contains(&MAX_LONG.to_string()));

    let form = vec![
        field("naam", FieldType::Text, true, &[]),
        field("akkoord", FieldType::Checkbox, true, &[]),
    ];
    let mut answers = BTreeMap::new();
    answers.insert("akkoord".to_string(), AnswerValue::Bool(false));
    let errors = validate_answers(&form, &answers);
    let name = &errors[0];
    assert_eq!(
        (name.field.as_str(), name.code.as_str()),
        ("answers.naam", "required")
    );
    assert_eq!(name.params.get("label").map(String::as_str), Some("naam"));
    assert_eq!(name.params.get("check"), None);
    let tick = &errors[1];
    assert_eq!(
        tick.params.get("label").map(String::as_str),
        Some("akkoord")
    );
    assert_eq!(tick.params.get("check").map(String::as_str), Some("true"));

    let wide: Vec<FormField> = (0..=MAX_FORM_FIELDS)
        .map(|i| field(&format!("v{i}"), FieldType::Text, false, &[]))
        .collect();
    let too_many = validate_form(&wide);
    let form_error = too_many
        .iter()
        .find(|e| e.field == "form")
        .expect("too many");
    assert_eq!(
        form_error.params.get("max"),
        Some(&MAX_FORM_FIELDS.to_string())
    );
    // Rules without details have none.
    assert!(validate_organization(&org()).is_empty());
}

#[test]
fn a_contact_photo_is_a_photo_on_the_service() {
    let mut c = Contact::named(Uuid::nil(), Uuid::nil(), "Jan");
    c.photo_url = Some(crate::routes::public_photo(&"a1".repeat(32)));
    assert!(validate_contact(&c).is_empty());
    for elsewhere in [
        "https://elders.nl/foto.jpg".to_string(),
        "data:image/png;base64,AAAA".to_string(),
        crate::routes::public_photo("foto.jpg"),
    ] {
        c.photo_url = Some(elsewhere);
        assert_eq!(
            codes(&validate_contact(&c)),
            vec![("photo_url".to_string(), "invalid_photo".to_string())]
        );
    }
}

/// A manager's correction follows the public sign-up's rules for the
/// questions on the form; an answer to a question taken off the form may
/// stay or go, but not be added or changed.
#[test]
fn a_correction_is_checked_against_the_current_form() {
    let form = vec![
        field("naam", FieldType::Text, true, &[]),
        field("dieet", FieldType::Choice, false, &["Geen", "Halal"]),
    ];
    let text = |t: &str| AnswerValue::Text(t.into());
    let mut before = BTreeMap::new();
    before.insert("naam".to_string(), text("Zoë Vries"));
    before.insert("oud".to_string(), text("van een oude vraag"));

    let mut after = before.clone();
    after.insert("naam".to_string(), text("Zoë de Vries"));
    after.insert("dieet".to_string(), text("Halal"));
    assert_eq!(validate_corrected_answers(&form, &before, &after), vec![]);
    after.remove("oud");
    assert_eq!(
        validate_corrected_answers(&form, &before, &after),
        vec![],
        "an answer to an old question may be removed"
    );

    let mut bad = before.clone();
    bad.insert("naam".to_string(), text("  "));
    bad.insert("dieet".to_string(), text("Vis"));
    bad.insert("oud".to_string(), text("veranderd"));
    bad.insert("nieuw".to_string(), text("erbij"));
    let c = codes(&validate_corrected_answers(&form, &before, &bad));
    for expected in [
        ("answers.naam", "required"),
        ("answers.dieet", "invalid_choice"),
        ("answers.oud", "no_longer_on_form"),
        ("answers.nieuw", "no_longer_on_form"),
    ] {
        assert!(
            c.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {c:?}"
        );
    }
}
