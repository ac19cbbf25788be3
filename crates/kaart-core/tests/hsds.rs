//! The organisation's own data out as Open Referral HSDS 3.0: the demo set
//! pulled by a real sync from the in-process `kaart-server` into the
//! encrypted store (real keyring), edited offline (an offering checked, a
//! new contact person with an AGB code named under that offering), exported
//! with `Workspace::export_hsds`, then checked by
//! `tests/readback/check_hsds.py` — written from the HSDS 3.0 schema files,
//! not from the exporter — and compared with the records the manager sees.

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use kaart_api::records::{Contact, Record, RecordKind};
use serde_json::{json, Value};
use support::service::TestService;
use support::TestClient;
use uuid::Uuid;

fn check_hsds(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readback/check_hsds.py");
    let out = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("/usr/bin/python3 runs");
    assert!(
        out.status.success(),
        "the export is not valid HSDS 3.0:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(c: &TestClient, org: Uuid, kind: RecordKind) -> BTreeSet<String> {
    c.ws.records(Some(org), kind)
        .unwrap()
        .into_iter()
        .map(|r| r.record.id().to_string())
        .collect()
}

fn summary_ids(summary: &Value, kind: &str) -> BTreeSet<String> {
    summary["ids"][kind]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_organisation_as_hsds_holds_everything_the_manager_sees() {
    in_keyring_session!("the_organisation_as_hsds_holds_everything_the_manager_sees");
    let server = TestService::demo();
    let c = TestClient::open(&server.url);
    c.ws.sign_in("demo", "demo").await.unwrap();
    c.sync().await;
    let org = c.ws.organizations().unwrap()[0].id;
    let Record::Organization(organization) =
        c.ws.record(RecordKind::Organization, org).unwrap().record
    else {
        unreachable!()
    };

    // Offline edits: an offering checked on a given day, and a new contact
    // person with an AGB code, named under that offering.
    let offering = c.ws.records(Some(org), RecordKind::Offering).unwrap()[0]
        .record
        .id();
    let checked = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    c.ws.mark_checked(RecordKind::Offering, offering, checked)
        .unwrap();
    let contact = Uuid::now_v7();
    c.ws.create(Record::Contact(Contact {
        id: contact,
        organization_id: org,
        name: "Anneke Zoëtmulder".into(),
        title: Some("Wijkverpleegkundige".into()),
        email: Some("anneke@example.nl".into()),
        phone: Some("+31 70 123 4567".into()),
        reachability: Some("ma–do 9–12 uur".into()),
        photo_url: None,
        agb_code: Some("12345678".into()),
        street: Some("Breestraat 12".into()),
        postcode: Some("2311 CS".into()),
        city: Some("Leiden".into()),
        assured_date: None,
    }))
    .unwrap();
    let Record::Offering(before) = c.ws.record(RecordKind::Offering, offering).unwrap().record
    else {
        unreachable!()
    };
    let mut named = before.contact_ids.clone();
    named.push(contact);
    c.set(
        RecordKind::Offering,
        offering,
        &[("contact_ids", json!(named))],
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("organisatie.json");
    let services = c.ws.export_hsds(org, &path).unwrap();
    let summary = check_hsds(&path);

    // Every offering and activity is a service; every contact person is there.
    let mut expected: BTreeSet<String> = ids(&c, org, RecordKind::Offering);
    expected.extend(ids(&c, org, RecordKind::Activity));
    assert_eq!(
        summary_ids(&summary, "service"),
        expected,
        "services = offerings + activities"
    );
    assert_eq!(services as usize, expected.len());
    let contacts = ids(&c, org, RecordKind::Contact);
    assert!(contacts.contains(&contact.to_string()));
    let in_file = summary_ids(&summary, "contact");
    assert!(
        contacts.is_subset(&in_file),
        "every contact person is in the file"
    );
    assert_eq!(
        summary["assured"][offering.to_string()],
        json!("2026-11-02")
    );

    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["id"], json!(org.to_string()));
    assert_eq!(doc["name"], json!(organization.name));
    if let Some(kvk) = &organization.kvk_number {
        assert_eq!(doc["organization_identifiers"][0]["identifier"], json!(kvk));
    }
    let mine = doc["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == json!(contact.to_string()))
        .expect("the new contact person");
    assert_eq!(mine["name"], json!("Anneke Zoëtmulder"));
    assert_eq!(mine["phones"][0]["number"], json!("+31 70 123 4567"));
    let agb: Vec<&Value> = mine["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_type"] == json!("agb_code"))
        .collect();
    assert_eq!(agb.len(), 1);
    assert_eq!(agb[0]["value"], json!("12345678"));
    let service = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == json!(offering.to_string()))
        .unwrap();
    assert!(
        service["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == json!("Anneke Zoëtmulder")
                && c["service_id"] == json!(offering.to_string())),
        "the offering names its new contact person"
    );

    // No sign-up (personal data of the public) is in the file.
    let text = std::fs::read_to_string(&path).unwrap();
    let signups = ids(&c, org, RecordKind::Signup);
    assert!(
        !signups.is_empty(),
        "the demo set has sign-ups to leave out"
    );
    assert!(signups.iter().all(|id| !text.contains(id.as_str())));
    assert!(!text.contains("\"answers\""));

    // A second export gives the same file (identifiers derived, not random).
    let again = dir.path().join("nogmaals.json");
    c.ws.export_hsds(org, &again).unwrap();
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&path).unwrap()
    );
}
