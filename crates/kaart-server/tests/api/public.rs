//! The public side: the form, sign-up validation, capacity, the sign-up
//! window, and unsubscribe wiping every trace of the sign-up.

use chrono::{Duration, Utc};
use kaart_api::error::ApiErrorCode;
use kaart_api::public::{PublicForm, SignupReceipt};
use kaart_api::records::{Activity, ActivityStatus, Record, RecordKind, SignupStatus};
use kaart_api::routes;
use kaart_api::sync::{Change, MutationResult, Outcome};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::support::{contains, Api, Server};
use crate::{delete, update, upserts};

/// A demo server seen from both sides: its demo manager (`api`, in their
/// first organisation `org`) and an anonymous visitor of the public routes.
struct PublicSide {
    server: Server,
    api: Api,
    anon: Api,
    org: Uuid,
}

impl PublicSide {
    fn start() -> PublicSide {
        let server = Server::demo();
        let api = server.demo_manager();
        let anon = server.anonymous();
        let org = api.org(0);
        PublicSide {
            server,
            api,
            anon,
            org,
        }
    }

    /// The organisation's activities, with versions, as the manager's feed
    /// has them.
    fn activities(&self) -> Vec<(i64, Activity)> {
        upserts(&self.api.changes(self.org, None).changes)
            .into_iter()
            .filter_map(|(v, r)| match r {
                Record::Activity(a) => Some((v, a)),
                _ => None,
            })
            .collect()
    }

    /// The first activity and its public form.
    fn first_activity(&self) -> (i64, Activity, PublicForm) {
        let (version, activity) = self.activities().remove(0);
        let form = self.form_of(activity.id);
        (version, activity, form)
    }

    fn form_of(&self, activity: Uuid) -> PublicForm {
        Api::ok(self.anon.get(&routes::public_form(activity)))
    }

    fn sign_up(&self, activity: Uuid, body: &Value) -> reqwest::blocking::Response {
        self.anon.post(&routes::public_signups(activity), body)
    }

    /// The manager changes one field of a record in the organisation.
    fn set_field(
        &self,
        kind: RecordKind,
        id: Uuid,
        field: &str,
        from: Value,
        to: Value,
    ) -> MutationResult {
        self.api
            .mutate_one(self.org, update(kind, id, field, from, to))
    }
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

#[test]
fn form_and_answer_validation() {
    let side = PublicSide::start();
    let (api, anon, org) = (&side.api, &side.anon, side.org);
    let (_, a, form) = side.first_activity();
    assert_eq!(form.fields, a.form);

    let cursor = api.changes(org, None).cursor;
    let mut bad = answers(&form, "", "geen-adres");
    bad["answers"]["schoenmaat"] = json!(43);
    let (status, err) = Api::error(side.sign_up(a.id, &bad));
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
    let (status, _) = Api::error(side.sign_up(a.id, &json!({"answers": {"naam": 5}})));
    assert!(status == 400 || status == 422);
    assert!(
        api.changes(org, Some(&cursor)).changes.is_empty(),
        "nothing stored"
    );

    let r = side.sign_up(
        a.id,
        &answers(&form, "@Zoë \"Zo\"; de Vries", "zoe@example.nl"),
    );
    assert_eq!(r.status(), 201);
    let receipt: SignupReceipt = r.json().unwrap();
    assert!(receipt
        .unsubscribe_url
        .starts_with(&format!("{}/public/v1/unsubscribe/", side.server.url)));
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

    assert_eq!(anon.get(&routes::public_form(Uuid::now_v7())).status(), 404);
}

#[test]
fn capacity_and_window_are_enforced() {
    let side = PublicSide::start();
    let anon = &side.anon;
    let (_, full) = side
        .activities()
        .into_iter()
        .find(|(_, a)| a.capacity == Some(8))
        .unwrap();
    let form = side.form_of(full.id);
    let left = form.places_left.unwrap();
    assert!(left > 0 && left < 8);
    for i in 0..left {
        let r = side.sign_up(
            full.id,
            &answers(
                &form,
                &format!("Deelnemer {i}"),
                &format!("d{i}@example.nl"),
            ),
        );
        assert_eq!(r.status(), 201);
    }
    assert_eq!(side.form_of(full.id).places_left, Some(0));
    let (status, err) =
        Api::error(side.sign_up(full.id, &answers(&form, "Te laat", "t@example.nl")));
    assert_eq!((status, err.code), (409, ApiErrorCode::ActivityFull));

    // Close the window of another activity: sign-up refused.
    let (_, a) = side
        .activities()
        .into_iter()
        .find(|(_, a)| a.id != full.id)
        .unwrap();
    let closes = Utc::now() - Duration::days(1);
    let r = side.set_field(
        RecordKind::Activity,
        a.id,
        "signup_closes_at",
        json!(a.signup_closes_at),
        json!(closes),
    );
    assert!(matches!(r.outcome, Outcome::Applied { .. }), "{r:?}");
    let form = side.form_of(a.id);
    let (status, err) = Api::error(side.sign_up(a.id, &answers(&form, "Piet", "p@example.nl")));
    assert_eq!((status, err.code), (409, ApiErrorCode::SignupClosed));

    // A draft activity is not public.
    let r = side.set_field(
        RecordKind::Activity,
        a.id,
        "status",
        json!("published"),
        json!(ActivityStatus::Draft),
    );
    assert!(matches!(r.outcome, Outcome::Applied { .. }));
    assert_eq!(anon.get(&routes::public_form(a.id)).status(), 404);
}

#[test]
fn unsubscribe_leaves_only_a_tombstone_and_no_bytes() {
    let side = PublicSide::start();
    let (server, api, anon, org) = (&side.server, &side.api, &side.anon, side.org);
    let (_, a, form) = side.first_activity();
    let marker = format!("wipe{}", Uuid::now_v7().simple());
    let email = format!("{marker}@example.nl");
    let name = format!("Daniëlle {marker}");
    let cursor = api.changes(org, None).cursor;
    let receipt: SignupReceipt = Api::ok(side.sign_up(a.id, &answers(&form, &name, &email)));

    // The manager changes its status: a stored mutation result now holds a copy.
    let (version, _) = upserts(&api.changes(org, Some(&cursor)).changes).remove(0);
    let r = side.set_field(
        RecordKind::Signup,
        receipt.signup_id,
        "status",
        json!("registered"),
        json!(SignupStatus::Cancelled),
    );
    assert!(
        matches!(&r.outcome, Outcome::Applied { version: v, .. } if *v == version + 1),
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
    let side = PublicSide::start();
    let (server, api, anon, org) = (&side.server, &side.api, &side.anon, side.org);
    let (version, a, form) = side.first_activity();
    let marker = format!("gone{}", Uuid::now_v7().simple());
    let cursor = api.changes(org, None).cursor;
    let receipt: SignupReceipt = Api::ok(side.sign_up(
        a.id,
        &answers(&form, &marker, &format!("{marker}@example.nl")),
    ));
    let r = api.mutate_one(org, delete(RecordKind::Activity, a.id, version));
    assert!(
        matches!(r.outcome, Outcome::Applied { record: None, .. }),
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
