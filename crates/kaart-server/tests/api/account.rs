//! Sign-in, sign-out, rate limiting, `/me`, profile mutations and policy.

use kaart_api::account::Policy;
use kaart_api::error::ApiErrorCode;
use kaart_api::records::RecordKind;
use kaart_api::routes;
use kaart_api::sync::{MutationBatchResult, Outcome, Scope};
use serde_json::json;

use crate::mid;
use crate::support::{Api, Server};

#[test]
fn sign_in_me_and_sign_out() {
    let server = Server::demo();
    let api = server.demo_manager();
    let me = api.me();
    assert_eq!(me.profile.username, "demo");
    assert_eq!(me.organizations.len(), 2);
    assert!(me.organizations.iter().all(|o| !o.websites.is_empty()));
    // Each website is one of the organisation's own town.
    for o in &me.organizations {
        for w in &o.websites {
            let town = w.name.rsplit(' ').next().unwrap();
            assert!(o.name.ends_with(town), "{} on {}", o.name, w.name);
        }
    }

    let r = api
        .request(reqwest::Method::DELETE, &routes::session())
        .send()
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, err) = Api::error(api.get(&routes::me()));
    assert_eq!((status, err.code), (401, ApiErrorCode::Unauthorized));
}

#[test]
fn wrong_passwords_are_refused_and_then_slowed_down() {
    let server = Server::demo();
    let anon = server.anonymous();
    let attempt = |pw: &str| {
        Api::error(anon.post(
            &routes::session(),
            &json!({"username": "demo", "password": pw}),
        ))
    };
    for _ in 0..5 {
        let (status, err) = attempt("fout");
        assert_eq!((status, err.code), (401, ApiErrorCode::Unauthorized));
    }
    let (status, err) = attempt("demo");
    assert_eq!(
        (status, err.code),
        (429, ApiErrorCode::RateLimited),
        "locked even with the right password"
    );
    // Unknown users get the same answer as wrong passwords.
    let (status, _) = Api::error(anon.post(
        &routes::session(),
        &json!({"username": "niemand", "password": "x"}),
    ));
    assert_eq!(status, 401);
    // Another user is not affected.
    server.other_manager();
}

#[test]
fn policy_is_public() {
    let server = Server::demo();
    let policy: Policy = Api::ok(server.anonymous().get(&routes::policy()));
    assert_eq!(policy.review_interval_days, 182);
    assert_eq!(policy.signup_retention_days, 30);
}

#[test]
fn the_profile_changes_through_me_mutations_and_shows_in_every_feed() {
    let server = Server::demo();
    let api = server.demo_manager();
    let me = api.me();
    let org = me.organizations[1].id;
    let cursor = api.changes(org, None).cursor;
    let batch = json!({"mutations": [{
        "mutation_id": mid(),
        "op": {"op": "update", "kind": "profile", "id": me.profile.id, "changes": [
            {"field": "note", "from": me.profile.note, "to": "Op vrijdag; niet bereikbaar.\n=geen formule"},
            {"field": "phone", "from": me.profile.phone, "to": "0612345678"}
        ]}
    }, {
        "mutation_id": mid(),
        "op": {"op": "update", "kind": "profile", "id": me.profile.id, "changes": [
            {"field": "username", "from": "demo", "to": "hacker"}
        ]}
    }]});
    let r: MutationBatchResult = Api::ok(api.post(&routes::mutations(Scope::Me), &batch));
    assert!(
        matches!(r.results[0].outcome, Outcome::Applied { .. }),
        "{r:?}"
    );
    assert!(
        matches!(r.results[1].outcome, Outcome::Rejected { .. }),
        "username is read-only"
    );
    let me2 = api.me();
    assert_eq!(me2.profile_version, me.profile_version + 1);
    assert_eq!(me2.profile.phone.as_deref(), Some("0612345678"));
    let feed = api.changes(org, Some(&cursor));
    assert_eq!(feed.changes.len(), 1);
    assert_eq!(
        crate::first_of(&feed.changes, RecordKind::Profile).0,
        me2.profile_version
    );

    // Organisation records cannot be changed through /me, nor profiles through an org.
    let r: MutationBatchResult = Api::ok(api.post(
        &routes::mutations(Scope::Organization(org)),
        &json!({"mutations": [{"mutation_id": mid(), "op": {"op": "mark_checked", "kind": "profile", "id": me.profile.id, "checked_on": "2024-01-01"}}]}),
    ));
    assert!(matches!(r.results[0].outcome, Outcome::Rejected { .. }));
}
