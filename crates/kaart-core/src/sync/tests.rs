//! Engine and facade tests against the in-memory fake service (fast; the
//! real-server tests are in `tests/`).

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use kaart_api::records::{Contact, Record, RecordKind};
use kaart_api::sync::ConflictReason;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::fake_service::FakeService;
use super::RetryPolicy;
use crate::ipc::{ErrorCode, Resolution};
use crate::secrets::MemorySecrets;
use crate::workspace::{Workspace, WorkspaceConfig};

struct Client {
    ws: Workspace<Arc<FakeService>>,
    _dir: tempfile::TempDir,
}

async fn client(service: &Arc<FakeService>) -> Client {
    let dir = tempfile::tempdir().unwrap();
    let mut config = WorkspaceConfig::new(dir.path(), "nl.kaartbeheer.unit", "http://unused");
    config.retry = RetryPolicy {
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        max_times: 2,
    };
    let ws =
        Workspace::open_with(&config, Arc::new(MemorySecrets::default()), service.clone()).unwrap();
    ws.sign_in("demo", "demo").await.unwrap();
    Client { ws, _dir: dir }
}

fn contact(org: Uuid, name: &str) -> Record {
    Record::Contact(Contact {
        id: Uuid::now_v7(),
        organization_id: org,
        name: name.into(),
        title: None,
        email: None,
        phone: None,
        reachability: None,
        photo_url: None,
        agb_code: None,
        street: None,
        postcode: None,
        city: None,
        assured_date: None,
    })
}

fn fields(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn setup() -> (Arc<FakeService>, Uuid) {
    let org = Uuid::now_v7();
    (Arc::new(FakeService::with_org(org)), org)
}

#[tokio::test]
async fn offline_edits_reach_the_service_on_sync() {
    let (service, org) = setup();
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    let record = contact(org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("city", json!("Delft"))]),
    )
    .unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("city", json!("Leiden"))]),
    )
    .unwrap();
    assert_eq!(
        c.ws.status().pending_edits,
        1,
        "edits to a never-sent create fold into it"
    );
    c.ws.sync_now().await.unwrap();
    let (_, on_server) = service.get(RecordKind::Contact, record.id()).unwrap();
    let Record::Contact(on_server) = on_server else {
        panic!()
    };
    assert_eq!(on_server.city.as_deref(), Some("Leiden"));
    assert_eq!(c.ws.status().pending_edits, 0);
    assert_eq!(service.state.lock().unwrap().applied_count, 1);
}

#[tokio::test]
async fn folded_updates_keep_the_base_as_from() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("B"))]),
    )
    .unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("C"))]),
    )
    .unwrap();
    let entries = crate::store::outbox::all(c.ws.shared_store().lock().unwrap().conn()).unwrap();
    assert_eq!(entries.len(), 1);
    let kaart_api::sync::MutationOp::Update { changes, .. } = &entries[0].op else {
        panic!()
    };
    assert_eq!(changes[0].from, json!("Anouk"));
    assert_eq!(changes[0].to, json!("C"));
    // Back to the original value: nothing left to send.
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("Anouk"))]),
    )
    .unwrap();
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn different_fields_merge_and_same_field_conflicts() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let a = client(&service).await;
    let b = client(&service).await;
    a.ws.sync_now().await.unwrap();
    b.ws.sync_now().await.unwrap();
    a.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("city", json!("Delft")), ("name", json!("A"))]),
    )
    .unwrap();
    b.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("phone", json!("0612345678")), ("name", json!("B"))]),
    )
    .unwrap();
    a.ws.sync_now().await.unwrap();
    b.ws.sync_now().await.unwrap();
    let conflicts = b.ws.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "name");
    assert_eq!(
        (conflicts[0].yours.clone(), conflicts[0].theirs.clone()),
        (json!("B"), json!("A"))
    );
    // B keeps theirs-merged view: city from A, phone from B, name from A.
    let Record::Contact(seen) =
        b.ws.record(RecordKind::Contact, record.id())
            .unwrap()
            .record
    else {
        panic!()
    };
    assert_eq!(
        (
            seen.city.as_deref(),
            seen.phone.as_deref(),
            seen.name.as_str()
        ),
        (Some("Delft"), Some("0612345678"), "A")
    );
    // Keep mine: B's name wins on the service.
    b.ws.resolve_conflict(conflicts[0].id, Resolution::KeepMine)
        .unwrap();
    b.ws.sync_now().await.unwrap();
    a.ws.sync_now().await.unwrap();
    let Record::Contact(on_a) =
        a.ws.record(RecordKind::Contact, record.id())
            .unwrap()
            .record
    else {
        panic!()
    };
    assert_eq!(on_a.name, "B");
    assert!(b.ws.conflicts().unwrap().is_empty());
}

