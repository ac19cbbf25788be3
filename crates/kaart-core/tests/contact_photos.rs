//! Contact photos end to end, real in-process `kaart-server`, real keyring:
//! a photo with EXIF GPS data set on computer A is shown there at once
//! (before any sync), reaches the service and computer B — and at every
//! stage, read back with Pillow (Debian's python3-pil, `readback/photo.py`),
//! it has no EXIF and no GPS. Files that are no photo (text named .jpg, an
//! SVG, a 50 MB file, a decompression bomb) are refused with the reason, and
//! nothing changes here or on the service.

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kaart_api::records::{Contact, Record, RecordKind};
use kaart_core::error_reason::{ErrorReason, PhotoRefusal};
use serde_json::Value;
use support::service::TestService;
use support::{app_error, TestClient};
use uuid::Uuid;

fn photo_py(args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readback/photo.py");
    let out = Command::new("/usr/bin/python3")
        .arg(script)
        .args(args)
        .output()
        .expect("/usr/bin/python3 runs (python3-pil: scripts/setup.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn made(dir: &Path, what: &str, name: &str) -> PathBuf {
    let path = dir.join(name);
    photo_py(&[what, path.to_str().unwrap()]);
    path
}

/// What Pillow sees in `jpeg`: format, size, EXIF, GPS, other metadata.
fn seen_by_pillow(dir: &Path, jpeg: &[u8]) -> Value {
    let path = dir.join(format!("{}.jpg", Uuid::new_v4()));
    std::fs::write(&path, jpeg).unwrap();
    serde_json::from_str(&photo_py(&["check", path.to_str().unwrap()])).unwrap()
}

fn assert_clean(seen: &Value, where_: &str) {
    assert_eq!(seen["format"], "JPEG", "{where_}: {seen}");
    assert_eq!(seen["exif"], false, "{where_}: EXIF left in {seen}");
    assert_eq!(seen["gps"], false, "{where_}: GPS left in {seen}");
    assert_eq!(
        seen["info"],
        serde_json::json!([]),
        "{where_}: metadata left in {seen}"
    );
    assert!(seen["width"].as_u64().unwrap() <= 512, "{where_}: {seen}");
    assert!(seen["height"].as_u64().unwrap() <= 512, "{where_}: {seen}");
}

fn contact(c: &TestClient, org: Uuid) -> Contact {
    c.ws.records(Some(org), RecordKind::Contact)
        .unwrap()
        .into_iter()
        .find_map(|r| match r.record {
            Record::Contact(c) => Some(c),
            _ => None,
        })
        .expect("the demo set has contact persons")
}

fn photo_url(c: &TestClient, id: Uuid) -> Option<String> {
    match c.ws.record(RecordKind::Contact, id).unwrap().record {
        Record::Contact(c) => c.photo_url,
        _ => unreachable!(),
    }
}

fn service_photos(server: &TestService) -> i64 {
    server
        .conn()
        .query_row("SELECT count(*) FROM photos", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_photo_with_gps_data_is_stored_and_synced_without_it() {
    in_keyring_session!("a_photo_with_gps_data_is_stored_and_synced_without_it");
    let server = TestService::demo();
    let (a, b) = TestClient::demo_pair(&server.url).await;
    let org = a.ws.organizations().unwrap()[0].id;
    let person = contact(&a, org);
    assert_eq!(person.photo_url, None);
    let files = tempfile::tempdir().unwrap();
    let original = made(files.path(), "gps-jpeg", "vakantie.jpg");
    let before: Value =
        serde_json::from_str(&photo_py(&["check", original.to_str().unwrap()])).unwrap();
    assert_eq!(
        (before["exif"].as_bool(), before["gps"].as_bool()),
        (Some(true), Some(true))
    );

    // Set on A: shown at once from the local store, an edit waiting to sync.
    let record = a.ws.set_contact_photo(person.id, &original).unwrap();
    let Record::Contact(set) = record.record else {
        unreachable!()
    };
    let url = set.photo_url.clone().expect("the contact names its photo");
    assert!(url.starts_with("/public/v1/photos/"), "{url}");
    assert_eq!(a.ws.status().pending_edits, 1);
    let here = a.ws.contact_photo(&url).unwrap();
    let seen = seen_by_pillow(files.path(), &here);
    assert_clean(&seen, "in A's store");
    assert_eq!(
        (seen["width"].as_u64(), seen["height"].as_u64()),
        (Some(512), Some(341))
    );
    let http = reqwest::Client::new();
    let public = format!("{}{url}", server.url);
    assert_eq!(
        http.get(&public).send().await.unwrap().status(),
        404,
        "not before the sync"
    );

    // Synced: the service serves it to the websites, without EXIF or GPS.
    a.sync().await;
    assert_eq!(a.ws.status().pending_edits, 0);
    let served = http.get(&public).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_clean(
        &seen_by_pillow(files.path(), &served.bytes().await.unwrap()),
        "served",
    );

    // B gets the edit and the photo, and shows it offline from then on.
    b.sync().await;
    assert_eq!(photo_url(&b, person.id).as_deref(), Some(url.as_str()));
    assert_clean(
        &seen_by_pillow(files.path(), &b.ws.contact_photo(&url).unwrap()),
        "in B's store",
    );

    // Removed on B: both computers forget the photo after their syncs.
    b.set(
        RecordKind::Contact,
        person.id,
        &[("photo_url", Value::Null)],
    );
    b.sync().await;
    a.sync().await;
    assert_eq!(photo_url(&a, person.id), None);
    for c in [&a, &b] {
        let Err(e) = c.ws.contact_photo(&url) else {
            panic!("the photo is not forgotten")
        };
        let e = app_error(e);
        assert_eq!(e.reason, ErrorReason::NotFound);
    }
}

#[tokio::test]
async fn files_that_are_no_photo_are_refused_and_nothing_changes() {
    in_keyring_session!("files_that_are_no_photo_are_refused_and_nothing_changes");
    let server = TestService::demo();
    let a = TestClient::open(&server.url);
    a.ws.sign_in("demo", "demo").await.unwrap();
    a.sync().await;
    let org = a.ws.organizations().unwrap()[0].id;
    let person = contact(&a, org);
    let files = tempfile::tempdir().unwrap();
    let dir = files.path();

    let text = dir.join("foto.jpg");
    std::fs::write(&text, "Notulen van de vergadering van dinsdag\n").unwrap();
    let svg = dir.join("foto.svg");
    std::fs::write(
        &svg,
        r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>alert(1)</script></svg>"#,
    )
    .unwrap();
    let big = made(dir, "gps-jpeg", "groot.jpg");
    let mut bytes = std::fs::read(&big).unwrap();
    bytes.resize(50 * 1024 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let bomb = made(dir, "bomb-png", "bom.png");
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1000);
    let cases = [
        (text, PhotoRefusal::NotAnImage),
        (svg, PhotoRefusal::Svg),
        (big, PhotoRefusal::TooLarge),
        (bomb, PhotoRefusal::TooManyPixels),
        (dir.join("bestaat-niet.jpg"), PhotoRefusal::Unreadable),
    ];
    let before = a.ws.record(RecordKind::Contact, person.id).unwrap();
    for (file, cause) in cases {
        let e = app_error(a.ws.set_contact_photo(person.id, &file).unwrap_err());
        assert_eq!(e.reason, ErrorReason::PhotoRefused { cause }, "{file:?}");
        assert!(e.message.contains("niets veranderd"), "{}", e.message);
        assert_eq!(
            a.ws.record(RecordKind::Contact, person.id).unwrap(),
            before,
            "{file:?}"
        );
        assert_eq!(a.ws.status().pending_edits, 0, "{file:?}");
    }
    a.sync().await;
    assert_eq!(service_photos(&server), 0, "nothing reached the service");
    assert_eq!(photo_url(&a, person.id), None);
}

/// The service forgets a photo no contact names a day after its upload. A
/// photo uploaded for an edit that then came back as a conflict, decided
/// days later with *mijn versie houden*, is sent again before that push.
#[tokio::test]
async fn a_photo_whose_edit_waited_on_a_conflict_is_sent_again() {
    in_keyring_session!("a_photo_whose_edit_waited_on_a_conflict_is_sent_again");
    let server = TestService::demo();
    let (a, b) = TestClient::demo_pair(&server.url).await;
    let org = a.ws.organizations().unwrap()[0].id;
    let person = contact(&a, org);
    let files = tempfile::tempdir().unwrap();

    // B sets a photo first; A's photo for the same contact meets a conflict.
    let record =
        b.ws.set_contact_photo(person.id, &made(files.path(), "gps-jpeg", "b.jpg"))
            .unwrap();
    let Record::Contact(theirs) = record.record else {
        unreachable!()
    };
    b.sync().await;
    let record =
        a.ws.set_contact_photo(person.id, &made(files.path(), "plain-png", "a.png"))
            .unwrap();
    let Record::Contact(mine) = record.record else {
        unreachable!()
    };
    let mine_url = mine.photo_url.unwrap();
    a.sync().await;
    let conflicts = a.ws.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "A's photo edit meets B's");
    assert_eq!(
        service_photos(&server),
        2,
        "A's photo went up before the push"
    );

    // Two days pass on the service: A's photo, named by no contact there, goes.
    let report = kaart_server::purge::purge(
        &mut server.conn(),
        &kaart_server::default_policy(),
        chrono::Utc::now() + chrono::Duration::days(2),
    )
    .unwrap();
    assert_eq!(report.photos_forgotten, 1);

    // A keeps its own photo: it goes up again, and the edit lands.
    a.ws.resolve_conflict(conflicts[0].id, kaart_core::ipc::Resolution::KeepMine)
        .unwrap();
    a.sync().await;
    assert!(a.ws.conflicts().unwrap().is_empty());
    assert_eq!(a.ws.status().pending_edits, 0);
    b.sync().await;
    assert_eq!(photo_url(&b, person.id).as_deref(), Some(mine_url.as_str()));
    assert_ne!(theirs.photo_url.as_deref(), Some(mine_url.as_str()));
    let served = reqwest::get(format!("{}{mine_url}", server.url))
        .await
        .unwrap();
    assert_eq!(served.status(), 200, "the service has A's photo again");
}
