//! The sync engine against the real `kaart-server` (in-process, on
//! 127.0.0.1), with the real keyring: offline edits, two clients merging and conflicting, delete
//! against edit, privacy of the file on disk, and the keyring refusals.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use kaart_api::records::{Contact, Record, RecordKind};
use kaart_api::sync::ConflictReason;
use kaart_core::ipc::{ErrorCode, Resolution};
use serde_json::json;
use support::{app_error, Server, TestClient};
use uuid::Uuid;

async fn signed_in(url: &str) -> TestClient {
    let c = TestClient::open(url);
    c.ws.sign_in("demo", "demo").await.expect("sign in");
    c.ws.sync_now().await.expect("first sync");
    c
}

fn first_org(c: &TestClient) -> Uuid {
    c.ws.organizations().unwrap()[0].id
}

fn contact(c: &TestClient, id: Uuid) -> Contact {
    match c.ws.record(RecordKind::Contact, id).unwrap().record {
        Record::Contact(contact) => contact,
        _ => unreachable!(),
    }
}

fn first_contact(c: &TestClient, org: Uuid) -> Uuid {
    c.ws.records(Some(org), RecordKind::Contact).unwrap()[0]
        .record
        .id()
}

/// Every record of every managed organisation, as a fresh client pulls it.
async fn server_state(url: &str) -> Vec<Record> {
    let fresh = signed_in(url).await;
    everything(&fresh)
}

fn everything(c: &TestClient) -> Vec<Record> {
    let mut out = Vec::new();
    for org in c.ws.organizations().unwrap() {
        for kind in RecordKind::ALL {
            if kind == RecordKind::Profile {
                continue;
            }
            out.extend(
                c.ws.records(Some(org.id), kind)
                    .unwrap()
                    .into_iter()
                    .map(|r| r.record),
            );
        }
    }
    out
}

#[tokio::test]
async fn offline_edits_go_out_after_a_restart() {
    in_keyring_session!("offline_edits_go_out_after_a_restart");
    let server = Server::start_demo();
    let online = signed_in(&server.url).await;
    let org = first_org(&online);
    let existing = first_contact(&online, org);
    let (dir, app_id) = (online.dir, online.app_id);
    drop(online.ws);

    // Same data dir and keyring, but the service is unreachable.
    let offline = TestClient::open_at(dir, app_id, "http://127.0.0.1:9");
    let new_id = Uuid::now_v7();
    let mut new = contact(&offline, existing);
    new.id = new_id;
    new.name = "Nieuwe Contactpersoon".into();
    offline.ws.create(Record::Contact(new)).unwrap();
    offline.set(
        RecordKind::Contact,
        existing,
        &[("city", json!("Leiderdorp"))],
    );
    offline
        .ws
        .mark_checked(
            RecordKind::Contact,
            existing,
            chrono::Utc::now().date_naive(),
        )
        .unwrap();
    let err = app_error(offline.ws.sync_now().await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Offline);
    assert_eq!(offline.ws.status().pending_edits, 3);
    let (dir, app_id) = (offline.dir, offline.app_id);
    drop(offline.ws);

    let back = TestClient::open_at(dir, app_id, &server.url);
    back.ws.sync_now().await.expect("sync after restart");
    assert_eq!(back.ws.status().pending_edits, 0);
    assert_eq!(back.ws.status().conflicts, 0);
    let state = server_state(&server.url).await;
    assert_eq!(everything(&back), state, "local equals server");
    assert!(state.iter().any(|r| r.id() == new_id));
    let on_server = state.iter().find(|r| r.id() == existing).unwrap();
    let Record::Contact(on_server) = on_server else {
        panic!()
    };
    assert_eq!(on_server.city.as_deref(), Some("Leiderdorp"));
    assert_eq!(
        on_server.assured_date,
        Some(chrono::Utc::now().date_naive())
    );
}

