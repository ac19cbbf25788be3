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
use crate::ipc::{AppError, ErrorCode, LocalRecord, Resolution};
use crate::secrets::MemorySecrets;
use crate::workspace::{Workspace, WorkspaceConfig};

/// A fake service that manages one organisation, `org`.
struct Scenario {
    service: FakeService,
    org: Uuid,
}

impl Scenario {
    fn new() -> Self {
        let org = Uuid::now_v7();
        Scenario {
            service: FakeService::with_org(org),
            org,
        }
    }

    /// A scenario whose service already holds one contact called `name`.
    fn with_contact_on_service(name: &str) -> (Self, Record) {
        let scenario = Scenario::new();
        let record = contact(scenario.org, name);
        scenario.service.put(&record);
        (scenario, record)
    }

    /// A signed-in client of this service (not yet synced).
    async fn client(&self) -> Client {
        let dir = tempfile::tempdir().unwrap();
        let mut config = WorkspaceConfig::new(dir.path(), "nl.kaartbeheer.unit", "http://unused");
        config.retry = RetryPolicy {
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            max_times: 2,
        };
        let ws = Workspace::open_with(
            &config,
            Arc::new(MemorySecrets::default()),
            self.service.clone(),
        )
        .unwrap();
        ws.sign_in("demo", "demo").await.unwrap();
        Client { ws, _dir: dir }
    }

    /// A signed-in client that has synced once.
    async fn synced_client(&self) -> Client {
        let c = self.client().await;
        c.sync().await;
        c
    }

    /// The contact `id` as the service holds it.
    fn contact_on_service(&self, id: Uuid) -> Contact {
        let Record::Contact(on_server) = self.service.get(RecordKind::Contact, id).unwrap().1
        else {
            panic!("not a contact")
        };
        on_server
    }

    /// Another client's edit of `record`, made directly on the service.
    fn change_on_service(&self, record: &Record, change: impl FnOnce(&mut Contact)) {
        let Record::Contact(mut theirs) = record.clone() else {
            panic!("not a contact")
        };
        change(&mut theirs);
        self.service.put(&Record::Contact(theirs));
    }

    /// Makes every request of the service fail this many more times.
    fn fail_next(&self, times: u32) {
        self.service.state.lock().unwrap().fail_next = times;
    }
}

struct Client {
    ws: Workspace<FakeService>,
    _dir: tempfile::TempDir,
}

impl Client {
    async fn sync(&self) {
        self.ws.sync_now().await.unwrap();
    }

    /// Edits fields of the contact `id` (validation errors come back).
    fn try_set(&self, id: Uuid, pairs: &[(&str, Value)]) -> Result<LocalRecord, AppError> {
        self.ws
            .update_fields(RecordKind::Contact, id, fields(pairs))
            .map_err(AppError::from)
    }

    /// Edits fields of the contact `id`, which must be accepted.
    fn set(&self, id: Uuid, pairs: &[(&str, Value)]) {
        self.try_set(id, pairs).unwrap();
    }

    /// The contact `id` as this client's local view shows it.
    fn local_contact(&self, id: Uuid) -> Contact {
        let Record::Contact(seen) = self.ws.record(RecordKind::Contact, id).unwrap().record else {
            panic!("not a contact")
        };
        seen
    }
}

fn contact(org: Uuid, name: &str) -> Record {
    Record::Contact(Contact::named(Uuid::now_v7(), org, name))
}

fn fields(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[tokio::test]
async fn offline_edits_reach_the_service_on_sync() {
    let s = Scenario::new();
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
    assert_eq!(
        s.contact_on_service(record.id()).city.as_deref(),
        Some("Leiden")
    );
    assert_eq!(c.ws.status().pending_edits, 0);
    assert_eq!(s.service.state.lock().unwrap().applied_count, 1);
}

#[tokio::test]
async fn folded_updates_keep_the_base_as_from() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    c.set(record.id(), &[("name", json!("B"))]);
    c.set(record.id(), &[("name", json!("C"))]);
    let entries = crate::store::outbox::all(&c.ws.shared_store().read()).unwrap();
    assert_eq!(entries.len(), 1);
    let kaart_api::sync::MutationOp::Update { changes, .. } = &entries[0].op else {
        panic!()
    };
    assert_eq!(changes[0].from, json!("Anouk"));
    assert_eq!(changes[0].to, json!("C"));
    // Back to the original value: nothing left to send.
    c.set(record.id(), &[("name", json!("Anouk"))]);
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn different_fields_merge_and_same_field_conflicts() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
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
    assert_eq!(
        (conflicts[0].yours.clone(), conflicts[0].theirs.clone()),
        (json!("B"), json!("A"))
    );
    // B keeps theirs-merged view: city from A, phone from B, name from A.
    let seen = b.local_contact(record.id());
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
    b.sync().await;
    a.sync().await;
    assert_eq!(a.local_contact(record.id()).name, "B");
    assert!(b.ws.conflicts().unwrap().is_empty());
}

