//! Pushing edits: merges, conflicts decided three ways, delete against
//! edit, and answers lost on the way (replayed, never applied twice).

use super::*;

#[tokio::test]
async fn offline_edits_reach_the_service_on_sync() {
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let record = contact(s.org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    c.set(record.id(), &[("city", json!("Delft"))]);
    c.set(record.id(), &[("city", json!("Leiden"))]);
    assert_eq!(
        c.ws.status().pending_edits,
        1,
        "edits to a never-sent create fold into it"
    );
    c.sync().await;
    let (version, _) = s.on_service(RecordKind::Contact, record.id()).unwrap();
    assert_eq!(
        s.contact_on_service(record.id()).city.as_deref(),
        Some("Leiden")
    );
    assert_eq!(version, 1, "created once, with the edits in it");
    assert_eq!(c.ws.status().pending_edits, 0);
    assert_eq!(s.mutations_answered_for(record.id()), 1);
}

#[tokio::test]
async fn folded_updates_keep_the_base_as_from() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.set(record.id(), &[("name", json!("B"))]);
    c.set(record.id(), &[("name", json!("C"))]);
    assert_eq!(c.ws.status().pending_edits, 1, "folded into one edit");
    // Back to the original value: nothing left to send.
    c.set(record.id(), &[("name", json!("Anouk"))]);
    assert_eq!(c.ws.status().pending_edits, 0);

    c.set(record.id(), &[("name", json!("B"))]);
    c.set(record.id(), &[("name", json!("C"))]);
    c.sync().await;
    // The service compares `from` with what it holds ("Anouk"): a `from` of
    // "B" would have come back as a conflict.
    assert_eq!(c.ws.status().conflicts, 0);
    assert_eq!(s.contact_on_service(record.id()).name, "C");
    assert_eq!(
        s.mutations_answered_for(record.id()),
        2,
        "create + one update"
    );
}

#[tokio::test]
async fn different_fields_merge_and_same_field_conflicts() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let a = s.synced_client().await;
    let b = s.synced_client().await;
    a.set(
        record.id(),
        &[("city", json!("Delft")), ("name", json!("A"))],
    );
    b.set(
        record.id(),
        &[("phone", json!("0612345678")), ("name", json!("B"))],
    );
    a.sync().await;
    b.sync().await;
    let conflicts = b.ws.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "name");
    assert_eq!(conflicts[0].reason, ConflictReason::FieldsChanged);
    assert_eq!(
        (conflicts[0].yours.clone(), conflicts[0].theirs.clone()),
        (json!("B"), json!("A"))
    );
    // B's phone merged on the service beside A's city; the name is A's.
    let on_service = s.contact_on_service(record.id());
    assert_eq!(
        (
            on_service.city.as_deref(),
            on_service.phone.as_deref(),
            on_service.name.as_str()
        ),
        (Some("Delft"), Some("0612345678"), "A")
    );
    // B sees the same until the conflict is decided.
    assert_eq!(b.local_contact(record.id()), on_service);
    // Keep mine: B's name wins on the service.
    b.ws.resolve_conflict(conflicts[0].id, Resolution::KeepMine)
        .unwrap();
    b.sync().await;
    a.sync().await;
    assert_eq!(a.local_contact(record.id()).name, "B");
    assert_eq!(s.contact_on_service(record.id()).name, "B");
    assert!(b.ws.conflicts().unwrap().is_empty());
    assert_eq!(a.ws.status().conflicts, 0);
}