#[tokio::test]
async fn two_clients_merge_different_fields_and_decide_conflicts() {
    in_keyring_session!("two_clients_merge_different_fields_and_decide_conflicts");
    let server = Server::start_demo();
    let a = signed_in(&server.url).await;
    let b = signed_in(&server.url).await;
    let org = first_org(&a);
    let id = first_contact(&a, org);

    // Different fields: both land.
    a.set(RecordKind::Contact, id, &[("city", json!("Delft"))]);
    b.set(RecordKind::Contact, id, &[("title", json!("Coördinator"))]);
    a.sync().await;
    b.sync().await;
    a.sync().await;
    for c in [&a, &b] {
        let seen = contact(c, id);
        assert_eq!(
            (seen.city.as_deref(), seen.title.as_deref()),
            (Some("Delft"), Some("Coördinator"))
        );
        assert_eq!(c.ws.status().conflicts, 0);
    }

    // Same field, B keeps mine.
    a.set(RecordKind::Contact, id, &[("name", json!("Naam van A"))]);
    b.set(RecordKind::Contact, id, &[("name", json!("Naam van B"))]);
    a.sync().await;
    b.sync().await;
    let conflicts = b.ws.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "one conflict on the name");
    assert_eq!(conflicts[0].field, "name");
    assert_eq!(conflicts[0].reason, ConflictReason::FieldsChanged);
    assert_eq!(
        (&conflicts[0].yours, &conflicts[0].theirs),
        (&json!("Naam van B"), &json!("Naam van A"))
    );
    b.ws.resolve_conflict(conflicts[0].id, Resolution::KeepMine)
        .unwrap();
    b.sync().await;
    a.sync().await;
    assert_eq!(contact(&a, id).name, "Naam van B");

    // Same field, A takes theirs.
    b.set(RecordKind::Contact, id, &[("phone", json!("071 111 2222"))]);
    a.set(RecordKind::Contact, id, &[("phone", json!("071 333 4444"))]);
    b.sync().await;
    a.sync().await;
    let conflict = a.ws.conflicts().unwrap().remove(0);
    a.ws.resolve_conflict(conflict.id, Resolution::TakeTheirs)
        .unwrap();
    a.sync().await;
    b.sync().await;
    assert_eq!(contact(&a, id).phone.as_deref(), Some("071 111 2222"));

    // Same field, A edits a third value.
    b.set(RecordKind::Contact, id, &[("city", json!("Gouda"))]);
    a.set(RecordKind::Contact, id, &[("city", json!("Ede"))]);
    b.sync().await;
    a.sync().await;
    let conflict = a.ws.conflicts().unwrap().remove(0);
    a.ws.resolve_conflict(
        conflict.id,
        Resolution::Edit {
            value: json!("Gouda-Ede"),
        },
    )
    .unwrap();
    a.sync().await;
    b.sync().await;

    let state = server_state(&server.url).await;
    assert_eq!(everything(&a), state);
    assert_eq!(everything(&b), state);
    assert_eq!(contact(&b, id).city.as_deref(), Some("Gouda-Ede"));
    assert_eq!(a.ws.status().conflicts + b.ws.status().conflicts, 0);
}

