//! A data subject's request end to end against the real central service
//! (in-process on 127.0.0.1) and the real keyring: a person who signed up
//! through the public form of one organisation, was seeded as a sign-up of
//! another and is a contact person of the second, is found by a spelling
//! without accents, by e-mail and by phone; the findings are exported as JSON
//! and CSV and read back by Python's own `json` and `csv`; then erased. After
//! a sync the service no longer has them (a second client pulling from
//! scratch finds nothing) and the decrypted pages of this computer's store
//! do not hold their words. The request log holds dates and counts only.

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
            FormField::optional("naam", "Naam", FieldType::Text),
            FormField::optional("email", "E-mailadres", FieldType::Email),
            FormField::optional("telefoon", "Telefoonnummer", FieldType::Phone),
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
