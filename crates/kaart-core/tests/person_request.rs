//! A data subject's request end to end against the real central service
//! (in-process on 127.0.0.1) and the real keyring: a person who signed up
//! through the public form of one organisation, was seeded as a sign-up of
//! another and is a contact person of the second, is found by a spelling
//! without accents, by e-mail and by phone; the findings are exported as JSON
//! and CSV and read back by Python's own `json` and `csv`; then erased. After
//! a sync the service no longer has them (a second client pulling from
//! scratch finds nothing) and the decrypted pages of this computer's store
//! do not hold their words. The request log holds dates and counts only.
//! A sign-up's answers are corrected offline, refused here when they break
//! the activity's form, and synced to the service and a second client.

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{Duration, Utc};
use kaart_api::records::{
    Activity, AnswerValue, Contact, FieldType, FormField, Record, Signup, SignupStatus,
};
use kaart_core::person_request::export::PersonExportFormat;
use kaart_core::person_request::log::RequestKind;
use kaart_core::person_request::{MatchedBy, PersonCounts, PersonQuery, PersonSelection};
use kaart_core::secrets::{OsKeyring, SecretStore};
use kaart_core::store::identity;
use serde_json::{json, Value};
use support::service::TestService;
use support::sqlcipher::{bytes_hold, plaintext_pages};
use support::TestClient;
use uuid::Uuid;

const NAME: &str = "Zoë Çelik";
const EMAIL: &str = "zoe.celik@example.org";
/// The contact person's own address (work), different from the sign-ups'.
const WORK_EMAIL: &str = "z.celik@buurtwerk.example.nl";

fn activity(org: Uuid, title: &str) -> Activity {
    support::seed::published_activity(
        org,
        title,
        Utc::now() + Duration::days(10),
        vec![
            FormField {
                required: true,
                ..FormField::optional("naam", "Naam", FieldType::Text)
            },
            FormField::optional("email", "E-mailadres", FieldType::Email),
            FormField::optional("telefoon", "Telefoonnummer", FieldType::Phone),
            FormField {
                options: vec!["Geen".into(), "Vegetarisch".into()],
                ..FormField::optional("dieet", "Dieetwens", FieldType::Choice)
            },
        ],
    )
}

fn signup(a: &Activity, name: &str, email: &str) -> Signup {
    Signup {
        id: Uuid::now_v7(),
        organization_id: a.organization_id,
        activity_id: a.id,
        submitted_at: Utc::now() - Duration::days(2),
        answers: BTreeMap::from([
            ("naam".to_string(), AnswerValue::Text(name.into())),
            ("email".to_string(), AnswerValue::Text(email.into())),
        ]),
        status: SignupStatus::Registered,
    }
}

struct Seeded {
    first: Activity,
    second_org: Uuid,
    contact: Uuid,
    seeded_signup: Uuid,
}

/// Manager `anna` with two organisations: the first with an activity, the
/// second with an activity, a sign-up of the person, a contact person who
/// is the person, and others with similar names.
fn start() -> (TestService, Seeded) {
    let (first_org, second_org) = (Uuid::now_v7(), Uuid::now_v7());
    let mut seeded = None;
    let server = TestService::start(|conn| {
        let today = Utc::now().date_naive();
        let mut gen = kaart_server::generate::Gen::new(11);
        let insert = |record: Record| kaart_server::store::insert(conn, &record, 1);
        for org in [first_org, second_org] {
            insert(Record::Organization(gen.organization(org, today)))?;
        }
        let first = activity(first_org, "Buurtmaaltijd");
        let second = activity(second_org, "Taalcafé");
        insert(Record::Activity(first.clone()))?;
        insert(Record::Activity(second.clone()))?;
        let person = signup(&second, NAME, EMAIL);
        insert(Record::Signup(person.clone()))?;
        insert(Record::Signup(signup(
            &second,
            "Zoë Pieters",
            "zp@example.org",
        )))?;
        insert(Record::Signup(signup(
            &first,
            "Celik Bakker",
            "cb@example.org",
        )))?;
        let mut contact = Contact::named(Uuid::now_v7(), second_org, NAME);
        contact.email = Some(WORK_EMAIL.into());
        contact.phone = Some("+31 6 1234 5678".into());
        insert(Record::Contact(contact.clone()))?;
        insert(Record::Contact(Contact::named(
            Uuid::now_v7(),
            first_org,
            "Zoe Vermeulen",
        )))?;
        kaart_server::accounts::create_manager(
            conn,
            Uuid::now_v7(),
            "anna",
            "Anna",
            &kaart_server::accounts::hash_password("anna")?,
        )?;
        kaart_server::accounts::grant(conn, "anna", first_org)?;
        kaart_server::accounts::grant(conn, "anna", second_org)?;
        seeded = Some(Seeded {
            first,
            second_org,
            contact: contact.id,
            seeded_signup: person.id,
        });
        Ok(())
    });
    (server, seeded.unwrap())
}