#[tokio::test]
async fn delete_against_edit_is_a_conflict_both_ways() {
    in_keyring_session!("delete_against_edit_is_a_conflict_both_ways");
    let server = Server::start_demo();
    let a = signed_in(&server.url).await;
    let b = signed_in(&server.url).await;
    let org = first_org(&a);
    let ids: Vec<Uuid> =
        a.ws.records(Some(org), RecordKind::Contact)
            .unwrap()
            .iter()
            .map(|r| r.record.id())
            .collect();
    let (first, second) = (ids[0], ids[1]);

    // A deletes, B edited first: A's delete conflicts; A keeps mine → gone.
    b.set(RecordKind::Contact, first, &[("city", json!("Alphen"))]);
    b.sync().await;
    a.ws.delete(RecordKind::Contact, first).unwrap();
    a.sync().await;
    let conflict = a.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::ChangedSinceBase);
    assert!(
        a.ws.record(RecordKind::Contact, first).is_ok(),
        "the changed record is back until decided"
    );
    a.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    a.sync().await;
    b.sync().await;
    assert!(
        b.ws.record(RecordKind::Contact, first).is_err(),
        "deleted on B too"
    );

    // B edits, A deleted first: B's edit conflicts with the delete; B takes theirs.
    a.ws.delete(RecordKind::Contact, second).unwrap();
    a.sync().await;
    b.set(RecordKind::Contact, second, &[("city", json!("Katwijk"))]);
    b.sync().await;
    let conflict = b.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::Deleted);
    assert_eq!(conflict.yours["city"], json!("Katwijk"));
    b.ws.resolve_conflict(conflict.id, Resolution::TakeTheirs)
        .unwrap();
    b.sync().await;
    let state = server_state(&server.url).await;
    assert_eq!(everything(&a), state);
    assert_eq!(everything(&b), state);
}