#[tokio::test]
async fn take_theirs_sends_nothing() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("Mine"))]),
    )
    .unwrap();
    let Record::Contact(mut theirs) = record.clone() else {
        panic!()
    };
    theirs.name = "Theirs".into();
    service.put(&Record::Contact(theirs));
    c.ws.sync_now().await.unwrap();
    let conflict = c.ws.conflicts().unwrap().remove(0);
    c.ws.resolve_conflict(conflict.id, Resolution::TakeTheirs)
        .unwrap();
    c.ws.sync_now().await.unwrap();
    assert_eq!(
        service.get(RecordKind::Contact, record.id()).unwrap().1,
        c.ws.record(RecordKind::Contact, record.id())
            .unwrap()
            .record
    );
    assert_eq!(c.ws.status().pending_edits + c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn delete_against_edit_becomes_a_conflict() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.delete(RecordKind::Contact, record.id()).unwrap();
    assert!(c.ws.record(RecordKind::Contact, record.id()).is_err());
    let Record::Contact(mut theirs) = record.clone() else {
        panic!()
    };
    theirs.city = Some("Gouda".into());
    service.put(&Record::Contact(theirs));
    c.ws.sync_now().await.unwrap();
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::ChangedSinceBase);
    assert!(
        service.get(RecordKind::Contact, record.id()).is_some(),
        "not deleted over a change"
    );
    c.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    c.ws.sync_now().await.unwrap();
    assert!(service.get(RecordKind::Contact, record.id()).is_none());
}

#[tokio::test]
async fn edit_against_delete_can_be_brought_back() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("city", json!("Ede"))]),
    )
    .unwrap();
    service.tombstone(RecordKind::Contact, record.id());
    c.ws.sync_now().await.unwrap();
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::Deleted);
    assert_eq!(conflict.yours["city"], json!("Ede"));
    c.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    c.ws.sync_now().await.unwrap();
    let contacts = c.ws.records(Some(org), RecordKind::Contact).unwrap();
    assert_eq!(contacts.len(), 1);
    let Record::Contact(back) = &contacts[0].record else {
        panic!()
    };
    assert_eq!(back.city.as_deref(), Some("Ede"));
    assert_eq!(contacts[0].pending_edits, 0);
}

#[tokio::test]
async fn a_lost_answer_is_replayed_not_applied_twice() {
    let (service, org) = setup();
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    let record = contact(org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    service.state.lock().unwrap().lose_next_answer = true;
    // The retry inside the cycle replays the same mutation id.
    c.ws.sync_now().await.unwrap();
    c.ws.mark_checked(
        RecordKind::Contact,
        record.id(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
    )
    .unwrap();
    // One cycle tries three times (max_times 2), then gives up.
    service.state.lock().unwrap().fail_next = 3;
    let err = c.ws.sync_now().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Offline);
    assert_eq!(c.ws.status().pending_edits, 1, "kept while offline");
    c.ws.sync_now().await.unwrap();
    let s = service.state.lock().unwrap();
    assert_eq!(s.applied_count, 2, "create and mark-checked, each once");
}

#[tokio::test]
async fn rejected_edits_stay_until_fixed() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("Verboden"))]),
    )
    .unwrap();
    c.ws.sync_now().await.unwrap();
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].field, "name");
    // Fixing it makes a new mutation (a replayed id would get the old answer).
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("name", json!("Anouk B"))]),
    )
    .unwrap();
    assert!(c.ws.rejected_edits().unwrap().is_empty());
    c.ws.sync_now().await.unwrap();
    let Record::Contact(on_server) = service.get(RecordKind::Contact, record.id()).unwrap().1
    else {
        panic!()
    };
    assert_eq!(on_server.name, "Anouk B");
}

#[tokio::test]
async fn expired_cursor_resyncs_and_keeps_pending_edits() {
    let (service, org) = setup();
    let keep = contact(org, "Blijft");
    let gone = contact(org, "Weg");
    service.put(&keep);
    service.put(&gone);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    // The record disappears without a tombstone the client could see.
    service
        .state
        .lock()
        .unwrap()
        .rows
        .retain(|(_, id), _| *id != gone.id());
    service.state.lock().unwrap().min_cursor = u64::MAX;
    c.ws.update_fields(
        RecordKind::Contact,
        keep.id(),
        fields(&[("city", json!("Zwolle"))]),
    )
    .unwrap();
    service.state.lock().unwrap().fail_next = 0;
    // Push goes first, then pull hits 410 and resyncs.
    let report = c.ws.sync_now().await.unwrap();
    assert_eq!(report.full_resyncs, 1);
    let names: Vec<String> =
        c.ws.records(Some(org), RecordKind::Contact)
            .unwrap()
            .into_iter()
            .map(|r| match r.record {
                Record::Contact(c) => c.name,
                _ => unreachable!(),
            })
            .collect();
    assert_eq!(names, vec!["Blijft".to_string()]);
}

#[tokio::test]
async fn resync_keeps_edits_still_queued() {
    let (service, org) = setup();
    let keep = contact(org, "Blijft");
    service.put(&keep);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    c.ws.update_fields(
        RecordKind::Contact,
        keep.id(),
        fields(&[("city", json!("Zwolle"))]),
    )
    .unwrap();
    {
        // Force a from-scratch pull while the edit is still queued.
        let store = c.ws.shared_store().lock().unwrap();
        crate::store::organizations::set_position(store.conn(), org, &Default::default()).unwrap();
    }
    let engine_report = {
        service.state.lock().unwrap().fail_next = 0;
        c.ws.sync_now().await.unwrap()
    };
    assert!(engine_report.applied >= 1);
    let Record::Contact(seen) = c.ws.record(RecordKind::Contact, keep.id()).unwrap().record else {
        panic!()
    };
    assert_eq!(seen.city.as_deref(), Some("Zwolle"));
}

