//! The authorization matrix, over every route of the OpenAPI document (so a
//! new route cannot skip it): without a valid token every private route
//! answers 401; a manager of organisation A gets 403 on every route for
//! organisation B, with valid requests, and B's data is unchanged.

use kaart_api::error::ApiErrorCode;
use kaart_api::records::{Record, RecordKind};
use serde_json::{json, Value};

use crate::support::{Api, Server};
use crate::{first_of, mid, upserts};

/// The only routes under /api/v1 that need no sign-in.
const OPEN_API_ROUTES: &[(&str, &str)] = &[("post", "/api/v1/session"), ("get", "/api/v1/policy")];

struct Route {
    method: String,
    path: String,
    secured: bool,
    has_body: bool,
}

fn routes(doc: &Value) -> Vec<Route> {
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            out.push(Route {
                method: method.clone(),
                path: path.clone(),
                secured: op
                    .get("security")
                    .is_some_and(|s| !s.as_array().unwrap().is_empty()),
                has_body: op.get("requestBody").is_some(),
            });
        }
    }
    out
}

#[test]
fn every_private_route_is_secured_and_refuses_strangers() {
    let server = Server::demo();
    let anon = server.anonymous();
    let doc: Value = Api::ok(anon.get("/openapi.json"));
    let routes = routes(&doc);
    assert!(routes.len() >= 11);

    let a = server.demo_manager();
    let b = server.other_manager();
    let org_b = b.org(0);
    let b_feed = b.changes(org_b, None);
    let (b_version, b_org) = first_of(&b_feed.changes, RecordKind::Organization);
    let Record::Organization(b_org) = b_org else {
        unreachable!()
    };
    let b_activity = upserts(&b_feed.changes)
        .into_iter()
        .find(|(_, r)| r.kind() == RecordKind::Activity)
        .unwrap()
        .1;
    let me_b = b.me();

    // A valid body per route with a body: a request that B itself could make.
    let body_for = |method: &str, path: &str| -> Value {
        match (method, path) {
            ("post", "/api/v1/session") => json!({"username": "demo", "password": "demo"}),
            ("post", "/api/v1/organizations/{org}/mutations") => json!({"mutations": [
                {"mutation_id": mid(), "op": {"op": "update", "kind": "organization", "id": org_b,
                  "changes": [{"field": "name", "from": b_org.name, "to": "Overgenomen"}]}},
                {"mutation_id": mid(), "op": {"op": "delete", "kind": "activity", "id": b_activity.id(), "base_version": 1}},
                {"mutation_id": mid(), "op": {"op": "mark_checked", "kind": "organization", "id": org_b, "checked_on": "2024-01-01"}}
            ]}),
            ("post", "/api/v1/me/mutations") => json!({"mutations": [
                {"mutation_id": mid(), "op": {"op": "update", "kind": "profile", "id": me_b.profile.id,
                  "changes": [{"field": "name", "from": me_b.profile.name, "to": "Overgenomen"}]}}
            ]}),
            ("post", "/public/v1/activities/{id}/signups") => json!({"answers": {}}),
            // Any manager may upload a photo, so only the 401 is checked;
            // it comes before the body is looked at.
            ("put", "/api/v1/photos/{name}") => Value::Null,
            (m, p) => panic!("add a valid request body for the new route {m} {p} to this test"),
        }
    };
    let send = |api: &Api, r: &Route| {
        let path = r
            .path
            .replace("{org}", &org_b.to_string())
            .replace("{id}", &b_activity.id().to_string())
            .replace("{token}", "geen-geldige-token")
            .replace("{name}", &"ab".repeat(32));
        let method = reqwest::Method::from_bytes(r.method.to_uppercase().as_bytes()).unwrap();
        let mut rb = api.request(method, &path);
        if r.has_body {
            rb = rb.json(&body_for(&r.method, &r.path));
        }
        rb.send().unwrap()
    };

    let bogus = Api {
        token: Some("bogus-token".into()),
        ..anon.clone()
    };
    let mut checked_401 = 0;
    let mut checked_403 = 0;
    for r in &routes {
        let api_route = r.path.starts_with("/api/");
        if api_route && !OPEN_API_ROUTES.contains(&(r.method.as_str(), r.path.as_str())) {
            assert!(r.secured, "{} {} must require sign-in", r.method, r.path);
        }
        if r.path.contains("{org}") {
            assert!(
                r.secured,
                "{} {}: organisation routes are private",
                r.method, r.path
            );
        }
        if r.secured {
            for caller in [&anon, &bogus] {
                let (status, err) = Api::error(send(caller, r));
                assert_eq!(
                    (status, err.code),
                    (401, ApiErrorCode::Unauthorized),
                    "{} {}",
                    r.method,
                    r.path
                );
            }
            checked_401 += 1;
        }
        if r.path.contains("{org}") {
            let (status, err) = Api::error(send(&a, r));
            assert_eq!(
                (status, err.code),
                (403, ApiErrorCode::Forbidden),
                "{} {}",
                r.method,
                r.path
            );
            checked_403 += 1;
        }
    }
    assert!(
        checked_401 >= 5 && checked_403 >= 2,
        "{checked_401} {checked_403}"
    );

    // B's data is untouched and B's session still works.
    let after = b.changes(org_b, Some(&b_feed.cursor));
    assert!(after.changes.is_empty(), "{:?}", after.changes);
    assert_eq!(
        first_of(&b.changes(org_b, None).changes, RecordKind::Organization).0,
        b_version
    );
    assert_eq!(b.me().profile, me_b.profile);

    // A's own profile mutations cannot reach B's profile.
    let r: kaart_api::sync::MutationBatchResult = Api::ok(a.post(
        "/api/v1/me/mutations",
        &body_for("post", "/api/v1/me/mutations"),
    ));
    assert!(
        matches!(
            r.results[0].outcome,
            kaart_api::sync::Outcome::Rejected { .. }
        ),
        "{r:?}"
    );
    assert_eq!(b.me().profile, me_b.profile);

    // A cannot move a record into B with a create through its own organisation either.
    let org_a = a.org(0);
    let mut stolen = b_activity.clone();
    if let Record::Activity(ref mut act) = stolen {
        act.id = uuid::Uuid::now_v7();
    }
    let r = a.mutate(
        org_a,
        vec![(
            mid(),
            kaart_api::sync::MutationOp::Create { record: stolen },
        )],
    );
    assert!(matches!(
        r[0].outcome,
        kaart_api::sync::Outcome::Rejected { .. }
    ));
    // ...nor touch B's records through A's route.
    let r = a.mutate(
        org_a,
        vec![(
            mid(),
            kaart_api::sync::MutationOp::Delete {
                kind: RecordKind::Activity,
                id: b_activity.id(),
                base_version: 1,
            },
        )],
    );
    assert!(matches!(
        r[0].outcome,
        kaart_api::sync::Outcome::Rejected { .. }
    ));
    assert!(b.changes(org_b, Some(&b_feed.cursor)).changes.is_empty());
}