#[tokio::test]
async fn the_file_on_disk_holds_no_signup_email_in_plain_text() {
    in_keyring_session!("the_file_on_disk_holds_no_signup_email_in_plain_text");
    let server = Server::start_demo();
    let c = signed_in(&server.url).await;
    let org = first_org(&c);
    let emails: Vec<String> =
        c.ws.records(Some(org), RecordKind::Signup)
            .unwrap()
            .into_iter()
            .filter_map(|r| match r.record {
                Record::Signup(s) => match s.answers.get("email") {
                    Some(kaart_api::records::AnswerValue::Text(e)) => Some(e.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
    assert!(
        !emails.is_empty(),
        "the demo set has sign-ups with an e-mail address"
    );
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(c.dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(bytes.len() > 4096);
    for email in &emails {
        assert!(
            !bytes.windows(email.len()).any(|w| w == email.as_bytes()),
            "a sign-up's e-mail address is readable in the store's files"
        );
    }
    // The session token is not on disk either (only in the keyring).
    let store_id = kaart_core::store::identity::read(c.dir.path())
        .unwrap()
        .expect("the store has an id");
    let token = keyring::Entry::new(&format!("{}.sync", c.app_id), &store_id.token_entry())
        .unwrap()
        .get_password()
        .expect("the session token is in the real keyring");
    assert!(token.len() >= 32, "a real token");
    assert!(
        !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
        "the session token is readable in the store's files"
    );
}

#[tokio::test]
async fn missing_or_wrong_keyring_entry_is_refused_and_the_store_untouched() {
    in_keyring_session!("missing_or_wrong_keyring_entry_is_refused_and_the_store_untouched");
    let server = Server::start_demo();
    let c = signed_in(&server.url).await;
    let (dir, app_id) = (c.dir, c.app_id);
    drop(c.ws);
    let db = dir.path().join(kaart_core::store::DB_FILE);
    let before = std::fs::read(&db).unwrap();
    let store_id = kaart_core::store::identity::read(dir.path())
        .unwrap()
        .expect("the store has an id");
    let entry = keyring::Entry::new(&format!("{app_id}.sync"), &store_id.key_entry()).unwrap();
    let key = entry
        .get_password()
        .expect("the store key is in the real keyring");

    entry.delete_credential().unwrap();
    let config = kaart_core::WorkspaceConfig::new(dir.path(), &app_id, &server.url);
    let err = app_error(kaart_core::Workspace::open(config.clone()).unwrap_err());
    assert_eq!(err.code, ErrorCode::StoreKeyLost);
    assert!(err.message.contains("sleutel"), "{}", err.message);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the store is untouched"
    );
    assert!(
        matches!(entry.get_password(), Err(keyring::Error::NoEntry)),
        "no new key was made"
    );

    entry.set_password(&kaart_core::store::new_key()).unwrap();
    let err = app_error(kaart_core::Workspace::open(config.clone()).unwrap_err());
    assert_eq!(err.code, ErrorCode::StoreKeyLost);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the store is untouched"
    );

    entry.set_password(&key).unwrap();
    let back = kaart_core::Workspace::open(config.clone()).expect("the right key opens it again");
    assert!(!back.records(None, RecordKind::Contact).unwrap().is_empty());
    drop(back);
    let before = std::fs::read(&db).unwrap();
    let refused =
        app_error(kaart_core::Workspace::set_aside_unreadable_store(&config).unwrap_err());
    assert_eq!(
        refused.code,
        ErrorCode::InvalidInput,
        "a readable store is not set aside"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // The key is lost for good: the manager chooses to start again. The old
    // file is kept, byte for byte, and a new store opens and syncs.
    entry.delete_credential().unwrap();
    let aside = kaart_core::Workspace::set_aside_unreadable_store(&config).unwrap();
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        before,
        "set aside, not deleted"
    );
    let fresh = kaart_core::Workspace::open(config).expect("a new store opens");
    assert!(fresh.records(None, RecordKind::Contact).unwrap().is_empty());
}

#[tokio::test]
async fn sign_out_revokes_the_token_and_can_wipe_local_data() {
    in_keyring_session!("sign_out_revokes_the_token_and_can_wipe_local_data");
    let server = Server::start_demo();
    let c = signed_in(&server.url).await;
    let store_id = kaart_core::store::identity::read(c.dir.path())
        .unwrap()
        .expect("the store has an id");
    let token_entry =
        keyring::Entry::new(&format!("{}.sync", c.app_id), &store_id.token_entry()).unwrap();
    let token = token_entry
        .get_password()
        .expect("the token is in the keyring");
    c.ws.sign_out(false).await.unwrap();
    assert!(matches!(
        token_entry.get_password(),
        Err(keyring::Error::NoEntry)
    ));
    assert!(
        !c.ws.records(None, RecordKind::Contact).unwrap().is_empty(),
        "data kept"
    );
    // The revoked token no longer works.
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/me", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    c.ws.sign_in("demo", "demo").await.unwrap();
    c.sync().await;
    c.ws.sign_out(true).await.unwrap();
    assert!(
        c.ws.records(None, RecordKind::Contact).unwrap().is_empty(),
        "data wiped"
    );
    assert!(c.ws.organizations().unwrap().is_empty());
    assert_eq!(
        app_error(c.ws.sync_now().await.unwrap_err()).code,
        ErrorCode::NotSignedIn
    );
}

#[tokio::test]
async fn profile_and_organisation_edits_reach_their_endpoints() {
    in_keyring_session!("profile_and_organisation_edits_reach_their_endpoints");
    let server = Server::start_demo();
    let c = signed_in(&server.url).await;
    let org = first_org(&c);
    let profile = c.ws.records(None, RecordKind::Profile).unwrap()[0]
        .record
        .id();
    c.set(
        RecordKind::Profile,
        profile,
        &[("note", json!("Op vrijdag vrij."))],
    );
    c.set(
        RecordKind::Organization,
        org,
        &[("visiting_city", json!("Leiden"))],
    );
    c.sync().await;
    assert_eq!(c.ws.status().pending_edits, 0);
    let fresh = signed_in(&server.url).await;
    let Record::Profile(p) = fresh
        .ws
        .record(RecordKind::Profile, profile)
        .unwrap()
        .record
    else {
        panic!()
    };
    assert_eq!(p.note.as_deref(), Some("Op vrijdag vrij."));
    let Record::Organization(o) = fresh
        .ws
        .record(RecordKind::Organization, org)
        .unwrap()
        .record
    else {
        panic!()
    };
    assert_eq!(o.visiting_city.as_deref(), Some("Leiden"));
}