#[tokio::test]
async fn unsubscribed_signups_are_wiped_locally() {
    let (service, org) = setup();
    let signup = Record::Signup(kaart_api::records::Signup {
        id: Uuid::now_v7(),
        organization_id: org,
        activity_id: Uuid::now_v7(),
        submitted_at: chrono::Utc::now(),
        answers: [(
            "email".to_string(),
            kaart_api::records::AnswerValue::Text("iemand@example.nl".into()),
        )]
        .into(),
        status: kaart_api::records::SignupStatus::Registered,
    });
    service.put(&signup);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    assert_eq!(
        c.ws.records(Some(org), RecordKind::Signup).unwrap().len(),
        1
    );
    service.tombstone(RecordKind::Signup, signup.id());
    c.ws.sync_now().await.unwrap();
    assert!(c
        .ws
        .records(Some(org), RecordKind::Signup)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn many_pages_are_pulled() {
    let (service, org) = setup();
    for i in 0..(super::PAGE_SIZE + 10) {
        service.put(&contact(org, &format!("c{i}")));
    }
    let c = client(&service).await;
    let report = c.ws.sync_now().await.unwrap();
    assert_eq!(report.pages, 2);
    assert_eq!(
        c.ws.records(Some(org), RecordKind::Contact).unwrap().len(),
        super::PAGE_SIZE as usize + 10
    );
}

async fn wait_for(
    rx: &mut tokio::sync::watch::Receiver<crate::ipc::SyncStatus>,
    what: impl Fn(&crate::ipc::SyncStatus) -> bool,
) -> crate::ipc::SyncStatus {
    tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|s| what(s)))
        .await
        .expect("status reached in time")
        .unwrap()
        .clone()
}

#[tokio::test]
async fn background_sync_follows_edits_and_the_network() {
    use crate::ipc::Connectivity;
    use crate::scheduler::SyncSchedule;
    let (service, org) = setup();
    let c = client(&service).await;
    let mut rx = c.ws.subscribe();
    let schedule = SyncSchedule {
        period: Duration::from_secs(3600),
        debounce: Duration::from_millis(50),
        offline_retry_min: Duration::from_millis(50),
        offline_retry_max: Duration::from_millis(200),
    };
    let _background = c.ws.start_background_sync(schedule);
    // At start.
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Online && s.last_synced_at.is_some()
    })
    .await;
    // After an edit, debounced.
    let record = contact(org, "Achtergrond");
    c.ws.create(record.clone()).unwrap();
    wait_for(&mut rx, |s| s.pending_edits == 0 && s.syncing.is_none()).await;
    assert!(service.get(RecordKind::Contact, record.id()).is_some());
    // The network goes away: offline, edits wait.
    service.state.lock().unwrap().fail_next = 1_000_000;
    c.ws.update_fields(
        RecordKind::Contact,
        record.id(),
        fields(&[("city", json!("Utrecht"))]),
    )
    .unwrap();
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Offline && s.pending_edits == 1
    })
    .await;
    // And comes back: noticed by the offline retry, without an edit.
    service.state.lock().unwrap().fail_next = 0;
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Online && s.pending_edits == 0
    })
    .await;
    let Record::Contact(on_server) = service.get(RecordKind::Contact, record.id()).unwrap().1
    else {
        panic!()
    };
    assert_eq!(on_server.city.as_deref(), Some("Utrecht"));
}

#[tokio::test]
async fn invalid_edits_are_refused_locally_with_a_dutch_message() {
    let (service, org) = setup();
    let record = contact(org, "Anouk");
    service.put(&record);
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    let err =
        c.ws.update_fields(
            RecordKind::Contact,
            record.id(),
            fields(&[("postcode", json!("12345"))]),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        !err.message.contains("12345"),
        "no input echoed: {}",
        err.message
    );
    let err =
        c.ws.update_fields(
            RecordKind::Contact,
            record.id(),
            fields(&[("organization_id", json!(Uuid::now_v7()))]),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_is_split_until_the_culprit_stands_alone() {
    let (service, org) = setup();
    let c = client(&service).await;
    c.ws.sync_now().await.unwrap();
    let names = ["Een", "Twee", "Kapot", "Vier", "Vijf"];
    for name in names {
        c.ws.create(contact(org, name)).unwrap();
    }
    c.ws.sync_now().await.unwrap();
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].message, "Het verzoek is ongeldig.");
    assert_eq!(service.state.lock().unwrap().applied_count, 4);
    c.ws.discard_edit(rejected[0].mutation_id).unwrap();
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
    assert_eq!(
        c.ws.records(Some(org), RecordKind::Contact).unwrap().len(),
        4
    );
}
