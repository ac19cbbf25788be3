//! The changes feed and mutations: paging, cursors, idempotent replays,
//! field-level merge and conflicts, delete against edit, create, mark checked.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use kaart_api::fields::FieldChange;
use kaart_api::records::{Contact, Record, RecordKind};
use kaart_api::sync::{Change, ConflictReason, MutationOp, Outcome};
use serde_json::json;
use uuid::Uuid;

use crate::support::{changes_path, Api, Server};
use crate::{delete, first_of, mid, update, upserts};

fn contact_of(record: &Record) -> Contact {
    match record {
        Record::Contact(c) => c.clone(),
        other => panic!("not a contact: {other:?}"),
    }
}

/// An update of a contact's name from what it was seen as.
fn rename(c: &Contact, name: &str) -> MutationOp {
    update(
        RecordKind::Contact,
        c.id,
        "name",
        json!(c.name),
        json!(name),
    )
}

#[test]
fn full_feed_pages_and_cursor() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let full = api.changes(org, None);
    assert!(!full.has_more);
    let kinds: HashSet<RecordKind> = upserts(&full.changes)
        .iter()
        .map(|(_, r)| r.kind())
        .collect();
    for kind in RecordKind::ALL {
        assert!(kinds.contains(&kind), "{kind:?} in the feed");
    }
    // Only this organisation's records, plus the caller's profile.
    for (_, r) in upserts(&full.changes) {
        match r {
            Record::Profile(p) => assert_eq!(p.username, "demo"),
            other => assert_eq!(other.organization_id(), Some(org)),
        }
    }
    // Paged in fives: the same records, no duplicates.
    let (paged, cursor) = api.all_changes(org, None, 5);
    assert_eq!(paged, full.changes);
    assert_eq!(cursor, full.cursor);
    // Nothing new since the cursor.
    let again = api.changes(org, Some(&full.cursor));
    assert!(again.changes.is_empty() && !again.has_more);
    assert_eq!(again.cursor, full.cursor);
}

#[test]
fn unknown_malformed_and_future_cursors_need_resync() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    for bad in ["garbage", "c1.-4", "c1.99999999", "c2.1"] {
        let (status, err) = Api::error(api.get(&changes_path(org, Some(bad), None)));
        assert_eq!(status, 410, "{bad}");
        assert_eq!(err.code, kaart_api::error::ApiErrorCode::ResyncRequired);
    }
}

#[test]
fn cursors_are_bound_to_their_organisation_and_cannot_be_forged() {
    use base64::Engine as _;
    let server = Server::demo();
    let api = server.demo_manager();
    let (org_a, org_b) = (api.org(0), api.org(1));
    let cursor_a = api.changes(org_a, None).cursor;
    let cursor_b = api.changes(org_b, None).cursor;
    // Each works for its own organisation …
    assert!(api.changes(org_a, Some(&cursor_a)).changes.is_empty());
    assert!(api.changes(org_b, Some(&cursor_b)).changes.is_empty());
    // … and not for the other one, nor changed by a bit, nor another
    // organisation's cursor used by its own manager elsewhere.
    let other = server.other_manager();
    let cursor_c = other.changes(other.org(0), None).cursor;
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&cursor_a)
        .unwrap();
    bytes[8] ^= 1;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    for (what, org, cursor) in [
        ("A's cursor for B", org_b, &cursor_a),
        ("B's cursor for A", org_a, &cursor_b),
        ("a stranger's cursor", org_a, &cursor_c),
        ("a forged cursor", org_a, &forged),
    ] {
        let (status, err) = Api::error(api.get(&changes_path(org, Some(cursor), None)));
        assert_eq!(
            (status, err.code),
            (410, kaart_api::error::ApiErrorCode::ResyncRequired),
            "{what}"
        );
    }
    // Opaque and URL-safe.
    assert!(cursor_a
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}

#[test]
fn a_replayed_mutation_is_applied_once() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let page = api.changes(org, None);
    let (version, record) = first_of(&page.changes, RecordKind::Contact);
    let c = contact_of(&record);
    let op = rename(&c, "Joël van ’t Veer");
    let m = mid();
    let first = api.mutate(org, vec![(m, op.clone())]);
    let second = api.mutate(org, vec![(m, op.clone())]);
    assert_eq!(first, second, "a replay gets the first answer verbatim");
    match &first[0].outcome {
        Outcome::Applied { version: v, .. } => assert_eq!(*v, version + 1),
        other => panic!("{other:?}"),
    }
    // The same id twice in one batch is also applied once.
    let both = api.mutate(org, vec![(m, op.clone()), (m, op)]);
    assert_eq!(both[0], first[0]);
    assert_eq!(both[1], first[0]);
    let since = api.changes(org, Some(&page.cursor));
    assert_eq!(
        since.changes.len(),
        1,
        "one change in the feed: {:?}",
        since.changes
    );
    assert!(matches!(&since.changes[0], Change::Upsert { version: v, .. } if *v == version + 1));
}