fn python(script: &str, args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/readback")
        .join(script);
    let out = Command::new("/usr/bin/python3")
        .arg(&script)
        .args(args)
        .output()
        .expect("/usr/bin/python3 runs");
    assert!(
        out.status.success(),
        "{script:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn query(name: &str, email: &str, phone: &str) -> PersonQuery {
    PersonQuery {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
    }
}

#[tokio::test]
async fn a_person_is_found_exported_and_erased_everywhere() {
    in_keyring_session!("a_person_is_found_exported_and_erased_everywhere");
    let (server, seeded) = start();

    // The person signs up through the public form of the first organisation.
    let response = reqwest::Client::new()
        .post(format!(
            "{}{}",
            server.url,
            kaart_api::routes::public_signups(seeded.first.id)
        ))
        .json(&json!({ "answers": {
            "naam": NAME, "email": EMAIL, "telefoon": "06-12345678"
        } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let receipt: kaart_api::public::SignupReceipt = response.json().await.unwrap();

    let c = TestClient::open(&server.url);
    c.ws.sign_in("anna", "anna").await.unwrap();
    c.sync().await;

    // The request comes in and is logged (kind and date only).
    let request =
        c.ws.add_person_request(RequestKind::Erasure, kaart_core::review::today())
            .unwrap();
    assert!(request.handled_on.is_none());

    // Found by a spelling without accents: both sign-ups and the contact,
    // never the people with only one of the two names.
    let found = c.ws.find_person(query("zoe celik", "", "")).unwrap();
    assert_eq!((found.contacts_total, found.signups_total), (1, 2));
    assert_eq!(found.contacts[0].record.record.id(), seeded.contact);
    assert_eq!(found.contacts[0].organization_id, seeded.second_org);
    let mut signup_ids: Vec<Uuid> = found.signups.iter().map(|s| s.id).collect();
    signup_ids.sort();
    let mut expected = vec![receipt.signup_id, seeded.seeded_signup];
    expected.sort();
    assert_eq!(signup_ids, expected);
    let public = found
        .signups
        .iter()
        .find(|s| s.id == receipt.signup_id)
        .unwrap();
    assert_eq!(public.activity_title, "Buurtmaaltijd");
    assert_eq!(public.answers[0].question, "Naam");
    assert_eq!(public.matched_by, [MatchedBy::Name]);

    // By e-mail (any case) the sign-ups; by phone (other notation) the
    // contact and the sign-up that gave the number.
    let by_email =
        c.ws.find_person(query("", "ZOE.Celik@example.org", ""))
            .unwrap();
    assert_eq!((by_email.contacts_total, by_email.signups_total), (0, 2));
    let by_phone = c.ws.find_person(query("", "", "+31 6 12345678")).unwrap();
    assert_eq!((by_phone.contacts_total, by_phone.signups_total), (1, 1));
    assert_eq!(by_phone.signups[0].id, receipt.signup_id);
    assert_eq!(by_phone.contacts[0].matched_by, [MatchedBy::Phone]);

    // Exported, and read back by Python's own readers.
    let selection = PersonSelection {
        contacts: vec![seeded.contact],
        signups: signup_ids.clone(),
    };
    let out = tempfile::tempdir().unwrap();
    let json_path = out.path().join("gegevens.json");
    let counts =
        c.ws.export_person(
            selection.clone(),
            PersonExportFormat::Json,
            json_path.clone(),
        )
        .unwrap();
    assert_eq!(
        counts,
        PersonCounts {
            contacts: 1,
            signups: 2
        }
    );
    let doc = python("read_json.py", &[json_path.to_str().unwrap()]);
    assert_eq!(doc["format"], "kaartbeheer-persoonsgegevens/1");
    assert_eq!(doc["contact_persons"][0]["contact_person"]["name"], NAME);
    assert_eq!(
        doc["contact_persons"][0]["contact_person"]["email"],
        WORK_EMAIL
    );
    let sign_ups = doc["sign_ups"].as_array().unwrap();
    assert_eq!(sign_ups.len(), 2);
    for s in sign_ups {
        let answers = s["answers"].as_array().unwrap();
        assert!(answers.contains(&json!({"key": "naam", "question": "Naam", "answer": NAME})));
        assert!(
            answers.contains(&json!({"key": "email", "question": "E-mailadres", "answer": EMAIL}))
        );
    }

    let csv_path = out.path().join("gegevens.csv");
    c.ws.export_person(selection.clone(), PersonExportFormat::Csv, csv_path.clone())
        .unwrap();
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let rows: Vec<Vec<String>> = serde_json::from_value(
        python("read_export.py", &["csv", csv_path.to_str().unwrap(), ";"])["rows"].clone(),
    )
    .unwrap();
    assert_eq!(
        rows[0],
        [
            "soort",
            "organisatie",
            "activiteit",
            "datum activiteit",
            "veld",
            "waarde"
        ]
    );
    let has = |soort: &str, veld: &str, waarde: &str| {
        rows.iter()
            .any(|r| r[0] == soort && r[4] == veld && r[5] == waarde)
    };
    assert!(has("contactpersoon", "name", NAME));
    assert!(has("contactpersoon", "phone", "+31 6 1234 5678"));
    assert!(has("aanmelding", "Naam", NAME));
    assert!(has("aanmelding", "Telefoonnummer", "06-12345678"));
    assert!(rows
        .iter()
        .any(|r| r[0] == "aanmelding" && r[2] == "Taalcafé" && r[5] == EMAIL));

    // The decrypted store holds the person now, so their absence later
    // proves something.
    let db = c.dir.path().join(kaart_core::store::DB_FILE);
    let store_id = identity::read(c.dir.path()).unwrap().unwrap();
    let key = OsKeyring::new(&c.app_id)
        .get(&store_id.key_entry())
        .unwrap()
        .unwrap();
    assert!(bytes_hold(&plaintext_pages(&db, &key), EMAIL));
    assert!(bytes_hold(&plaintext_pages(&db, &key), WORK_EMAIL));

    // Erased: gone from every screen at once, deletions waiting to sync.
    let erased = c.ws.erase_person(selection).unwrap();
    assert_eq!(erased, counts);
    assert_eq!(c.ws.status().pending_edits, 3);
    let after = c.ws.find_person(query(NAME, EMAIL, "0612345678")).unwrap();
    assert_eq!((after.contacts_total, after.signups_total), (0, 0));
    let handled = c.ws.handle_person_request(request.id, erased).unwrap();
    assert_eq!(handled.counts, erased);

    c.sync().await;
    assert_eq!(c.ws.status().pending_edits, 0);

    // The service has them no more: another client, pulling everything.
    let other = TestClient::open(&server.url);
    other.ws.sign_in("anna", "anna").await.unwrap();
    other.sync().await;
    let there = other
        .ws
        .find_person(query("zoe celik", EMAIL, "06 12345678"))
        .unwrap();
    assert_eq!((there.contacts_total, there.signups_total), (0, 0));
    let others = other.ws.find_person(query("zoe", "", "")).unwrap();
    assert_eq!(
        (others.contacts_total, others.signups_total),
        (1, 1),
        "Zoe Vermeulen and Zoë Pieters stay"
    );

    // And this computer's files hold none of their words.
    let pages = plaintext_pages(&db, &key);
    for fragment in [EMAIL, WORK_EMAIL, "Çelik", "12345678", "1234 5678"] {
        assert!(
            !bytes_hold(&pages, fragment),
            "'{fragment}' is still in the database files"
        );
    }
    // The log: dates and counts, nothing searched for.
    let log = serde_json::to_string(&c.ws.person_requests().unwrap()).unwrap();
    for searched in ["zoe", "Zoë", "celik", "Çelik", EMAIL, "12345678"] {
        assert!(!log.contains(searched), "the log holds '{searched}'");
    }
    assert!(log.contains("\"erasure\""));
}

#[tokio::test]
async fn a_sign_up_is_corrected_offline_and_reaches_the_service() {
    in_keyring_session!("a_sign_up_is_corrected_offline_and_reaches_the_service");
    let (server, seeded) = start();
    // A manager of the first organisation only.
    {
        let conn = server.conn();
        kaart_server::accounts::create_manager(
            &conn,
            Uuid::now_v7(),
            "bram",
            "Bram",
            &kaart_server::accounts::hash_password("bram").unwrap(),
        )
        .unwrap();
        kaart_server::accounts::grant(&conn, "bram", seeded.first.organization_id).unwrap();
    }
    let c = TestClient::open(&server.url);
    c.ws.sign_in("anna", "anna").await.unwrap();
    c.sync().await;
    let answers =
        |found: &kaart_core::person_request::FoundSignup| -> BTreeMap<String, AnswerValue> {
            found
                .answers
                .iter()
                .map(|a| (a.key.clone(), a.answer.clone()))
                .collect()
        };
    let person = c.ws.find_person(query("", EMAIL, "")).unwrap();
    let found = person
        .signups
        .iter()
        .find(|s| s.id == seeded.seeded_signup)
        .unwrap();
    let before = answers(found);

    // Offline: the same store opened against a service that does not answer.
    let TestClient { ws, dir, app_id } = c;
    drop(ws);
    let c = TestClient::open_at(dir, app_id, "http://127.0.0.1:9");

    // A correction that breaks the form is refused here, naming the
    // answers, and nothing is queued.
    let mut broken = before.clone();
    broken.remove("naam");
    broken.insert("dieet".into(), AnswerValue::Text("Vis".into()));
    let refused =
        c.ws.correct_signup_answers(seeded.seeded_signup, broken)
            .unwrap_err();
    let kaart_core::CoreError::InvalidFields(errors) = &refused else {
        panic!("{refused:?}")
    };
    let named: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(named.contains(&("answers.naam", "required")), "{named:?}");
    assert!(
        named.contains(&("answers.dieet", "invalid_choice")),
        "{named:?}"
    );
    let message = kaart_core::ipc::AppError::from(refused).message;
    assert!(message.contains("Naam"), "the question is named: {message}");
    assert!(!message.contains(EMAIL), "no answer in the message");
    assert_eq!(c.ws.status().pending_edits, 0, "nothing queued");
    assert!(
        c.ws.person_requests().unwrap().is_empty(),
        "a refused correction is not logged"
    );

    // A good correction is queued offline and shows at once.
    let mut corrected = before.clone();
    corrected.insert("naam".into(), AnswerValue::Text("Zoë Çelik-Jansen".into()));
    corrected.insert("telefoon".into(), AnswerValue::Text("06 87654321".into()));
    corrected.insert("dieet".into(), AnswerValue::Text("Vegetarisch".into()));
    c.ws.correct_signup_answers(seeded.seeded_signup, corrected.clone())
        .unwrap();
    assert_eq!(c.ws.status().pending_edits, 1);
    assert!(c.ws.sync_now().await.is_err(), "offline");
    let shown = c.ws.find_person(query("", EMAIL, "")).unwrap();
    let shown = shown
        .signups
        .iter()
        .find(|s| s.id == seeded.seeded_signup)
        .unwrap();
    assert_eq!(answers(shown), corrected);
    // The log records the correction: a count, never what changed.
    let log = c.ws.person_requests().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, RequestKind::Rectification);
    assert_eq!(log[0].counts.signups, 1);
    assert!(!serde_json::to_string(&log).unwrap().contains("Jansen"));

    // Back online: the sync takes it to the service.
    let TestClient { ws, dir, app_id } = c;
    drop(ws);
    let c = TestClient::open_at(dir, app_id, &server.url);
    c.sync().await;
    assert_eq!(c.ws.status().pending_edits, 0);
    assert_eq!(c.ws.status().rejected_edits, 0);

    // A second client pulling everything sees the corrected answers.
    let other = TestClient::open(&server.url);
    other.ws.sign_in("anna", "anna").await.unwrap();
    other.sync().await;
    let there = other
        .ws
        .find_person(query("", "", "+31 6 8765 4321"))
        .unwrap();
    assert_eq!(there.signups_total, 1, "found by the corrected number");
    assert_eq!(there.signups[0].id, seeded.seeded_signup);
    assert_eq!(answers(&there.signups[0]), corrected);

    // A manager of another organisation does not have it to correct.
    let stranger = TestClient::open(&server.url);
    stranger.ws.sign_in("bram", "bram").await.unwrap();
    stranger.sync().await;
    let mut theirs = corrected.clone();
    theirs.insert("naam".into(), AnswerValue::Text("Overgenomen".into()));
    assert!(matches!(
        stranger
            .ws
            .correct_signup_answers(seeded.seeded_signup, theirs),
        Err(kaart_core::CoreError::NotFound)
    ));
    assert_eq!(stranger.ws.status().pending_edits, 0);
}
