//! The retention period on this laptop: sign-ups of an activity that ended
//! longer ago than the policy's retention are deleted locally even while
//! the central service cannot be reached — from the list, the search index
//! and the bytes of the encrypted store's files (read back by decrypting
//! every page with the key from the real keyring).

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use kaart_api::records::{
    Activity, AnswerValue, FieldType, FormField, Record, RecordKind, Signup, SignupStatus,
};
use kaart_core::review::amsterdam_date;
use kaart_core::secrets::{OsKeyring, SecretStore};
use kaart_core::signup_list::{SignupQuery, SignupScope, SignupSortColumn};
use kaart_core::store::identity;
use support::service::TestService;
use support::sqlcipher::{bytes_hold, plaintext_pages};
use support::TestClient;
use uuid::Uuid;

fn activity(org: Uuid, title: &str, ended_days_ago: i64) -> Activity {
    let ends_at = Utc::now() - Duration::days(ended_days_ago);
    support::seed::published_activity(
        org,
        title,
        ends_at - Duration::hours(2),
        vec![
            FormField::optional("naam", "Naam", FieldType::Text),
            FormField::optional("email", "E-mailadres", FieldType::Email),
        ],
    )
}

fn signup(activity: &Activity, name: &str, email: &str) -> Signup {
    Signup {
        id: Uuid::now_v7(),
        organization_id: activity.organization_id,
        activity_id: activity.id,
        submitted_at: activity.starts_at - Duration::days(3),
        answers: BTreeMap::from([
            ("naam".to_string(), AnswerValue::Text(name.into())),
            ("email".to_string(), AnswerValue::Text(email.into())),
        ]),
        status: SignupStatus::Registered,
    }
}

fn search(c: &TestClient, org: Uuid, words: &str) -> u32 {
    c.ws.signup_page(SignupQuery {
        scope: SignupScope::Organization(org),
        status: None,
        search: words.into(),
        sort: SignupSortColumn::SubmittedAt,
        descending: false,
        offset: 0,
        limit: 10,
    })
    .unwrap()
    .total
}

#[tokio::test]
async fn sign_ups_past_retention_leave_the_files_while_offline() {
    in_keyring_session!("sign_ups_past_retention_leave_the_files_while_offline");
    // Default policy: sign-ups are kept 30 days after the activity ends.
    let (mut ending, mut later) = (None, None);
    let (server, org) = TestService::one_organization_with("anna", |conn, org| {
        let a = activity(org, "Wandeling", 29);
        let b = activity(org, "Buurtmaaltijd", 3);
        let insert = |record: Record| kaart_server::store::insert(conn, &record, 1);
        insert(Record::Activity(a.clone()))?;
        insert(Record::Activity(b.clone()))?;
        insert(Record::Signup(signup(
            &a,
            "Philippa Vergetelheid",
            "philippa.vergetelheid@example.org",
        )))?;
        insert(Record::Signup(signup(
            &b,
            "Blijft Bewaard",
            "blijft@example.org",
        )))?;
        ending = Some(a);
        later = Some(b);
        Ok(())
    });
    let (ending, later) = (ending.unwrap(), later.unwrap());
    let c = TestClient::open(&server.url);
    c.ws.sign_in("anna", "anna").await.unwrap();
    c.sync().await;

    let deletes_at = ending.ends_at + Duration::days(30);
    assert_eq!(
        c.ws.signup_retention(ending.id).unwrap(),
        Some(amsterdam_date(deletes_at))
    );
    let soon = c.ws.signup_deletions_within(2).unwrap();
    assert_eq!(soon.len(), 1, "only the activity that ended 29 days ago");
    assert_eq!(
        (soon[0].activity_id, soon[0].organization_id),
        (ending.id, org)
    );

    let db = c.dir.path().join(kaart_core::store::DB_FILE);
    let store_id = identity::read(c.dir.path()).unwrap().unwrap();
    let key = OsKeyring::new(&c.app_id)
        .get(&store_id.key_entry())
        .unwrap()
        .unwrap();
    assert_eq!(search(&c, org, "philippa"), 1);
    // The reader must see the person while they are there, or their
    // absence later proves nothing.
    assert!(bytes_hold(
        &plaintext_pages(&db, &key),
        "philippa.vergetelheid@example.org"
    ));

    // The service goes away; two days later the period is over.
    drop(server);
    let deleted =
        c.ws.purge_expired_signups_at(Utc::now() + Duration::days(2))
            .unwrap();
    assert_eq!(deleted, 1);

    assert_eq!(search(&c, org, "philippa"), 0);
    assert_eq!(c.ws.signup_retention(ending.id).unwrap(), None);
    assert_eq!(c.ws.signup_removals(org).unwrap().count, 1);
    let pages = plaintext_pages(&db, &key);
    for fragment in [
        "philippa.vergetelheid@example.org",
        "Vergetelheid",
        "vergetelheid",
        "Philippa",
    ] {
        assert!(
            !bytes_hold(&pages, fragment),
            "'{fragment}' is still in the database files"
        );
    }
    // The other activity's sign-up stays, readable.
    assert_eq!(search(&c, org, "blijft"), 1);
    assert_eq!(
        c.ws.records(Some(org), RecordKind::Activity).unwrap().len(),
        2,
        "the activities themselves stay"
    );
    assert!(c.ws.signup_retention(later.id).unwrap().is_some());
}
