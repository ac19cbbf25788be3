//! The served OpenAPI document describes real traffic: every answer of every
//! route (successes and the errors the server really gives) has its status
//! documented, and its JSON body validates against the documented schema
//! (JSON Schema 2020-12, the dialect of OpenAPI 3.1, with the `jsonschema`
//! crate). The test fails when a route of the document got no successful
//! request here, so a new route cannot go unchecked.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

use kaart_api::records::{FieldType, Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::Scope;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::support::{changes_path, Api, Server};
use crate::{first_of, mid, update, upserts};

struct Conformance {
    doc: Value,
    /// (method, route template) answered with a 2xx.
    covered: BTreeSet<(String, String)>,
    checked: usize,
}

impl Conformance {
    /// Checks one answer of `method template` against the document.
    fn check(&mut self, method: &str, template: &str, r: reqwest::blocking::Response) -> Value {
        let status = r.status().as_u16();
        let content_type = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = r.text().unwrap();
        let what = format!("{method} {template} → {status}");
        let op = &self.doc["paths"][template][method];
        assert!(op.is_object(), "{what}: the route is not in the document");
        let documented = &op["responses"][status.to_string()];
        assert!(documented.is_object(), "{what}: status not documented");
        let body =
            if let Some(schema) = documented["content"]["application/json"]["schema"].as_object() {
                assert!(
                    content_type.starts_with("application/json"),
                    "{what}: {content_type}"
                );
                let body: Value = serde_json::from_str(&text).unwrap();
                // The document's components as the root, so `#/components/…` resolves.
                let root = json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "components": self.doc["components"],
                    "allOf": [Value::Object(schema.clone())],
                });
                let validator = jsonschema::validator_for(&root).unwrap();
                let errors: Vec<String> = validator
                    .iter_errors(&body)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .take(5)
                    .collect();
                assert!(errors.is_empty(), "{what}: {errors:#?}");
                body
            } else if documented["content"]["image/jpeg"].is_object() {
                assert_eq!(content_type, "image/jpeg", "{what}");
                assert!(!text.is_empty(), "{what}: no photo");
                Value::Null
            } else if documented["content"]["text/html"].is_object() {
                assert!(
                    content_type.starts_with("text/html"),
                    "{what}: {content_type}"
                );
                Value::Null
            } else {
                assert!(text.is_empty(), "{what}: an undocumented body");
                Value::Null
            };
        if (200..300).contains(&status) {
            self.covered
                .insert((method.to_string(), template.to_string()));
        }
        self.checked += 1;
        body
    }
}

/// The same client on a connection of its own: the server may close a
/// connection after refusing an oversized body unread, which must not break
/// the next request of a pooled client.
fn alone(api: &Api) -> Api {
    Api {
        http: reqwest::blocking::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap(),
        ..api.clone()
    }
}

fn api_route(t: &str) -> String {
    format!("{}{t}", kaart_api::API_PREFIX)
}

fn public_route(t: &str) -> String {
    format!("{}{t}", kaart_api::PUBLIC_PREFIX)
}

