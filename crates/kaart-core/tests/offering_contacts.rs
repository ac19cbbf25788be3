//! A contact person deleted on one computer leaves the offerings that named
//! it on another: client A deletes the contact offline and syncs; the
//! service takes it out of the offerings (new versions in the feed); client
//! B, after its own sync, has the offerings without it. Real in-process
//! `kaart-server`, real keyring.

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session is Linux-only.
#![cfg(target_os = "linux")]

mod support;

use kaart_api::records::{Record, RecordKind};
use support::service::TestService;
use support::TestClient;
use uuid::Uuid;

fn offerings_naming(c: &TestClient, org: Uuid, contact: Uuid) -> usize {
    c.ws.records(Some(org), RecordKind::Offering)
        .unwrap()
        .into_iter()
        .filter(|r| matches!(&r.record, Record::Offering(o) if o.contact_ids.contains(&contact)))
        .count()
}

#[tokio::test]
async fn a_deleted_contact_leaves_the_offerings_on_the_other_computer() {
    in_keyring_session!("a_deleted_contact_leaves_the_offerings_on_the_other_computer");
    let server = TestService::demo();
    let (a, b) = TestClient::demo_pair(&server.url).await;
    let org = a.ws.organizations().unwrap()[0].id;
    // A contact person that some offering names.
    let contact =
        a.ws.records(Some(org), RecordKind::Offering)
            .unwrap()
            .into_iter()
            .find_map(|r| match r.record {
                Record::Offering(o) => o.contact_ids.first().copied(),
                _ => None,
            })
            .expect("the demo set has an offering with a contact person");
    assert!(offerings_naming(&b, org, contact) > 0);

    a.ws.delete(RecordKind::Contact, contact).unwrap();
    a.sync().await;
    b.sync().await;

    assert_eq!(
        offerings_naming(&b, org, contact),
        0,
        "B's offerings still name the deleted contact"
    );
    assert!(
        b.ws.record(RecordKind::Contact, contact).is_err(),
        "B still has the contact"
    );
    // A too, once its next sync brought the service's new offering versions.
    a.sync().await;
    assert_eq!(offerings_naming(&a, org, contact), 0);
}
