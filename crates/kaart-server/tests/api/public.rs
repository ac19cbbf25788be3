//! The public side: the form, sign-up validation, capacity, the sign-up
//! window, and unsubscribe wiping every trace of the sign-up.

use chrono::{Duration, Utc};
use kaart_api::error::ApiErrorCode;
use kaart_api::fields::FieldChange;
use kaart_api::public::{PublicForm, SignupReceipt};
use kaart_api::records::{Activity, ActivityStatus, Record, RecordKind, SignupStatus};
use kaart_api::sync::{Change, MutationOp, Outcome};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::support::{contains, Api, Server};
use crate::{mid, upserts};

fn activities(api: &Api, org: Uuid) -> Vec<(i64, Activity)> {
    upserts(&api.changes(org, None).changes)
        .into_iter()
        .filter_map(|(v, r)| match r {
            Record::Activity(a) => Some((v, a)),
            _ => None,
        })
        .collect()
}

/// Valid answers for every field of a form; `name`/`email` where asked.
fn answers(form: &PublicForm, name: &str, email: &str) -> Value {
    let mut m = Map::new();
    for f in &form.fields {
        let v = match (f.key.as_str(), f.field_type) {
            ("naam", _) => json!(name),
            (_, kaart_api::records::FieldType::Email) => json!(email),
            (_, kaart_api::records::FieldType::Phone) => json!("06 12345678"),
            (_, kaart_api::records::FieldType::Number) => json!(2),
            (_, kaart_api::records::FieldType::Date) => json!("2031-03-01"),
            (_, kaart_api::records::FieldType::Choice) => json!(f.options[0]),
            (_, kaart_api::records::FieldType::Checkbox) => json!(true),
            _ => json!("=1+1; \"quoted\"\nline two"),
        };
        m.insert(f.key.clone(), v);
    }
    json!({ "answers": m })
}

fn form_of(anon: &Api, activity: Uuid) -> PublicForm {
    Api::ok(anon.get(&format!("/public/v1/activities/{activity}/form")))
}

fn sign_up(anon: &Api, activity: Uuid, body: &Value) -> reqwest::blocking::Response {
    anon.post(&format!("/public/v1/activities/{activity}/signups"), body)
}

#[test]
fn form_and_answer_validation() {
    let server = Server::demo();
    let api = server.demo_manager();
    let anon = server.anonymous();
    let org = api.org(0);
    let (_, a) = activities(&api, org).remove(0);
    let form = form_of(&anon, a.id);
    assert_eq!(form.fields, a.form);

    let cursor = api.changes(org, None).cursor;
    let mut bad = answers(&form, "", "geen-adres");
    bad["answers"]["schoenmaat"] = json!(43);
    let (status, err) = Api::error(sign_up(&anon, a.id, &bad));
    assert_eq!((status, err.code), (422, ApiErrorCode::ValidationFailed));
    let fields: Vec<_> = err
        .field_errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(fields.contains(&("answers.naam", "required")), "{fields:?}");
    assert!(
        fields.contains(&("answers.email", "invalid_email")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("answers.schoenmaat", "unknown_field")),
        "{fields:?}"
    );
    let (status, _) = Api::error(sign_up(&anon, a.id, &json!({"answers": {"naam": 5}})));
    assert!(status == 400 || status == 422);
    assert!(
        api.changes(org, Some(&cursor)).changes.is_empty(),
        "nothing stored"
    );

    let r = sign_up(
        &anon,
        a.id,
        &answers(&form, "@Zoë \"Zo\"; de Vries", "zoe@example.nl"),
    );
    assert_eq!(r.status(), 201);
    let receipt: SignupReceipt = r.json().unwrap();
    assert!(receipt
        .unsubscribe_url
        .starts_with(&format!("{}/public/v1/unsubscribe/", server.url)));
    let token = receipt.unsubscribe_url.rsplit('/').next().unwrap();
    assert!(token.len() >= 43, "256-bit token");
    let since = api.changes(org, Some(&cursor)).changes;
    let (_, Record::Signup(s)) = upserts(&since).remove(0) else {
        panic!()
    };
    assert_eq!(s.id, receipt.signup_id);
    assert_eq!(
        s.answers["naam"],
        kaart_api::records::AnswerValue::Text("@Zoë \"Zo\"; de Vries".into())
    );

    assert_eq!(
        anon.get(&format!("/public/v1/activities/{}/form", Uuid::now_v7()))
            .status(),
        404
    );
}