#[test]
fn different_fields_merge_and_the_same_field_conflicts() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let (version, record) = first_of(&api.changes(org, None).changes, RecordKind::Contact);
    let c = contact_of(&record);
    // Two devices edited from the same base: one the name, one the city.
    let r = api.mutate(
        org,
        vec![
            (mid(), rename(&c, "Anaïs Bakker")),
            (
                mid(),
                update(
                    RecordKind::Contact,
                    c.id,
                    "city",
                    json!(c.city),
                    json!("Curaçaostad"),
                ),
            ),
        ],
    );
    assert!(matches!(r[0].outcome, Outcome::Applied { .. }));
    let Outcome::Applied {
        version: v,
        record: Some(merged),
    } = &r[1].outcome
    else {
        panic!("{:?}", r[1])
    };
    assert_eq!(*v, version + 2);
    let merged = contact_of(merged);
    assert_eq!(
        (merged.name.as_str(), merged.city.as_deref()),
        ("Anaïs Bakker", Some("Curaçaostad"))
    );

    // A third device still thinks the name is the original, and also edits the title.
    let r = api.mutate(
        org,
        vec![(
            mid(),
            MutationOp::Update {
                kind: RecordKind::Contact,
                id: c.id,
                changes: vec![
                    FieldChange {
                        field: "name".into(),
                        from: json!(c.name),
                        to: json!("Chloë Smit"),
                    },
                    FieldChange {
                        field: "title".into(),
                        from: json!(c.title),
                        to: json!("Wijkcoach"),
                    },
                    // Already what the server has: no conflict.
                    FieldChange {
                        field: "city".into(),
                        from: json!(c.city),
                        to: json!("Curaçaostad"),
                    },
                ],
            },
        )],
    );
    let Outcome::Conflict {
        reason,
        conflicts,
        version: Some(v),
        record: Some(rec),
    } = &r[0].outcome
    else {
        panic!("{:?}", r[0])
    };
    assert_eq!(*reason, ConflictReason::FieldsChanged);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "name");
    assert_eq!(conflicts[0].yours, json!("Chloë Smit"));
    assert_eq!(conflicts[0].theirs, json!("Anaïs Bakker"));
    assert_eq!(*v, version + 3, "the title was applied");
    let rec = contact_of(rec);
    assert_eq!(rec.title.as_deref(), Some("Wijkcoach"));
    assert_eq!(rec.name, "Anaïs Bakker");
}

#[test]
fn delete_against_edit_in_both_orders() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let page = api.changes(org, None);
    let contacts: Vec<_> = upserts(&page.changes)
        .into_iter()
        .filter(|(_, r)| r.kind() == RecordKind::Contact)
        .collect();
    let (v1, r1) = contacts[0].clone();
    let (v2, r2) = contacts[1].clone();
    let (c1, c2) = (contact_of(&r1), contact_of(&r2));

    // Edit first, then a delete based on the old version: conflict, record kept.
    api.mutate_one(org, rename(&c1, "Noël Visser"));
    let r = api.mutate_one(org, delete(RecordKind::Contact, c1.id, v1));
    match &r.outcome {
        Outcome::Conflict {
            reason: ConflictReason::ChangedSinceBase,
            version: Some(v),
            record: Some(rec),
            ..
        } => {
            assert_eq!(*v, v1 + 1);
            assert_eq!(contact_of(rec).name, "Noël Visser");
        }
        other => panic!("{other:?}"),
    }

    // Delete first, then an edit: conflict "deleted", no record.
    let r = api.mutate_one(org, delete(RecordKind::Contact, c2.id, v2));
    assert!(
        matches!(r.outcome, Outcome::Applied { record: None, .. }),
        "{r:?}"
    );
    let r = api.mutate(
        org,
        vec![
            (mid(), rename(&c2, "Saïda")),
            (
                mid(),
                MutationOp::MarkChecked {
                    kind: RecordKind::Contact,
                    id: c2.id,
                    checked_on: Utc::now().date_naive(),
                },
            ),
            (mid(), delete(RecordKind::Contact, c2.id, v2)),
        ],
    );
    for result in &r[..2] {
        assert!(
            matches!(
                result.outcome,
                Outcome::Conflict {
                    reason: ConflictReason::Deleted,
                    record: None,
                    ..
                }
            ),
            "{result:?}"
        );
    }
    assert!(
        matches!(r[2].outcome, Outcome::Applied { record: None, .. }),
        "deleting again is a no-op"
    );
    let since = api.changes(org, Some(&page.cursor)).changes;
    assert!(since.contains(&Change::Tombstone {
        kind: RecordKind::Contact,
        id: c2.id
    }));
    assert!(upserts(&since).iter().all(|(_, r)| r.id() != c2.id));
}

