//! An offering's contact persons: only live contact persons of the
//! offering's own organisation are accepted (another organisation's contact,
//! even one the same manager manages, or an unknown id is refused with the
//! field named and nothing stored); deleting a contact person takes it out
//! of the offerings that named it, as a new version in the changes feed.

use kaart_api::records::{Offering, Record, RecordKind};
use kaart_api::sync::{Change, Outcome};
use serde_json::json;
use uuid::Uuid;

use crate::support::{Api, Server};
use crate::{delete, mid, update, upserts};

/// Sets the contact persons an offering names (from what it names now).
fn name_contacts(api: &Api, org: Uuid, offering: &Offering, named: &[Uuid]) -> Outcome {
    let op = update(
        RecordKind::Offering,
        offering.id,
        "contact_ids",
        json!(offering.contact_ids),
        json!(named),
    );
    api.mutate_one(org, op).outcome
}

fn assert_applied(outcome: &Outcome) {
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
}

fn refused_field(outcome: &Outcome) -> Option<(String, String)> {
    match outcome {
        Outcome::Rejected { errors } => errors.first().map(|e| (e.field.clone(), e.code.clone())),
        _ => None,
    }
}

#[test]
fn offerings_name_only_their_own_organisations_contacts() {
    let server = Server::demo();
    let api = server.demo_manager();
    let (org, other) = (api.org(0), api.org(1));
    let mine = upserts(&api.changes(org, None).changes);
    let theirs = upserts(&api.changes(other, None).changes);
    let (version, Record::Offering(offering)) = mine
        .iter()
        .find(|(_, r)| r.kind() == RecordKind::Offering)
        .cloned()
        .expect("an offering")
    else {
        unreachable!()
    };
    let own_contact = mine
        .iter()
        .find(|(_, r)| r.kind() == RecordKind::Contact)
        .unwrap()
        .1
        .id();
    let foreign_contact = theirs
        .iter()
        .find(|(_, r)| r.kind() == RecordKind::Contact)
        .unwrap()
        .1
        .id();

    for stranger in [foreign_contact, Uuid::now_v7()] {
        let mut named = offering.contact_ids.clone();
        named.push(stranger);
        let outcome = name_contacts(&api, org, &offering, &named);
        assert_eq!(
            refused_field(&outcome),
            Some(("contact_ids".to_string(), "unknown_contact".to_string())),
            "{outcome:?}"
        );
        let mut new = offering.clone();
        new.id = mid();
        new.contact_ids = vec![stranger];
        let result = api.mutate_one(
            org,
            kaart_api::sync::MutationOp::Create {
                record: Record::Offering(new),
            },
        );
        assert_eq!(
            refused_field(&result.outcome).map(|f| f.0),
            Some("contact_ids".to_string())
        );
    }
    let after = upserts(&api.changes(org, None).changes);
    let stored = after.iter().find(|(_, r)| r.id() == offering.id).unwrap();
    assert_eq!(stored.0, version, "nothing stored for the refused edits");

    // The organisation's own contact person is accepted.
    assert_applied(&name_contacts(&api, org, &offering, &[own_contact]));
}

#[test]
fn deleting_a_contact_takes_it_out_of_the_offerings_that_named_it() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let first = api.changes(org, None);
    let records = upserts(&first.changes);
    let contacts: Vec<(i64, Uuid)> = records
        .iter()
        .filter(|(_, r)| r.kind() == RecordKind::Contact)
        .map(|(v, r)| (*v, r.id()))
        .collect();
    let offerings: Vec<&Record> = records
        .iter()
        .map(|(_, r)| r)
        .filter(|r| r.kind() == RecordKind::Offering)
        .collect();
    // Every offering names the first contact person.
    let (contact_version, contact) = contacts[0];
    for o in &offerings {
        let Record::Offering(o) = o else {
            unreachable!()
        };
        if !o.contact_ids.contains(&contact) {
            let mut named = o.contact_ids.clone();
            named.push(contact);
            assert_applied(&name_contacts(&api, org, o, &named));
        }
    }
    let cursor = api.all_changes(org, None, 500).1;

    let r = api.mutate_one(org, delete(RecordKind::Contact, contact, contact_version));
    assert!(
        matches!(r.outcome, Outcome::Applied { .. }),
        "{:?}",
        r.outcome
    );

    // A second client's next pull: the contact's tombstone and every
    // offering again, without it.
    let (changes, _) = api.all_changes(org, Some(&cursor), 500);
    assert!(changes
        .iter()
        .any(|c| matches!(c, Change::Tombstone { id, .. } if *id == contact)));
    let updated: Vec<Record> = upserts(&changes).into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        updated.len(),
        offerings.len(),
        "each offering comes again: {updated:?}"
    );
    for r in updated {
        let Record::Offering(o) = r else {
            panic!("only offerings changed")
        };
        assert!(!o.contact_ids.contains(&contact));
    }
}
