//! Refuse, never ignore: unknown keys at every level of a request (inside a
//! mutation's `op` too), control characters in text (manager edits and public
//! sign-ups alike), and a delete from a version the server never had. Each
//! answered with a Dutch message that does not echo what was sent, and
//! nothing changed.

use kaart_api::error::ApiErrorCode;
use kaart_api::records::{Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::{Outcome, Scope};
use serde_json::{json, Value};

use crate::support::{changes_path, Api, Server};
use crate::{delete, first_of, mid, update, upserts};

/// A 400 whose message is Dutch-looking, mentions `hint` and none of `secret`.
fn assert_refused(r: reqwest::blocking::Response, hint: &str, secrets: &[&str]) {
    let (status, err) = Api::error(r);
    assert_eq!(
        (status, err.code),
        (400, ApiErrorCode::BadRequest),
        "{err:?}"
    );
    assert!(
        err.message.contains(hint),
        "{:?} should mention {hint:?}",
        err.message
    );
    for s in secrets {
        assert!(!err.message.contains(s), "{:?} echoes {s:?}", err.message);
    }
    for english in [
        "expected", "invalid", "unknown", "Failed", "Cannot", "parse",
    ] {
        assert!(
            !err.message.contains(english),
            "{:?} is not Dutch",
            err.message
        );
    }
}

#[test]
fn unknown_keys_wrong_values_and_bad_parameters_are_refused_in_dutch() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let before = api.changes(org, None);
    let (_, contact) = first_of(&before.changes, RecordKind::Contact);
    let Record::Contact(c) = contact else {
        unreachable!()
    };
    let path = routes::mutations(Scope::Organization(org));
    let raw = |body: &str| {
        api.request(reqwest::Method::POST, &path)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap()
    };
    // `force` inside an update's op used to be ignored (and the update applied).
    let forced = json!({"mutations": [{"mutation_id": mid(), "op": {
        "op": "update", "kind": "contact", "id": c.id, "force": true,
        "changes": [{"field": "name", "from": c.name, "to": "Geforceerd"}]}}]});
    assert_refused(raw(&forced.to_string()), "“mutations[0].op”", &["force"]);
    let in_change = json!({"mutations": [{"mutation_id": mid(), "op": {
        "op": "update", "kind": "contact", "id": c.id,
        "changes": [{"field": "name", "from": c.name, "to": "X", "geheim_veld": 1}]}}]});
    assert_refused(
        raw(&in_change.to_string()),
        "“mutations[0].op”",
        &["geheim_veld"],
    );
    assert_refused(
        raw(&json!({"mutations": [], "extra_sleutel": 1}).to_string()),
        "niet bestaat",
        &["extra_sleutel"],
    );
    let record = json!({"mutations": [{"mutation_id": mid(), "op": {"op": "create", "record": {
        "kind": "contact", "id": mid(), "organization_id": org, "name": "X", "title": null, "email": null,
        "phone": null, "reachability": null, "photo_url": null, "agb_code": null, "street": null,
        "postcode": null, "city": null, "assured_date": null, "schoenmaat": 43}}}]});
    assert_refused(
        raw(&record.to_string()),
        "“mutations[0].op”",
        &["schoenmaat"],
    );
    assert_refused(raw("{\"mutations\": 5}"), "“mutations”", &[]);
    assert_refused(raw("{\"mutations\": ["), "geen geldige JSON", &[]);
    let bad_id = json!({"mutations": [{"mutation_id": "geheim-id", "op": {"op": "delete", "kind": "contact", "id": mid(), "base_version": 1}}]});
    assert_refused(
        raw(&bad_id.to_string()),
        "“mutations[0].mutation_id”",
        &["geheim-id"],
    );
    let bad_op = json!({"mutations": [{"mutation_id": mid(), "op": {"op": "ontploffen"}}]});
    assert_refused(raw(&bad_op.to_string()), "mutations[0]", &["ontploffen"]);
    let missing = json!({"mutations": [{"mutation_id": mid(), "op": {"op": "delete", "kind": "contact", "id": mid()}}]});
    assert_refused(raw(&missing.to_string()), "“base_version”", &[]);

    // Path and query parameters: named, never echoed.
    assert_refused(
        api.get("/api/v1/organizations/geen-uuid-hier/changes"),
        "“org”",
        &["geen-uuid-hier"],
    );
    for q in ["limit=veel", "limit=1.5", "limit=-3"] {
        let p = format!("{}?{q}", routes::changes(org));
        assert_refused(api.get(&p), "“limit”", &["veel", "1.5", "-3"]);
    }
    for limit in [0, 5_001] {
        assert_refused(api.get(&changes_path(org, None, Some(limit))), "limit", &[]);
    }
    assert!(
        api.changes(org, Some(&before.cursor)).changes.is_empty(),
        "nothing changed"
    );
}

