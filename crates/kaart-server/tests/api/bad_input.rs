//! Malformed requests: bad JSON, wrong types, unknown fields, oversized
//! bodies, bad parameters — each a 4xx with a clear message, nothing changed.

use kaart_api::error::ApiErrorCode;
use kaart_api::routes;
use kaart_api::sync::Scope;
use serde_json::json;

use crate::mid;
use crate::support::{Api, Server};

/// A client sending an announced too-large body gets the 413 once it has sent
/// it, not its connection closed under it (seen as "broken pipe" under load,
/// where a sync client could not tell it from a network failure). The body
/// goes slowly, so a service that answers and closes at once is caught.
#[test]
fn a_too_large_body_is_answered_after_the_client_sent_it() {
    use std::io::{Read, Write};
    let server = Server::demo();
    let host = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    let size = 3 * 1024 * 1024;
    write!(
        stream,
        "POST /public/v1/activities/00000000-0000-0000-0000-000000000000/signups HTTP/1.1\r\n\
         Host: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for sent in 0..size / chunk.len() {
        if let Err(e) = stream.write_all(&chunk) {
            panic!(
                "the connection broke after {} KiB of the body: {e}",
                sent * 64
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status_line = answer.lines().next().unwrap_or_default();
    assert_eq!(status_line, "HTTP/1.1 413 Payload Too Large");
}

#[test]
fn malformed_requests_change_nothing() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let before = api.changes(org, None);
    let path = routes::mutations(Scope::Organization(org));
    let raw = |body: &str| {
        api.request(reqwest::Method::POST, &path)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("bad JSON", "{\"mutations\": [".into(), "geen geldige JSON"),
        ("wrong type", "{\"mutations\": 5}".into(), "verkeerde soort"),
        ("unknown field", json!({"mutations": [], "extra": 1}).to_string(), "niet bestaat"),
        (
            "unknown record field",
            json!({"mutations": [{"mutation_id": mid(), "op": {"op": "create", "record": {
                "kind": "contact", "id": mid(), "organization_id": org, "name": "X", "title": null, "email": null,
                "phone": null, "reachability": null, "photo_url": null, "agb_code": null, "street": null,
                "postcode": null, "city": null, "assured_date": null, "shoe_size": 43}}}]})
            .to_string(),
            "“mutations[0].op”",
        ),
        ("unknown op", json!({"mutations": [{"mutation_id": mid(), "op": {"op": "explode"}}]}).to_string(), "niet bestaat"),
        ("bad uuid", json!({"mutations": [{"mutation_id": "nope", "op": {"op": "delete", "kind": "contact", "id": mid(), "base_version": 1}}]}).to_string(), "mutation_id"),
    ];
    for (what, body, hint) in cases {
        let (status, err) = Api::error(raw(&body));
        assert_eq!(
            (status, err.code),
            (400, ApiErrorCode::BadRequest),
            "{what}: {err:?}"
        );
        assert!(
            err.message.contains(hint),
            "{what}: {:?} should mention {hint:?}",
            err.message
        );
    }

    // No content type.
    let r = api
        .request(reqwest::Method::POST, &path)
        .body("{\"mutations\": []}")
        .send()
        .unwrap();
    let (status, err) = Api::error(r);
    assert_eq!((status, err.code), (400, ApiErrorCode::BadRequest));
    assert!(err.message.contains("Content-Type"));

    // Oversized: 3 MiB of valid-looking JSON.
    let big = format!(
        "{{\"mutations\": [], \"pad\": \"{}\"}}",
        "x".repeat(3 * 1024 * 1024)
    );
    // On a connection of its own: the server may close it after refusing
    // the body unread, which must not break the next request of `api`.
    let alone = reqwest::blocking::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let r = alone
        .post(format!("{}{path}", server.url))
        .bearer_auth(api.token.as_deref().unwrap())
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .unwrap();
    let (status, err) = Api::error(r);
    assert_eq!((status, err.code), (413, ApiErrorCode::PayloadTooLarge));
    let (status, err) = Api::error(
        server
            .anonymous()
            .request(
                reqwest::Method::POST,
                "/public/v1/activities/00000000-0000-0000-0000-000000000000/signups",
            )
            .header("content-type", "application/json")
            .body(big)
            .send()
            .unwrap(),
    );
    assert_eq!((status, err.code), (413, ApiErrorCode::PayloadTooLarge));

    // Too many mutations in one batch.
    let many: Vec<_> = (0..501)
        .map(|_| json!({"mutation_id": mid(), "op": {"op": "delete", "kind": "contact", "id": mid(), "base_version": 1}}))
        .collect();
    let (status, _) = Api::error(api.post(&path, &json!({ "mutations": many })));
    assert_eq!(status, 400);

    // Bad path and query parameters.
    let (status, err) = Api::error(api.get("/api/v1/organizations/not-a-uuid/changes"));
    assert_eq!((status, err.code), (400, ApiErrorCode::BadRequest));
    let (status, err) = Api::error(api.get(&format!("{}?limit=many", routes::changes(org))));
    assert_eq!((status, err.code), (400, ApiErrorCode::BadRequest));
    // Sign-in with the wrong shape.
    let (status, _) = Api::error(
        server
            .anonymous()
            .post(&routes::session(), &json!({"username": "demo"})),
    );
    assert_eq!(status, 400);
    // Unknown routes answer with the error body too.
    let (status, err) = Api::error(api.get("/api/v1/nothing"));
    assert_eq!((status, err.code), (404, ApiErrorCode::NotFound));

    let after = api.changes(org, Some(&before.cursor));
    assert!(
        after.changes.is_empty(),
        "nothing changed: {:?}",
        after.changes
    );
    assert_eq!(after.cursor, before.cursor);
}