/// A real 2 × 2 grey JPEG (made once with Pillow), so the test needs no encoder.
fn tiny_jpeg() -> Vec<u8> {
    const HEX: &str = "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080002000201011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f002bffd9";
    (0..HEX.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&HEX[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn real_answers_of_every_route_match_the_served_document() {
    let server = Server::demo();
    let anon = server.anonymous();
    let doc: Value = Api::ok(anon.get("/openapi.json"));
    let mut c = Conformance {
        doc,
        covered: BTreeSet::new(),
        checked: 0,
    };
    let session = api_route(routes::SESSION_ROUTE);
    let me = api_route(routes::ME_ROUTE);
    let me_mutations = api_route(routes::ME_MUTATIONS_ROUTE);
    let policy = api_route(routes::POLICY_ROUTE);
    let changes = api_route(routes::CHANGES_ROUTE);
    let mutations = api_route(routes::MUTATIONS_ROUTE);
    let form = public_route(routes::FORM_ROUTE);
    let signups = public_route(routes::SIGNUPS_ROUTE);
    let unsubscribe = public_route(routes::UNSUBSCRIBE_ROUTE);

    // Account.
    let creds = json!({"username": "demo", "password": "demo"});
    let body = c.check("post", &session, anon.post(&routes::session(), &creds));
    let api = Api {
        token: Some(body["token"].as_str().unwrap().to_string()),
        ..anon.clone()
    };
    c.check(
        "post",
        &session,
        anon.post(
            &routes::session(),
            &json!({"username": "demo", "password": "fout"}),
        ),
    );
    c.check(
        "post",
        &session,
        anon.post(&routes::session(), &json!({"username": "demo"})),
    );
    let big = json!({"username": "demo", "password": "x".repeat(3 * 1024 * 1024)});
    c.check(
        "post",
        &session,
        alone(&anon).post(&routes::session(), &big),
    );
    c.check("get", &me, api.get(&routes::me()));
    c.check("get", &me, anon.get(&routes::me()));
    c.check("get", &policy, anon.get(&routes::policy()));
    let profile = api.me().profile;
    let rename = json!({"mutations": [{"mutation_id": mid(), "op": {"op": "update", "kind": "profile",
        "id": profile.id, "changes": [{"field": "name", "from": profile.name, "to": "Nieuwe Naam"}]}}]});
    c.check(
        "post",
        &me_mutations,
        api.post(&routes::mutations(Scope::Me), &rename),
    );
    c.check(
        "post",
        &me_mutations,
        api.post(&routes::mutations(Scope::Me), &json!({"mutations": 1})),
    );
    c.check(
        "post",
        &me_mutations,
        anon.post(&routes::mutations(Scope::Me), &rename),
    );

    // Photos: stored, stored again, refused, served, unknown.
    let photo_upload = api_route(routes::PHOTO_ROUTE);
    let photo = public_route(routes::PHOTO_ROUTE);
    let jpeg = tiny_jpeg();
    let name = kaart_photo::sha256_hex(&jpeg);
    let put = |bytes: Vec<u8>, name: &str| {
        api.request(reqwest::Method::PUT, &routes::photo_upload(name))
            .body(bytes)
            .send()
            .unwrap()
    };
    c.check("put", &photo_upload, put(jpeg.clone(), &name));
    c.check("put", &photo_upload, put(jpeg.clone(), &name));
    let text = b"geen foto".to_vec();
    c.check(
        "put",
        &photo_upload,
        put(text.clone(), &kaart_photo::sha256_hex(&text)),
    );
    c.check("put", &photo_upload, put(jpeg, "niet-een-naam"));
    c.check("get", &photo, anon.get(&routes::public_photo(&name)));
    c.check(
        "get",
        &photo,
        anon.get(&routes::public_photo(&"0".repeat(64))),
    );

    // Sync: every record kind passes through the feed.
    let org = api.org(0);
    let feed = c.check("get", &changes, api.get(&routes::changes(org)));
    let full = api.changes(org, None);
    let kinds: BTreeSet<RecordKind> = upserts(&full.changes)
        .iter()
        .map(|(_, r)| r.kind())
        .collect();
    assert_eq!(
        kinds.len(),
        RecordKind::ALL.len(),
        "every kind validated: {kinds:?}"
    );
    assert!(feed["changes"].as_array().unwrap().len() > 5);
    c.check(
        "get",
        &changes,
        api.get(&changes_path(org, Some(&full.cursor), Some(2))),
    );
    c.check(
        "get",
        &changes,
        api.get(&changes_path(org, Some("vervalst"), None)),
    );
    c.check(
        "get",
        &changes,
        api.get("/api/v1/organizations/geen-id/changes"),
    );
    c.check("get", &changes, api.get(&changes_path(org, None, Some(0))));
    c.check("get", &changes, anon.get(&routes::changes(org)));
    let stranger = server.other_manager();
    c.check("get", &changes, stranger.get(&routes::changes(org)));
    let (version, contact) = first_of(&full.changes, RecordKind::Contact);
    let Record::Contact(contact) = contact else {
        unreachable!()
    };
    let batch = |ops: Vec<Value>| json!({ "mutations": ops.into_iter().map(|op| json!({"mutation_id": mid(), "op": op})).collect::<Vec<_>>() });
    let outcomes = batch(vec![
        serde_json::to_value(update(
            RecordKind::Contact,
            contact.id,
            "name",
            json!(contact.name),
            json!("Anders"),
        ))
        .unwrap(),
        serde_json::to_value(update(
            RecordKind::Contact,
            contact.id,
            "city",
            json!("Nergens"),
            json!("Ergens"),
        ))
        .unwrap(),
        json!({"op": "delete", "kind": "contact", "id": contact.id, "base_version": version + 9}),
        json!({"op": "mark_checked", "kind": "contact", "id": contact.id, "checked_on": "2020-01-01"}),
        json!({"op": "create", "record": {"kind": "contact", "id": Uuid::now_v7(), "organization_id": org,
            "name": "Nieuw", "title": null, "email": null, "phone": null, "reachability": null,
            "photo_url": null, "agb_code": null, "street": null, "postcode": null, "city": null,
            "assured_date": null}}),
    ]);
    let answered = c.check(
        "post",
        &mutations,
        api.post(&routes::mutations(Scope::Organization(org)), &outcomes),
    );
    let statuses: BTreeSet<&str> = answered["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["applied", "conflict", "rejected"])
    );
    let delete = batch(vec![
        json!({"op": "delete", "kind": "contact", "id": contact.id, "base_version": version + 1}),
    ]);
    c.check(
        "post",
        &mutations,
        api.post(&routes::mutations(Scope::Organization(org)), &delete),
    );
    c.check(
        "get",
        &changes,
        api.get(&changes_path(org, Some(&full.cursor), None)),
    );
    c.check(
        "post",
        &mutations,
        api.post(
            &routes::mutations(Scope::Organization(org)),
            &json!({"mutations": [], "x": 1}),
        ),
    );
    c.check(
        "post",
        &mutations,
        stranger.post(&routes::mutations(Scope::Organization(org)), &delete),
    );
    c.check(
        "post",
        &mutations,
        anon.post(&routes::mutations(Scope::Organization(org)), &delete),
    );
    let huge = json!({"mutations": [], "pad": "x".repeat(3 * 1024 * 1024)});
    c.check(
        "post",
        &mutations,
        alone(&api).post(&routes::mutations(Scope::Organization(org)), &huge),
    );

    // Public side.
    let activity = upserts(&full.changes)
        .into_iter()
        .find_map(|(_, r)| match r {
            Record::Activity(a) if a.form.iter().any(|f| f.field_type == FieldType::Email) => {
                Some(a)
            }
            _ => None,
        })
        .unwrap();
    c.check("get", &form, anon.get(&routes::public_form(activity.id)));
    c.check("get", &form, anon.get(&routes::public_form(Uuid::now_v7())));
    c.check("get", &form, anon.get("/public/v1/activities/geen-id/form"));
    let mut answers = Map::new();
    for f in &activity.form {
        answers.insert(
            f.key.clone(),
            match f.field_type {
                FieldType::Email => json!("conform@example.nl"),
                FieldType::Phone => json!("06 12345678"),
                FieldType::Number => json!(1),
                FieldType::Date => json!("2031-01-01"),
                FieldType::Choice => json!(f.options[0]),
                FieldType::Checkbox => json!(true),
                _ => json!("Conform"),
            },
        );
    }
    let good = json!({ "answers": answers });
    let receipt = c.check(
        "post",
        &signups,
        anon.post(&routes::public_signups(activity.id), &good),
    );
    c.check(
        "post",
        &signups,
        anon.post(&routes::public_signups(activity.id), &good),
    );
    c.check(
        "post",
        &signups,
        anon.post(
            &routes::public_signups(activity.id),
            &json!({"answers": {"onbekend": 1}}),
        ),
    );
    c.check(
        "post",
        &signups,
        anon.post(&routes::public_signups(Uuid::now_v7()), &good),
    );
    c.check(
        "post",
        &signups,
        anon.post(
            &routes::public_signups(activity.id),
            &json!({"antwoorden": {}}),
        ),
    );
    let huge = json!({"answers": {"x": "x".repeat(3 * 1024 * 1024)}});
    c.check(
        "post",
        &signups,
        alone(&anon).post(&routes::public_signups(activity.id), &huge),
    );
    // From one address, until the limit answers.
    let busy = server.anonymous_from(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)));
    let mut limited = false;
    for _ in 0..=kaart_server::throttle::SIGNUPS_PER_ADDRESS {
        let r = busy.post(
            &routes::public_signups(activity.id),
            &json!({"answers": {"onbekend": 1}}),
        );
        limited = r.status() == 429;
        c.check("post", &signups, r);
    }
    assert!(limited, "the limit answered");
    let link = receipt["unsubscribe_url"].as_str().unwrap().to_string();
    let http = reqwest::blocking::Client::new();
    c.check("get", &unsubscribe, http.get(&link).send().unwrap());
    c.check("post", &unsubscribe, http.post(&link).send().unwrap());
    c.check("post", &unsubscribe, http.post(&link).send().unwrap());
    c.check("get", &unsubscribe, http.get(&link).send().unwrap());
    // Sign-in lock-out, then sign out.
    for _ in 0..6 {
        let r = anon.post(
            &routes::session(),
            &json!({"username": "tweede", "password": "fout"}),
        );
        c.check("post", &session, r);
    }
    c.check(
        "delete",
        &session,
        api.request(reqwest::Method::DELETE, &routes::session())
            .send()
            .unwrap(),
    );
    c.check(
        "delete",
        &session,
        api.request(reqwest::Method::DELETE, &routes::session())
            .send()
            .unwrap(),
    );

    // Every route of the document was answered successfully at least once.
    let mut missing = Vec::new();
    for (path, ops) in c.doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            if !c.covered.contains(&(method.clone(), path.clone())) {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a checked success: {missing:?}"
    );
    assert!(c.checked > 40, "{}", c.checked);
}

#[test]
fn the_documented_page_size_is_the_one_the_server_takes() {
    let doc: Value = serde_json::from_str(&kaart_server::http::openapi::document_json()).unwrap();
    let params = doc["paths"][api_route(routes::CHANGES_ROUTE)]["get"]["parameters"]
        .as_array()
        .unwrap();
    let limit = params.iter().find(|p| p["name"] == "limit").unwrap();
    assert_eq!(limit["schema"]["minimum"], 1);
    assert_eq!(limit["schema"]["maximum"], kaart_api::sync::MAX_PAGE_SIZE);
}