#[test]
fn control_characters_are_refused_in_edits_and_sign_ups() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let before = api.changes(org, None);
    let (_, contact) = first_of(&before.changes, RecordKind::Contact);
    let Record::Contact(c) = contact else {
        unreachable!()
    };
    for (field, from, to) in [
        ("name", json!(c.name), json!("Naam\u{0}met NUL")),
        ("city", json!(c.city), json!("Zoeter\nmeer")),
        (
            "reachability",
            json!(c.reachability),
            json!("Ma–vr\u{1b}[2J"),
        ),
    ] {
        let r = api.mutate_one(org, update(RecordKind::Contact, c.id, field, from, to));
        let Outcome::Rejected { errors } = r.outcome else {
            panic!("{field}: {:?}", r.outcome)
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            (field, "control_character")
        );
        assert!(
            errors[0].message.contains("stuurteken"),
            "{}",
            errors[0].message
        );
    }
    // Line breaks and tabs are fine in long text.
    let ok = api.mutate_one(
        org,
        update(
            RecordKind::Contact,
            c.id,
            "reachability",
            json!(c.reachability),
            json!("Ma\tochtend\nDi middag"),
        ),
    );
    assert!(
        matches!(ok.outcome, Outcome::Applied { .. }),
        "{:?}",
        ok.outcome
    );
    let after_ok = api.changes(org, None).cursor;

    // Public sign-up: a NUL in the name, a bell in the remark.
    let activity = upserts(&before.changes)
        .into_iter()
        .find_map(|(_, r)| match r {
            Record::Activity(a) if a.form.iter().any(|f| f.key == "naam") => Some(a),
            _ => None,
        })
        .expect("a demo activity asks a name");
    let mut answers = serde_json::Map::new();
    answers.insert("naam".into(), json!("Zoë\u{0}Vries"));
    for f in &activity.form {
        if f.field_type == kaart_api::records::FieldType::LongText {
            answers.insert(f.key.clone(), json!("Tot dan\u{7}!"));
        }
    }
    let r = server.anonymous().post(
        &routes::public_signups(activity.id),
        &json!({ "answers": Value::Object(answers) }),
    );
    let (status, err) = Api::error(r);
    assert_eq!(
        (status, err.code),
        (422, ApiErrorCode::ValidationFailed),
        "{err:?}"
    );
    let fields: Vec<_> = err
        .field_errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        fields.contains(&("answers.naam", "control_character")),
        "{fields:?}"
    );
    assert!(!format!("{err:?}").contains("Zoë"), "no echo");
    assert!(
        api.changes(org, Some(&after_ok)).changes.is_empty(),
        "nothing stored"
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_refused_without_echo() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let before = api.changes(org, None);
    let (_, activity) = first_of(&before.changes, RecordKind::Activity);
    let Record::Activity(a) = activity else {
        unreachable!()
    };
    for (field, from, to) in [
        ("capacity", json!(a.capacity), json!("heel-veel-plaatsen")),
        (
            "starts_at",
            json!(a.starts_at),
            json!("morgen-ochtend-vroeg"),
        ),
    ] {
        let r = api.mutate_one(org, update(RecordKind::Activity, a.id, field, from, to));
        let Outcome::Rejected { errors } = r.outcome else {
            panic!("{field}: {:?}", r.outcome)
        };
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            (field, "invalid_value")
        );
        let msg = &errors[0].message;
        assert!(msg.contains("past niet"), "{msg}");
        for leak in ["heel-veel", "morgen-ochtend", "invalid", "expected"] {
            assert!(!msg.contains(leak), "{msg:?} leaks {leak:?}");
        }
    }
    assert!(
        api.changes(org, Some(&before.cursor)).changes.is_empty(),
        "nothing changed"
    );
}

#[test]
fn a_delete_from_a_version_the_server_never_had_is_refused() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let before = api.changes(org, None);
    let (version, contact) = first_of(&before.changes, RecordKind::Contact);
    let r = api.mutate_one(org, delete(RecordKind::Contact, contact.id(), version + 5));
    let Outcome::Rejected { errors } = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code.as_str()),
        ("base_version", "unknown_version")
    );
    assert!(errors[0].message.contains("versie"));
    assert!(
        api.changes(org, Some(&before.cursor)).changes.is_empty(),
        "still there"
    );
    // At its own version it goes.
    let r = api.mutate_one(org, delete(RecordKind::Contact, contact.id(), version));
    assert!(
        matches!(r.outcome, Outcome::Applied { record: None, .. }),
        "{:?}",
        r.outcome
    );
}
