//! The sign-up list and the activity list, as the window asks for them:
//! sign-ups seeded into the real in-process `kaart-server` (and one made
//! through its public route), pulled by a real sync into the encrypted store
//! (real keyring), then paged, sorted, filtered and searched (FTS5:
//! diacritics and prefixes) with the core's queries; local cancels and
//! deletes count before they are synced. An unsubscribe through the public
//! link removes the person from the list, from the search index and from the
//! bytes of the database files (read back by decrypting every page).

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use kaart_api::records::{
    Activity, AnswerValue, FieldType, FormField, Record, RecordKind, Signup, SignupStatus,
};
use kaart_core::activity_list::{ActivityPeriod, ActivityQuery, ActivitySort};
use kaart_core::secrets::{OsKeyring, SecretStore};
use kaart_core::signup_list::{SignupPage, SignupQuery, SignupScope, SignupSortColumn};
use kaart_core::store::identity;
use rusqlite::Connection;
use serde_json::json;
use support::service::TestService;
use support::sqlcipher::{bytes_hold, plaintext_pages};
use support::TestClient;
use uuid::Uuid;

/// The named people on the upcoming activity, in the order they signed up.
const NAMED: &[&str] = &[
    "Zoë Jansen",
    "Jan de Vries",
    "Janneke Bakker",
    "Mohammed El Amrani",
    "anna Smit",
    "Émile Ørsted",
];
/// Filler sign-ups after the named ones.
const FILLER: usize = 40;

fn activity(id: Uuid, org: Uuid, title: &str, starts_at: DateTime<Utc>) -> Activity {
    let form = vec![
        FormField::optional("naam", "Naam", FieldType::Text),
        FormField::optional("email", "E-mailadres", FieldType::Email),
        FormField::optional("leeftijd", "Leeftijd", FieldType::Number),
    ];
    Activity {
        id,
        capacity: Some(50),
        ..support::seed::published_activity(org, title, starts_at, form)
    }
}

fn signup(org: Uuid, activity: Uuid, n: usize, name: &str, status: SignupStatus) -> Signup {
    let mut answers = BTreeMap::new();
    answers.insert("naam".into(), AnswerValue::Text(name.into()));
    answers.insert(
        "email".into(),
        AnswerValue::Text(format!("persoon{n}@example.org")),
    );
    answers.insert("leeftijd".into(), AnswerValue::Number((20 + n % 50) as f64));
    Signup {
        id: Uuid::now_v7(),
        organization_id: org,
        activity_id: activity,
        submitted_at: Utc::now() - Duration::hours(100) + Duration::minutes(n as i64),
        answers,
        status,
    }
}

struct Seeded {
    upcoming: Uuid,
    past: Uuid,
}

fn seed(conn: &mut Connection, org: Uuid) -> anyhow::Result<Seeded> {
    let ids = Seeded {
        upcoming: Uuid::now_v7(),
        past: Uuid::now_v7(),
    };
    let insert = |conn: &Connection, record: Record| -> anyhow::Result<()> {
        kaart_server::store::insert(conn, &record, 1)?;
        Ok(())
    };
    let soon = Utc::now() + Duration::days(7);
    insert(
        conn,
        Record::Activity(activity(ids.upcoming, org, "Buurtmaaltijd", soon)),
    )?;
    let gone = Utc::now() - Duration::days(3);
    insert(
        conn,
        Record::Activity(activity(ids.past, org, "Wandeling", gone)),
    )?;
    for (n, name) in NAMED.iter().enumerate() {
        let status = if name.starts_with("anna") {
            SignupStatus::Cancelled
        } else {
            SignupStatus::Registered
        };
        insert(
            conn,
            Record::Signup(signup(org, ids.upcoming, n, name, status)),
        )?;
    }
    for n in 0..FILLER {
        let name = format!("Deelnemer {n:02}");
        let s = signup(
            org,
            ids.upcoming,
            NAMED.len() + n,
            &name,
            SignupStatus::Registered,
        );
        insert(conn, Record::Signup(s))?;
    }
    for (n, name) in ["Zoe Pieters", "Kees Jansma"].iter().enumerate() {
        let s = signup(org, ids.past, 100 + n, name, SignupStatus::Registered);
        insert(conn, Record::Signup(s))?;
    }
    Ok(ids)
}