#[test]
fn capacity_and_window_are_enforced() {
    let server = Server::demo();
    let api = server.demo_manager();
    let anon = server.anonymous();
    let org = api.org(0);
    let (_, full) = activities(&api, org)
        .into_iter()
        .find(|(_, a)| a.capacity == Some(8))
        .unwrap();
    let form = form_of(&anon, full.id);
    let left = form.places_left.unwrap();
    assert!(left > 0 && left < 8);
    for i in 0..left {
        let r = sign_up(
            &anon,
            full.id,
            &answers(&form, &format!("Deelnemer {i}"), "d@example.nl"),
        );
        assert_eq!(r.status(), 201);
    }
    assert_eq!(form_of(&anon, full.id).places_left, Some(0));
    let (status, err) = Api::error(sign_up(
        &anon,
        full.id,
        &answers(&form, "Te laat", "t@example.nl"),
    ));
    assert_eq!((status, err.code), (409, ApiErrorCode::ActivityFull));

    // Close the window of another activity: sign-up refused.
    let (_, a) = activities(&api, org)
        .into_iter()
        .find(|(_, a)| a.id != full.id)
        .unwrap();
    let closes = Utc::now() - Duration::days(1);
    let r = api.mutate(
        org,
        vec![(
            mid(),
            MutationOp::Update {
                kind: RecordKind::Activity,
                id: a.id,
                changes: vec![FieldChange {
                    field: "signup_closes_at".into(),
                    from: json!(a.signup_closes_at),
                    to: json!(closes),
                }],
            },
        )],
    );
    assert!(matches!(r[0].outcome, Outcome::Applied { .. }), "{r:?}");
    let form = form_of(&anon, a.id);
    let (status, err) = Api::error(sign_up(
        &anon,
        a.id,
        &answers(&form, "Piet", "p@example.nl"),
    ));
    assert_eq!((status, err.code), (409, ApiErrorCode::SignupClosed));

    // A draft activity is not public.
    let r = api.mutate(
        org,
        vec![(
            mid(),
            MutationOp::Update {
                kind: RecordKind::Activity,
                id: a.id,
                changes: vec![FieldChange {
                    field: "status".into(),
                    from: json!("published"),
                    to: json!(ActivityStatus::Draft),
                }],
            },
        )],
    );
    assert!(matches!(r[0].outcome, Outcome::Applied { .. }));
    assert_eq!(
        anon.get(&format!("/public/v1/activities/{}/form", a.id))
            .status(),
        404
    );
}

#[test]
fn unsubscribe_leaves_only_a_tombstone_and_no_bytes() {
    let server = Server::demo();
    let api = server.demo_manager();
    let anon = server.anonymous();
    let org = api.org(0);
    let (_, a) = activities(&api, org).remove(0);
    let form = form_of(&anon, a.id);
    let marker = format!("wipe{}", Uuid::now_v7().simple());
    let email = format!("{marker}@example.nl");
    let name = format!("Daniëlle {marker}");
    let cursor = api.changes(org, None).cursor;
    let receipt: SignupReceipt = Api::ok(sign_up(&anon, a.id, &answers(&form, &name, &email)));

    // The manager changes its status: a stored mutation result now holds a copy.
    let (version, _) = upserts(&api.changes(org, Some(&cursor)).changes).remove(0);
    let r = api.mutate(
        org,
        vec![(
            mid(),
            MutationOp::Update {
                kind: RecordKind::Signup,
                id: receipt.signup_id,
                changes: vec![FieldChange {
                    field: "status".into(),
                    from: json!("registered"),
                    to: json!(SignupStatus::Cancelled),
                }],
            },
        )],
    );
    assert!(
        matches!(&r[0].outcome, Outcome::Applied { version: v, .. } if *v == version + 1),
        "{r:?}"
    );

    let page = anon.get(&receipt.unsubscribe_url.replace(&server.url, ""));
    assert_eq!(page.status(), 200);
    let html = page.text().unwrap();
    assert!(
        html.contains("<form method=\"post\"") && html.contains("afmelden"),
        "{html}"
    );

    let path = receipt.unsubscribe_url.replace(&server.url, "");
    let done = anon.request(reqwest::Method::POST, &path).send().unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().unwrap().contains("afgemeld"));
    assert_eq!(
        anon.request(reqwest::Method::POST, &path)
            .send()
            .unwrap()
            .status(),
        404,
        "a link works once"
    );
    assert_eq!(anon.get(&path).status(), 404);

    let since = api.changes(org, Some(&cursor)).changes;
    assert_eq!(
        since,
        vec![Change::Tombstone {
            kind: RecordKind::Signup,
            id: receipt.signup_id
        }]
    );

    let bytes = server.db_bytes();
    assert!(!bytes.is_empty());
    assert!(
        !contains(&bytes, &marker),
        "the sign-up's data is still in the database files"
    );
    assert!(
        contains(&bytes, "@example.nl"),
        "the check reads real data: other sign-ups are there"
    );
}

#[test]
fn a_manager_deleting_an_activity_wipes_its_signups_too() {
    let server = Server::demo();
    let api = server.demo_manager();
    let anon = server.anonymous();
    let org = api.org(0);
    let (version, a) = activities(&api, org).remove(0);
    let form = form_of(&anon, a.id);
    let marker = format!("gone{}", Uuid::now_v7().simple());
    let cursor = api.changes(org, None).cursor;
    let receipt: SignupReceipt = Api::ok(sign_up(
        &anon,
        a.id,
        &answers(&form, &marker, &format!("{marker}@example.nl")),
    ));
    let r = api.mutate(
        org,
        vec![(
            mid(),
            MutationOp::Delete {
                kind: RecordKind::Activity,
                id: a.id,
                base_version: version,
            },
        )],
    );
    assert!(
        matches!(r[0].outcome, Outcome::Applied { record: None, .. }),
        "{r:?}"
    );
    let since = api.changes(org, Some(&cursor)).changes;
    assert!(since.contains(&Change::Tombstone {
        kind: RecordKind::Signup,
        id: receipt.signup_id
    }));
    assert!(since.contains(&Change::Tombstone {
        kind: RecordKind::Activity,
        id: a.id
    }));
    assert!(!contains(&server.db_bytes(), &marker));
    let path = receipt.unsubscribe_url.replace(&server.url, "");
    assert_eq!(
        anon.get(&path).status(),
        404,
        "the link died with the sign-up"
    );
}