#[test]
fn create_is_idempotent_by_content_and_validated() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let other_org = api.org(1);
    let contact = Contact {
        id: Uuid::now_v7(),
        organization_id: org,
        name: "Esmée Öztürk".into(),
        title: None,
        email: Some("esmee@voorbeeld.nl".into()),
        phone: Some("+31 6 12345678".into()),
        reachability: Some("Regel 1\nRegel 2".into()),
        photo_url: None,
        agb_code: Some("12345678".into()),
        street: None,
        postcode: Some("2311 EZ".into()),
        city: None,
        assured_date: None,
    };
    let create = |c: &Contact| MutationOp::Create {
        record: Record::Contact(c.clone()),
    };
    let r = api.mutate(
        org,
        vec![(mid(), create(&contact)), (mid(), create(&contact))],
    );
    for result in &r {
        assert!(
            matches!(result.outcome, Outcome::Applied { version: 1, .. }),
            "{result:?}"
        );
    }
    let mut different = contact.clone();
    different.name = "Iemand anders".into();
    let mut elsewhere = contact.clone();
    elsewhere.id = Uuid::now_v7();
    elsewhere.organization_id = other_org;
    let mut invalid = contact.clone();
    invalid.id = Uuid::now_v7();
    invalid.postcode = Some("2311EZ".into());
    invalid.agb_code = Some("1234".into());
    invalid.email = Some("geen-adres".into());
    let r = api.mutate(
        org,
        vec![
            (mid(), create(&different)),
            (mid(), create(&elsewhere)),
            (mid(), create(&invalid)),
        ],
    );
    let codes = |o: &Outcome| match o {
        Outcome::Rejected { errors } => errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        codes(&r[0].outcome),
        vec![("id".to_string(), "id_exists".to_string())]
    );
    assert_eq!(
        codes(&r[1].outcome),
        vec![("organization_id".to_string(), "forbidden".to_string())]
    );
    let invalid_codes = codes(&r[2].outcome);
    for field in ["postcode", "agb_code", "email"] {
        assert!(
            invalid_codes.iter().any(|(f, _)| f == field),
            "{field} in {invalid_codes:?}"
        );
    }
    // Read-only fields cannot be updated.
    let r = api.mutate_one(
        org,
        update(
            RecordKind::Contact,
            contact.id,
            "organization_id",
            json!(org),
            json!(other_org),
        ),
    );
    assert_eq!(codes(&r.outcome)[0].1, "not_editable");
}

#[test]
fn mark_checked_takes_the_later_date_and_refuses_the_future() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let (version, record) = first_of(&api.changes(org, None).changes, RecordKind::Organization);
    let today = Utc::now().date_naive();
    let checked_on = |checked_on| MutationOp::MarkChecked {
        kind: RecordKind::Organization,
        id: record.id(),
        checked_on,
    };
    let r = api.mutate(
        org,
        vec![
            (mid(), checked_on(today)),
            (mid(), checked_on(today - Duration::days(3))),
            (mid(), checked_on(today + Duration::days(5))),
        ],
    );
    let Outcome::Applied {
        version: v,
        record: Some(rec),
    } = &r[0].outcome
    else {
        panic!("{r:?}")
    };
    assert_eq!((*v, rec.assured_date()), (version + 1, Some(today)));
    let Outcome::Applied {
        version: v,
        record: Some(rec),
    } = &r[1].outcome
    else {
        panic!("{r:?}")
    };
    assert_eq!(
        (*v, rec.assured_date()),
        (version + 1, Some(today)),
        "an earlier date changes nothing"
    );
    assert!(matches!(r[2].outcome, Outcome::Rejected { .. }));
}