#[tokio::test]
async fn take_theirs_sends_nothing() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.set(record.id(), &[("name", json!("Mine"))]);
    s.change_on_service(RecordKind::Contact, record.id(), "name", json!("Theirs"))
        .await;
    c.sync().await;
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.theirs, json!("Theirs"));
    let answered = s.mutations_answered_for(record.id());
    c.ws.resolve_conflict(conflict.id, Resolution::TakeTheirs)
        .unwrap();
    c.sync().await;
    assert_eq!(
        s.mutations_answered_for(record.id()),
        answered,
        "nothing sent"
    );
    let (_, on_service) = s.on_service(RecordKind::Contact, record.id()).unwrap();
    assert_eq!(
        on_service,
        c.ws.record(RecordKind::Contact, record.id())
            .unwrap()
            .record
    );
    assert_eq!(s.contact_on_service(record.id()).name, "Theirs");
    assert_eq!(c.ws.status().pending_edits + c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn delete_against_edit_becomes_a_conflict() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.ws.delete(RecordKind::Contact, record.id()).unwrap();
    assert!(c.ws.record(RecordKind::Contact, record.id()).is_err());
    s.change_on_service(RecordKind::Contact, record.id(), "city", json!("Gouda"))
        .await;
    c.sync().await;
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::ChangedSinceBase);
    assert!(
        s.on_service(RecordKind::Contact, record.id()).is_some(),
        "not deleted over a change"
    );
    assert_eq!(
        c.local_contact(record.id()).city.as_deref(),
        Some("Gouda"),
        "the changed record is back until decided"
    );
    c.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    c.sync().await;
    assert!(s.on_service(RecordKind::Contact, record.id()).is_none());
    assert!(c.ws.record(RecordKind::Contact, record.id()).is_err());
    assert_eq!(c.ws.status().pending_edits + c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn a_delete_of_an_unchanged_record_is_applied() {
    // The service refuses a delete only when the record changed after the
    // version it was deleted at; a delete at the current version goes.
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.set(record.id(), &[("city", json!("Lisse"))]);
    c.sync().await;
    c.ws.delete(RecordKind::Contact, record.id()).unwrap();
    c.sync().await;
    assert!(s.on_service(RecordKind::Contact, record.id()).is_none());
    assert_eq!(c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn edit_against_delete_can_be_brought_back() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    c.set(record.id(), &[("city", json!("Ede"))]);
    s.delete_on_service(RecordKind::Contact, record.id()).await;
    c.sync().await;
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::Deleted);
    assert_eq!(conflict.yours["city"], json!("Ede"));
    c.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    c.sync().await;
    let contacts = c.ws.records(Some(s.org), RecordKind::Contact).unwrap();
    assert_eq!(contacts.len(), 1);
    let Record::Contact(back) = &contacts[0].record else {
        panic!()
    };
    assert_eq!(
        (back.name.as_str(), back.city.as_deref()),
        ("Anouk", Some("Ede"))
    );
    assert_eq!(contacts[0].pending_edits, 0);
    assert_eq!(
        s.contact_on_service(back.id),
        *back,
        "brought back on the service"
    );
    assert_eq!(c.ws.status().rejected_edits + c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn a_lost_answer_is_replayed_not_applied_twice() {
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let record = contact(s.org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    // The service applies the push; its answer never reaches the client.
    // The retry inside the cycle replays the same mutation id.
    s.proxy.arm("/mutations", Fault::DropAfterServer);
    s.proxy.set_schedule([]);
    c.sync().await;
    assert_eq!(
        s.pushes_seen(),
        [Fault::DropAfterServer, Fault::Pass],
        "the answer was lost once, then replayed"
    );
    assert_eq!(c.ws.status().pending_edits, 0);
    c.ws.mark_checked(
        RecordKind::Contact,
        record.id(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
    )
    .unwrap();
    // The service fails every request: one cycle tries three times
    // (max_times 2), then gives up.
    s.proxy.set_down(Some(Fault::Status500));
    let err = app_error(c.ws.sync_now().await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Offline);
    assert_eq!(c.ws.status().pending_edits, 1, "kept while offline");
    s.proxy.set_down(None);
    c.sync().await;
    assert_eq!(
        s.mutations_answered_for(record.id()),
        2,
        "create and mark-checked, each once"
    );
    assert_eq!(
        s.contact_on_service(record.id()).assured_date,
        NaiveDate::from_ymd_opt(2025, 3, 1)
    );
    assert_eq!(c.ws.status().conflicts + c.ws.status().rejected_edits, 0);
}

#[tokio::test]
async fn a_push_dropped_before_the_service_saw_it_is_sent_again() {
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let record = contact(s.org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    s.proxy.set_schedule([]);
    s.proxy.arm("/mutations", Fault::DropBeforeServer);
    c.sync().await;
    assert_eq!(s.pushes_seen(), [Fault::DropBeforeServer, Fault::Pass]);
    assert_eq!(s.contact_on_service(record.id()).name, "Anouk");
    assert_eq!(s.mutations_answered_for(record.id()), 1);
}