/// The service seeded with [`seed`] for manager `anna`, and a client signed
/// in as her that has synced it all.
async fn seeded_and_synced() -> (TestService, Uuid, Seeded, TestClient) {
    let mut seeded = None;
    let (server, org) = TestService::one_organization_with("anna", |conn, org| {
        seeded = Some(seed(conn, org)?);
        Ok(())
    });
    let c = TestClient::open(&server.url);
    c.ws.sign_in("anna", "anna").await.unwrap();
    c.sync().await;
    (server, org, seeded.unwrap(), c)
}

fn query(scope: SignupScope) -> SignupQuery {
    SignupQuery {
        scope,
        status: None,
        search: String::new(),
        sort: SignupSortColumn::SubmittedAt,
        descending: false,
        offset: 0,
        limit: 100,
    }
}

fn names(page: &SignupPage) -> Vec<String> {
    page.rows
        .iter()
        .map(|r| match &r.record {
            Record::Signup(s) => match s.answers.get("naam") {
                Some(AnswerValue::Text(t)) => t.clone(),
                other => panic!("a name answer, got {other:?}"),
            },
            other => panic!("a sign-up, got {:?}", other.kind()),
        })
        .collect()
}

fn search(c: &TestClient, scope: SignupScope, words: &str) -> Vec<String> {
    let mut names = names(
        &c.ws
            .signup_page(SignupQuery {
                search: words.into(),
                ..query(scope)
            })
            .unwrap(),
    );
    names.sort();
    names
}