#[tokio::test]
async fn take_theirs_sends_nothing() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    c.set(record.id(), &[("name", json!("Mine"))]);
    s.change_on_service(&record, |theirs| theirs.name = "Theirs".into());
    c.sync().await;
    let conflict = c.ws.conflicts().unwrap().remove(0);
    c.ws.resolve_conflict(conflict.id, Resolution::TakeTheirs)
        .unwrap();
    c.sync().await;
    assert_eq!(
        s.service.get(RecordKind::Contact, record.id()).unwrap().1,
        c.ws.record(RecordKind::Contact, record.id())
            .unwrap()
            .record
    );
    assert_eq!(c.ws.status().pending_edits + c.ws.status().conflicts, 0);
}

#[tokio::test]
async fn delete_against_edit_becomes_a_conflict() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    c.ws.delete(RecordKind::Contact, record.id()).unwrap();
    assert!(c.ws.record(RecordKind::Contact, record.id()).is_err());
    s.change_on_service(&record, |theirs| theirs.city = Some("Gouda".into()));
    c.sync().await;
    let conflict = c.ws.conflicts().unwrap().remove(0);
    assert_eq!(conflict.reason, ConflictReason::ChangedSinceBase);
    assert!(
        s.service.get(RecordKind::Contact, record.id()).is_some(),
        "not deleted over a change"
    );
    c.ws.resolve_conflict(conflict.id, Resolution::KeepMine)
        .unwrap();
    c.sync().await;
    assert!(s.service.get(RecordKind::Contact, record.id()).is_none());
}

#[tokio::test]
async fn edit_against_delete_can_be_brought_back() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    c.set(record.id(), &[("city", json!("Ede"))]);
    s.service.tombstone(RecordKind::Contact, record.id());
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
    assert_eq!(back.city.as_deref(), Some("Ede"));
    assert_eq!(contacts[0].pending_edits, 0);
}

#[tokio::test]
async fn a_lost_answer_is_replayed_not_applied_twice() {
    let s = Scenario::new();
    let c = s.synced_client().await;
    let record = contact(s.org, "Anouk");
    c.ws.create(record.clone()).unwrap();
    s.service.state.lock().unwrap().lose_next_answer = true;
    // The retry inside the cycle replays the same mutation id.
    c.sync().await;
    c.ws.mark_checked(
        RecordKind::Contact,
        record.id(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
    )
    .unwrap();
    // One cycle tries three times (max_times 2), then gives up.
    s.fail_next(3);
    let err = AppError::from(c.ws.sync_now().await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Offline);
    assert_eq!(c.ws.status().pending_edits, 1, "kept while offline");
    c.sync().await;
    let state = s.service.state.lock().unwrap();
    assert_eq!(state.applied_count, 2, "create and mark-checked, each once");
}

#[tokio::test]
async fn rejected_edits_stay_until_fixed() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    c.set(record.id(), &[("name", json!("Verboden"))]);
    c.sync().await;
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].field, "name");
    // Fixing it makes a new mutation (a replayed id would get the old answer).
    c.set(record.id(), &[("name", json!("Anouk B"))]);
    assert!(c.ws.rejected_edits().unwrap().is_empty());
    c.sync().await;
    assert_eq!(s.contact_on_service(record.id()).name, "Anouk B");
}

#[tokio::test]
async fn expired_cursor_resyncs_and_keeps_pending_edits() {
    let (s, keep) = Scenario::with_contact_on_service("Blijft");
    let gone = contact(s.org, "Weg");
    s.service.put(&gone);
    let c = s.synced_client().await;
    // The record disappears without a tombstone the client could see.
    s.service
        .state
        .lock()
        .unwrap()
        .rows
        .retain(|(_, id), _| *id != gone.id());
    s.service.state.lock().unwrap().min_cursor = u64::MAX;
    c.set(keep.id(), &[("city", json!("Zwolle"))]);
    s.fail_next(0);
    // Push goes first, then pull hits 410 and resyncs.
    let report = c.ws.sync_now().await.unwrap();
    assert_eq!(report.full_resyncs, 1);
    let names: Vec<String> =
        c.ws.records(Some(s.org), RecordKind::Contact)
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
    let (s, keep) = Scenario::with_contact_on_service("Blijft");
    let c = s.synced_client().await;
    c.set(keep.id(), &[("city", json!("Zwolle"))]);
    {
        // Force a from-scratch pull while the edit is still queued.
        let store = c.ws.shared_store().write();
        crate::store::organizations::set_position(&store, s.org, &Default::default()).unwrap();
    }
    let engine_report = {
        s.fail_next(0);
        c.ws.sync_now().await.unwrap()
    };
    assert!(engine_report.applied >= 1);
    assert_eq!(c.local_contact(keep.id()).city.as_deref(), Some("Zwolle"));
}

