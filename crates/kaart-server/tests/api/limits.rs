//! Abuse limits: sign-in lock-outs are per (user name, address), so guessing
//! from elsewhere does not lock a manager out; public sign-ups are limited per
//! address and per activity (429 with `Retry-After`); a second sign-up with
//! the same e-mail address is answered clearly; the unsubscribe page sends
//! strict headers. The client addresses are real: test clients bind to
//! 127.0.0.x (Linux, where all of 127/8 is loopback).

// Elsewhere only the 127.0.0.1 tests run; the address helpers stay unused.
#![cfg_attr(not(target_os = "linux"), allow(dead_code, unused_imports))]

use std::net::{IpAddr, Ipv4Addr};

use kaart_api::error::ApiErrorCode;
use kaart_api::records::{Activity, FieldType, Record};
use kaart_api::routes;
use serde_json::{json, Map, Value};

use crate::support::{Api, Server};
use crate::upserts;

fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

fn retry_after(r: &reqwest::blocking::Response) -> u64 {
    r.headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn sign_in(api: &Api, username: &str, password: &str) -> reqwest::blocking::Response {
    api.post(
        &routes::session(),
        &json!({"username": username, "password": password}),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn guessing_from_another_address_does_not_lock_the_manager_out() {
    let server = Server::demo();
    let attacker = server.anonymous_from(ip(2));
    let manager = server.anonymous_from(ip(3));
    // Variants of the name share one count: case and surrounding spaces.
    for name in ["demo", "Demo", " DEMO ", "demo  ", "dEmO"] {
        let (status, _) = Api::error(sign_in(&attacker, name, "fout"));
        assert_eq!(status, 401, "{name:?}");
    }
    let r = sign_in(&attacker, "demo", "demo");
    assert_eq!(
        r.status(),
        429,
        "locked for the guesser, even with the right password"
    );
    let wait = retry_after(&r);
    assert!((1..=900).contains(&wait), "{wait}");
    let (_, err) = Api::error(r);
    assert_eq!(err.code, ApiErrorCode::RateLimited);
    assert!(err.message.contains("seconden"), "{}", err.message);
    // The manager, elsewhere, signs in as usual.
    let r = sign_in(&manager, "demo", "demo");
    assert_eq!(r.status(), 200);
}

#[cfg(target_os = "linux")]
#[test]
fn one_address_spraying_names_is_slowed_down() {
    let server = Server::demo();
    let sprayer = server.anonymous_from(ip(4));
    for i in 0..kaart_server::throttle::FREE_ADDRESS_ATTEMPTS {
        let (status, _) = Api::error(sign_in(&sprayer, &format!("naam{i}"), "fout"));
        assert_eq!(status, 401);
    }
    let r = sign_in(&sprayer, "tweede", "tweede");
    assert_eq!(r.status(), 429);
    assert!(retry_after(&r) >= 1);
    assert_eq!(
        sign_in(&server.anonymous_from(ip(5)), "tweede", "tweede").status(),
        200
    );
}

/// The demo activities that ask an e-mail address, with valid answers.
fn activities_with_email(server: &Server) -> Vec<Activity> {
    let api = server.demo_manager();
    let org = api.org(0);
    upserts(&api.changes(org, None).changes)
        .into_iter()
        .filter_map(|(_, r)| match r {
            Record::Activity(a) if a.form.iter().any(|f| f.field_type == FieldType::Email) => {
                Some(a)
            }
            _ => None,
        })
        .collect()
}

fn answers(a: &Activity, email: &str) -> Value {
    let mut m = Map::new();
    for f in &a.form {
        let v = match f.field_type {
            FieldType::Email => json!(email),
            FieldType::Phone => json!("06 12345678"),
            FieldType::Number => json!(2),
            FieldType::Date => json!("2031-03-01"),
            FieldType::Choice => json!(f.options[0]),
            FieldType::Checkbox => json!(true),
            FieldType::Text | FieldType::LongText => json!("Zoë de Vries"),
        };
        m.insert(f.key.clone(), v);
    }
    json!({ "answers": m })
}

#[cfg(target_os = "linux")]
#[test]
fn public_sign_ups_are_limited_per_address_and_per_activity() {
    use kaart_server::throttle::{SIGNUPS_PER_ACTIVITY, SIGNUPS_PER_ADDRESS};
    let server = Server::demo();
    let acts = activities_with_email(&server);
    let (a, b) = (&acts[0], &acts[1]);
    // Invalid sign-ups (an unknown field) count too, and store nothing.
    let junk = json!({"answers": {"bestaat_niet": "x"}});
    let visitor = server.anonymous_from(ip(10));
    for _ in 0..SIGNUPS_PER_ADDRESS {
        let (status, _) = Api::error(visitor.post(&routes::public_signups(a.id), &junk));
        assert_eq!(status, 422);
    }
    let r = visitor.post(&routes::public_signups(b.id), &answers(b, "een@example.nl"));
    assert_eq!(r.status(), 429, "per address, whatever the activity");
    assert!(retry_after(&r) > 60);
    let (_, err) = Api::error(r);
    assert_eq!(err.code, ApiErrorCode::RateLimited);
    assert!(err.message.contains("aanmeldingen"), "{}", err.message);

    // Per activity: many addresses together reach the activity's limit.
    let mut sent = SIGNUPS_PER_ADDRESS;
    let mut last = 11;
    while sent < SIGNUPS_PER_ACTIVITY {
        let from = server.anonymous_from(ip(last));
        for _ in 0..SIGNUPS_PER_ADDRESS.min(SIGNUPS_PER_ACTIVITY - sent) {
            let (status, _) = Api::error(from.post(&routes::public_signups(a.id), &junk));
            assert_eq!(status, 422);
            sent += 1;
        }
        last += 1;
    }
    let fresh = server.anonymous_from(ip(last));
    let r = fresh.post(
        &routes::public_signups(a.id),
        &answers(a, "twee@example.nl"),
    );
    assert_eq!(r.status(), 429, "per activity");
    assert!(retry_after(&r) >= 1);
    // Another activity is still open to that address.
    let r = fresh.post(
        &routes::public_signups(b.id),
        &answers(b, "twee@example.nl"),
    );
    assert_eq!(r.status(), 201);
}

#[test]
fn a_second_sign_up_with_the_same_e_mail_is_answered_clearly() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let acts = activities_with_email(&server);
    let a = &acts[0];
    let anon = server.anonymous();
    let r = anon.post(&routes::public_signups(a.id), &answers(a, "zoe@example.nl"));
    assert_eq!(r.status(), 201);
    let cursor = api.changes(org, None).cursor;
    let r = anon.post(
        &routes::public_signups(a.id),
        &answers(a, "  ZOE@Example.nl "),
    );
    let (status, err) = Api::error(r);
    assert_eq!((status, err.code), (409, ApiErrorCode::AlreadySignedUp));
    assert!(
        err.message.contains("al iemand aangemeld"),
        "{}",
        err.message
    );
    assert!(!err.message.to_lowercase().contains("zoe@"), "no echo");
    assert!(
        api.changes(org, Some(&cursor)).changes.is_empty(),
        "not counted twice"
    );
    // Another address is welcome.
    let r = anon.post(
        &routes::public_signups(a.id),
        &answers(a, "anders@example.nl"),
    );
    assert_eq!(r.status(), 201);
}

#[test]
fn the_unsubscribe_page_sends_strict_headers() {
    let server = Server::demo();
    let acts = activities_with_email(&server);
    let a = &acts[0];
    let anon = server.anonymous();
    let receipt: kaart_api::public::SignupReceipt =
        Api::ok(anon.post(&routes::public_signups(a.id), &answers(a, "kop@example.nl")));
    let http = reqwest::blocking::Client::new();
    let bogus = format!("{}{}", server.url, routes::unsubscribe("geen-geldige-link"));
    for (method, url) in [
        (reqwest::Method::GET, receipt.unsubscribe_url.as_str()),
        (reqwest::Method::GET, bogus.as_str()),
        (reqwest::Method::POST, receipt.unsubscribe_url.as_str()),
    ] {
        let r = http.request(method.clone(), url).send().unwrap();
        let h = r.headers();
        let get = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            get("cache-control").as_deref(),
            Some("no-store"),
            "{method}"
        );
        assert_eq!(get("referrer-policy").as_deref(), Some("no-referrer"));
        assert_eq!(get("x-content-type-options").as_deref(), Some("nosniff"));
        let csp = get("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
    }
}