#[tokio::test]
async fn pages_sorts_filters_and_searches_the_signups_of_an_activity() {
    in_keyring_session!("pages_sorts_filters_and_searches_the_signups_of_an_activity");
    let (_server, org, ids, c) = seeded_and_synced().await;
    let one = SignupScope::Activity(ids.upcoming);
    let total = NAMED.len() + FILLER;

    // Paging: three pages of 20 make the whole list, in sign-up order.
    let mut seen = Vec::new();
    for offset in [0, 20, 40] {
        let page =
            c.ws.signup_page(SignupQuery {
                offset,
                limit: 20,
                ..query(one)
            })
            .unwrap();
        assert_eq!(page.total as usize, total, "total on every page");
        seen.extend(names(&page));
    }
    assert_eq!(seen.len(), total, "the pages hold every sign-up once");
    assert_eq!(&seen[..NAMED.len()], NAMED, "oldest first");
    assert_eq!(seen[NAMED.len()], "Deelnemer 00");

    assert_eq!(
        c.ws.signup_answer_keys(ids.upcoming).unwrap(),
        ["email", "leeftijd", "naam"]
    );

    // Sorting by an answer: case-insensitive, both ways.
    let by_name = |descending| {
        names(
            &c.ws
                .signup_page(SignupQuery {
                    sort: SignupSortColumn::Answer("naam".into()),
                    descending,
                    limit: 3,
                    ..query(one)
                })
                .unwrap(),
        )
    };
    assert_eq!(
        by_name(false),
        ["anna Smit", "Deelnemer 00", "Deelnemer 01"]
    );
    assert_eq!(by_name(true)[0], "Zoë Jansen");
    assert!(c
        .ws
        .signup_page(SignupQuery {
            sort: SignupSortColumn::Answer("naam') --".into()),
            ..query(one)
        })
        .is_err());

    // Filtering by status.
    let cancelled = |c: &TestClient| {
        names(
            &c.ws
                .signup_page(SignupQuery {
                    status: Some(SignupStatus::Cancelled),
                    ..query(one)
                })
                .unwrap(),
        )
    };
    assert_eq!(cancelled(&c), ["anna Smit"]);

    // Search: diacritics-insensitive, prefixes, all words, one activity or
    // the whole organisation.
    assert_eq!(search(&c, one, "zoe"), ["Zoë Jansen"]);
    assert_eq!(search(&c, one, "ZOË"), ["Zoë Jansen"]);
    assert_eq!(search(&c, one, "emile ørst"), ["Émile Ørsted"]);
    assert_eq!(
        search(&c, one, "jan"),
        ["Jan de Vries", "Janneke Bakker", "Zoë Jansen"]
    );
    assert_eq!(search(&c, one, "jan vri"), ["Jan de Vries"]);
    assert_eq!(search(&c, one, "persoon3@example"), ["Mohammed El Amrani"]);
    assert_eq!(search(&c, one, "\"OR NEAR("), Vec::<String>::new());
    let everywhere = SignupScope::Organization(org);
    assert_eq!(search(&c, everywhere, "zoe"), ["Zoe Pieters", "Zoë Jansen"]);

    // Counts per activity, in SQL.
    let counts = |c: &TestClient, period| {
        c.ws.activity_page(ActivityQuery {
            organization: Some(org),
            period,
            search: String::new(),
            sort: ActivitySort::StartsAt,
            descending: false,
            offset: 0,
            limit: 100,
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|row| (row.id, row.counts))
        .collect::<BTreeMap<_, _>>()
    };
    let all = counts(&c, ActivityPeriod::All);
    let up = all[&ids.upcoming];
    assert_eq!((up.registered, up.cancelled), (total as u32 - 1, 1));
    assert_eq!(up.places_left, Some(50 - (total as u32 - 1)));
    assert!(!up.full);
    assert_eq!(all[&ids.past].registered, 2);
    assert_eq!(
        counts(&c, ActivityPeriod::Upcoming)
            .keys()
            .collect::<Vec<_>>(),
        [&ids.upcoming]
    );
    assert_eq!(
        counts(&c, ActivityPeriod::Past).keys().collect::<Vec<_>>(),
        [&ids.past]
    );

    // Local edits count before they are synced: one cancelled, one deleted.
    let id_of = |name: &str| {
        c.ws.signup_page(SignupQuery {
            search: name.into(),
            ..query(one)
        })
        .unwrap()
        .rows[0]
            .record
            .id()
    };
    c.set(
        RecordKind::Signup,
        id_of("Jan de Vries"),
        &[("status", json!("cancelled"))],
    );
    c.ws.delete(RecordKind::Signup, id_of("Janneke")).unwrap();
    assert_eq!(cancelled(&c), ["Jan de Vries", "anna Smit"]);
    assert_eq!(search(&c, one, "jan"), ["Jan de Vries", "Zoë Jansen"]);
    let up = counts(&c, ActivityPeriod::All)[&ids.upcoming];
    assert_eq!((up.registered, up.cancelled), (total as u32 - 3, 2));
    // …and after the sync they still stand, now as the service's.
    c.sync().await;
    assert_eq!(cancelled(&c), ["Jan de Vries", "anna Smit"]);
    assert_eq!(search(&c, one, "jan"), ["Jan de Vries", "Zoë Jansen"]);

    // Deleting all sign-ups: refused while the activity is upcoming, done
    // once it is over.
    assert!(c.ws.delete_signups_of(ids.upcoming).is_err());
    assert_eq!(c.ws.delete_signups_of(ids.past).unwrap(), 2);
    assert_eq!(counts(&c, ActivityPeriod::Past)[&ids.past].registered, 0);
    c.sync().await;
    assert_eq!(
        search(&c, everywhere, "zoe"),
        ["Zoë Jansen"],
        "gone after sync"
    );
}

#[tokio::test]
async fn an_unsubscribed_person_is_gone_from_the_list_the_index_and_the_files() {
    in_keyring_session!("an_unsubscribed_person_is_gone_from_the_list_the_index_and_the_files");
    let (server, org, ids, c) = seeded_and_synced().await;
    let one = SignupScope::Activity(ids.upcoming);

    // A person signs up through the public form.
    let name = "Xaveria Quistorp-Ëlberink";
    let response = reqwest::Client::new()
        .post(format!(
            "{}{}",
            server.url,
            kaart_api::routes::public_signups(ids.upcoming)
        ))
        .json(&json!({ "answers": { "naam": name, "email": "xq@example.org" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let receipt: kaart_api::public::SignupReceipt = response.json().await.unwrap();
    c.sync().await;
    assert_eq!(search(&c, one, "xaveria"), [name]);

    let db = c.dir.path().join(kaart_core::store::DB_FILE);
    let store_id = identity::read(c.dir.path()).unwrap().unwrap();
    let key = OsKeyring::new(&c.app_id)
        .get(&store_id.key_entry())
        .unwrap()
        .unwrap();
    // The reader must be able to see the person while they are there, or
    // their absence later proves nothing.
    assert!(
        bytes_hold(&plaintext_pages(&db, &key), "Quistorp"),
        "the decrypted pages hold the sign-up before the unsubscribe"
    );

    // They follow the unsubscribe link and confirm.
    let confirm = reqwest::Client::new()
        .post(&receipt.unsubscribe_url)
        .send()
        .await
        .unwrap();
    assert!(confirm.status().is_success(), "{}", confirm.status());
    c.sync().await;

    assert_eq!(search(&c, one, "xaveria"), Vec::<String>::new());
    assert!(c.ws.record(RecordKind::Signup, receipt.signup_id).is_err());
    let removals = c.ws.signup_removals(org).unwrap();
    assert_eq!(removals.count, 1, "the removal is counted");
    assert!(removals.since.is_some());
    let pages = plaintext_pages(&db, &key);
    for fragment in [
        "Quistorp",
        "Xaveria",
        "quistorp",
        "xaveria",
        "xq@example.org",
    ] {
        assert!(
            !bytes_hold(&pages, fragment),
            "'{fragment}' is still in the database files"
        );
    }
    // The rest is still there and readable.
    assert_eq!(search(&c, one, "zoe"), ["Zoë Jansen"]);
}

/// Pull pages fill the search index in bulk (`store::search`), not row by
/// row: a first sync over several small pages, the next sync bringing a new
/// sign-up, a local cancel pushed (the row-by-row path) and a full resync
/// (every row written again) each leave every sign-up findable.
#[tokio::test]
async fn search_finds_signups_of_every_pull_page_the_next_sync_and_a_resync() {
    in_keyring_session!("search_finds_signups_of_every_pull_page_the_next_sync_and_a_resync");
    let mut seeded = None;
    let (server, org) = TestService::one_organization_with("anna", |conn, org| {
        seeded = Some(seed(conn, org)?);
        Ok(())
    });
    let ids = seeded.unwrap();
    let c = TestClient::open_with(&server.url, |config| config.page_size = 10);
    c.ws.sign_in("anna", "anna").await.unwrap();
    let first = c.ws.sync_now().await.unwrap();
    assert!(first.pages >= 5, "several pages: {}", first.pages);
    let everywhere = SignupScope::Organization(org);
    let found = |words: &str| {
        c.ws.signup_page(SignupQuery {
            search: words.into(),
            ..query(everywhere)
        })
        .unwrap()
        .total
    };
    // Seeded first and last: the first pull page and the last.
    assert_eq!(search(&c, everywhere, "zoe"), ["Zoe Pieters", "Zoë Jansen"]);
    assert_eq!(found("deelnemer"), FILLER as u32);
    assert_eq!(search(&c, everywhere, "kees"), ["Kees Jansma"]);

    // A sign-up made on the website arrives with the next sync.
    let name = "Wolter Ypma";
    let response = reqwest::Client::new()
        .post(format!(
            "{}{}",
            server.url,
            kaart_api::routes::public_signups(ids.upcoming)
        ))
        .json(&json!({ "answers": { "naam": name } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let next = c.ws.sync_now().await.unwrap();
    assert_eq!(next.pulled_changes, 1);
    assert_eq!(search(&c, everywhere, "wolt ypm"), [name]);

    // Cancelled here and pushed: the service's answer is stored row by row.
    let wolter =
        c.ws.signup_page(SignupQuery {
            search: "wolter".into(),
            ..query(everywhere)
        })
        .unwrap()
        .rows[0]
            .record
            .id();
    c.set(
        RecordKind::Signup,
        wolter,
        &[("status", json!("cancelled"))],
    );
    c.sync().await;
    assert_eq!(search(&c, everywhere, "wolter"), [name]);

    // Everything pulled again: the same rows, still found once each.
    c.ws.resync_from_scratch().await.unwrap();
    assert_eq!(search(&c, everywhere, "zoe"), ["Zoe Pieters", "Zoë Jansen"]);
    assert_eq!(search(&c, everywhere, "wolter"), [name]);
    assert_eq!(found("deelnemer"), FILLER as u32);
    assert_eq!(found("persoon"), (NAMED.len() + FILLER + 2) as u32);
}