#[tokio::test]
async fn unsubscribed_signups_are_wiped_locally() {
    let s = Scenario::new();
    let signup = Record::Signup(kaart_api::records::Signup {
        id: Uuid::now_v7(),
        organization_id: s.org,
        activity_id: Uuid::now_v7(),
        submitted_at: chrono::Utc::now(),
        answers: [(
            "email".to_string(),
            kaart_api::records::AnswerValue::Text("iemand@example.nl".into()),
        )]
        .into(),
        status: kaart_api::records::SignupStatus::Registered,
    });
    s.service.put(&signup);
    let c = s.synced_client().await;
    assert_eq!(
        c.ws.records(Some(s.org), RecordKind::Signup).unwrap().len(),
        1
    );
    s.service.tombstone(RecordKind::Signup, signup.id());
    c.sync().await;
    assert!(c
        .ws
        .records(Some(s.org), RecordKind::Signup)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn many_pages_are_pulled() {
    let s = Scenario::new();
    for i in 0..(super::PAGE_SIZE + 10) {
        s.service.put(&contact(s.org, &format!("c{i}")));
    }
    let c = s.client().await;
    let report = c.ws.sync_now().await.unwrap();
    assert_eq!(report.pages, 2);
    assert_eq!(
        c.ws.records(Some(s.org), RecordKind::Contact)
            .unwrap()
            .len(),
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
    let s = Scenario::new();
    let c = s.client().await;
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
    let record = contact(s.org, "Achtergrond");
    c.ws.create(record.clone()).unwrap();
    wait_for(&mut rx, |s| s.pending_edits == 0 && s.syncing.is_none()).await;
    assert!(s.service.get(RecordKind::Contact, record.id()).is_some());
    // The network goes away: offline, edits wait.
    s.fail_next(1_000_000);
    c.set(record.id(), &[("city", json!("Utrecht"))]);
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Offline && s.pending_edits == 1
    })
    .await;
    // And comes back: noticed by the offline retry, without an edit.
    s.fail_next(0);
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Online && s.pending_edits == 0
    })
    .await;
    assert_eq!(
        s.contact_on_service(record.id()).city.as_deref(),
        Some("Utrecht")
    );
}

#[tokio::test]
async fn invalid_edits_are_refused_locally_with_a_dutch_message() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    let err = c
        .try_set(record.id(), &[("postcode", json!("12345"))])
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.field.as_deref(),
        Some("postcode"),
        "the form can place it"
    );
    assert!(
        !err.message.contains("12345"),
        "no input echoed: {}",
        err.message
    );
    let err = c
        .try_set(record.id(), &[("organization_id", json!(Uuid::now_v7()))])
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(c.ws.status().pending_edits, 0);
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_is_split_until_the_culprit_stands_alone() {
    let s = Scenario::new();
    let c = s.synced_client().await;
    let names = ["Een", "Twee", "Kapot", "Vier", "Vijf"];
    for name in names {
        c.ws.create(contact(s.org, name)).unwrap();
    }
    c.sync().await;
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].message, "Het verzoek is ongeldig.");
    assert_eq!(s.service.state.lock().unwrap().applied_count, 4);
    c.ws.discard_edit(rejected[0].mutation_id).unwrap();
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
    assert_eq!(
        c.ws.records(Some(s.org), RecordKind::Contact)
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn never_checked_records_are_due_until_marked_checked_today() {
    let (s, record) = Scenario::with_contact_on_service("Anouk");
    let c = s.synced_client().await;
    let due = c.ws.due_for_review(Some(s.org)).unwrap();
    assert!(
        due.iter()
            .any(|d| d.record_id == record.id() && d.assured_date.is_none()),
        "{due:?}"
    );
    let checked =
        c.ws.mark_checked_today(RecordKind::Contact, record.id())
            .unwrap();
    assert_eq!(checked.record.assured_date(), Some(crate::review::today()));
    assert!(!c
        .ws
        .due_for_review(Some(s.org))
        .unwrap()
        .iter()
        .any(|d| d.record_id == record.id()));
    c.sync().await;
    assert_eq!(
        s.contact_on_service(record.id()).assured_date,
        Some(crate::review::today())
    );
}
