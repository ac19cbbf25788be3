//! Engine and facade tests against the real central service: kaart-server's
//! own code, started in-process on 127.0.0.1 with a temp database, reached
//! through the real `HttpTransport` and the fault-injecting proxy of the
//! integration tests. Another client's edits go through the service's API
//! too, so every merge, conflict, rejection and replay below is decided by
//! the service's real rules. (The keyring is an in-memory stand-in here;
//! `tests/` uses the real one.)

#[allow(dead_code)]
#[path = "../../tests/support/proxy.rs"]
mod proxy;
#[allow(dead_code)]
#[path = "../../tests/support/service.rs"]
mod service;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use kaart_api::fields::to_fields;
use kaart_api::records::{Activity, Contact, Record, RecordKind};
use kaart_api::sync::{
    ConflictReason, Mutation, MutationBatch, MutationBatchResult, MutationOp, Outcome,
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use self::proxy::{Fault, Proxy};
use self::service::TestService;
use super::RetryPolicy;
use crate::http_transport::{HttpTransport, Timeouts};
use crate::ipc::{AppError, ErrorCode, LocalRecord, Resolution};
use crate::secrets::MemorySecrets;
use crate::workspace::{Workspace, WorkspaceConfig};

/// The error a workspace call returned, as the window would see it.
fn app_error(e: impl Into<AppError>) -> AppError {
    e.into()
}

/// The real service managing one organisation, `org`, for manager
/// `demo`/`demo`; clients reach it through `proxy`.
struct Scenario {
    service: TestService,
    proxy: Proxy,
    org: Uuid,
    other: OtherClient,
}

impl Scenario {
    async fn new() -> Self {
        let (service, org) = TestService::one_organization("demo");
        let proxy = Proxy::start(&service.url).await;
        let other = OtherClient::sign_in(&service.url, org).await;
        Scenario {
            service,
            proxy,
            org,
            other,
        }
    }

    /// A scenario whose service already holds one contact called `name`.
    async fn with_contact_on_service(name: &str) -> (Self, Record) {
        let scenario = Scenario::new().await;
        let record = contact(scenario.org, name);
        scenario.other.create(&record).await;
        (scenario, record)
    }

    /// A signed-in client of this service (not yet synced).
    async fn client(&self) -> Client {
        self.client_with(|_| {}).await
    }

    async fn client_with(&self, adjust: impl FnOnce(&mut WorkspaceConfig)) -> Client {
        let dir = tempfile::tempdir().unwrap();
        let mut config = WorkspaceConfig::new(dir.path(), "nl.kaartbeheer.unit", &self.proxy.url);
        config.retry = RetryPolicy {
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            max_times: 2,
        };
        config.timeouts = Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(10),
        };
        adjust(&mut config);
        let transport = HttpTransport::new(&config.service_url, config.timeouts).unwrap();
        let ws =
            Workspace::open_with(&config, Arc::new(MemorySecrets::default()), transport).unwrap();
        ws.sign_in("demo", "demo").await.unwrap();
        Client { ws, _dir: dir }
    }

    /// A signed-in client that has synced once.
    async fn synced_client(&self) -> Client {
        let c = self.client().await;
        c.sync().await;
        c
    }

    /// The record as the service holds it, with its version.
    fn on_service(&self, kind: RecordKind, id: Uuid) -> Option<(i64, Record)> {
        kaart_server::store::get(&self.service.conn(), kind, id)
            .unwrap()
            .map(|s| (s.version, s.record))
    }

    /// The contact `id` as the service holds it.
    fn contact_on_service(&self, id: Uuid) -> Contact {
        let Some((_, Record::Contact(on_server))) = self.on_service(RecordKind::Contact, id) else {
            panic!("no such contact on the service")
        };
        on_server
    }

    /// Another client's edit of one field, sent to the service from the
    /// value the service holds now: it must be applied.
    async fn change_on_service(&self, kind: RecordKind, id: Uuid, field: &str, to: Value) {
        let (_, record) = self.on_service(kind, id).expect("the record is there");
        let from = to_fields(&record).remove(field).unwrap_or(Value::Null);
        let outcome = self
            .other
            .mutate(MutationOp::Update {
                kind,
                id,
                changes: vec![kaart_api::fields::FieldChange {
                    field: field.into(),
                    from,
                    to,
                }],
            })
            .await;
        assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    }

    /// Another client deletes the record at the version the service holds.
    async fn delete_on_service(&self, kind: RecordKind, id: Uuid) {
        let (base_version, _) = self.on_service(kind, id).expect("the record is there");
        let outcome = self
            .other
            .mutate(MutationOp::Delete {
                kind,
                id,
                base_version,
            })
            .await;
        assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    }

    /// How many mutations of the record the service has answered (each
    /// mutation id once: replays are answered from this log).
    fn mutations_answered_for(&self, id: Uuid) -> i64 {
        self.service
            .conn()
            .query_row(
                "SELECT count(*) FROM mutation_log WHERE record_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Runs the service's retention job as if the tombstone horizon had
    /// passed: tombstones are dropped and every cursor from before them must
    /// resync from scratch.
    fn let_tombstones_expire(&self) {
        let policy = kaart_server::default_policy();
        let later =
            Utc::now() + chrono::Duration::days(i64::from(policy.tombstone_horizon_days) + 1);
        let report = kaart_server::purge::purge(&mut self.service.conn(), &policy, later).unwrap();
        assert!(report.tombstones_dropped > 0, "{report:?}");
    }

    /// `POST .../mutations` requests that reached the proxy.
    fn pushes_seen(&self) -> Vec<Fault> {
        self.proxy
            .log()
            .into_iter()
            .filter(|(_, line)| line.contains("/mutations"))
            .map(|(fault, _)| fault)
            .collect()
    }
}

/// Another session of the same manager, talking to the service directly
/// (as another laptop would).
struct OtherClient {
    http: reqwest::Client,
    url: String,
    token: String,
    org: Uuid,
}

impl OtherClient {
    async fn sign_in(url: &str, org: Uuid) -> Self {
        let http = reqwest::Client::new();
        let session: kaart_api::account::Session = http
            .post(format!("{url}{}/session", kaart_api::API_PREFIX))
            .json(&json!({"username": "demo", "password": "demo"}))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        OtherClient {
            http,
            url: url.to_string(),
            token: session.token,
            org,
        }
    }

    async fn mutate_all(&self, ops: Vec<MutationOp>) -> Vec<Outcome> {
        let batch = MutationBatch {
            mutations: ops
                .into_iter()
                .map(|op| Mutation {
                    mutation_id: Uuid::now_v7(),
                    op,
                })
                .collect(),
        };
        let answer: MutationBatchResult = self
            .http
            .post(format!(
                "{}{}/organizations/{}/mutations",
                self.url,
                kaart_api::API_PREFIX,
                self.org
            ))
            .bearer_auth(&self.token)
            .json(&batch)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        answer.results.into_iter().map(|r| r.outcome).collect()
    }

    async fn mutate(&self, op: MutationOp) -> Outcome {
        self.mutate_all(vec![op]).await.remove(0)
    }

    /// Creates records, which must be accepted.
    async fn create_all(&self, records: &[Record]) {
        let ops = records
            .iter()
            .map(|r| MutationOp::Create { record: r.clone() })
            .collect();
        for outcome in self.mutate_all(ops).await {
            assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
        }
    }

    async fn create(&self, record: &Record) {
        self.create_all(std::slice::from_ref(record)).await;
    }
}

struct Client {
    ws: Workspace,
    _dir: tempfile::TempDir,
}

impl Client {
    async fn sync(&self) -> super::SyncReport {
        self.ws.sync_now().await.unwrap()
    }

    /// Edits fields of the record `id` (validation errors come back).
    fn try_edit(
        &self,
        kind: RecordKind,
        id: Uuid,
        pairs: &[(&str, Value)],
    ) -> Result<LocalRecord, AppError> {
        self.ws
            .update_fields(kind, id, fields(pairs))
            .map_err(app_error)
    }

    /// Edits fields of the contact `id`, which must be accepted.
    fn set(&self, id: Uuid, pairs: &[(&str, Value)]) {
        self.try_edit(RecordKind::Contact, id, pairs).unwrap();
    }

    /// The contact `id` as this client's local view shows it.
    fn local_contact(&self, id: Uuid) -> Contact {
        let Record::Contact(seen) = self.ws.record(RecordKind::Contact, id).unwrap().record else {
            panic!("not a contact")
        };
        seen
    }

    fn local_activity(&self, id: Uuid) -> Activity {
        let Record::Activity(seen) = self.ws.record(RecordKind::Activity, id).unwrap().record
        else {
            panic!("not an activity")
        };
        seen
    }

    fn contact_names(&self, org: Uuid) -> Vec<String> {
        let mut names: Vec<String> = self
            .ws
            .records(Some(org), RecordKind::Contact)
            .unwrap()
            .into_iter()
            .map(|r| match r.record {
                Record::Contact(c) => c.name,
                other => panic!("not a contact: {other:?}"),
            })
            .collect();
        names.sort();
        names
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

/// A published activity from 10:00 to 12:00 in a month, sign-ups open now.
fn activity(org: Uuid) -> Activity {
    let now = Utc::now();
    let mut a = kaart_server::generate::Gen::new(1).activity(org, now, now.date_naive());
    a.id = Uuid::now_v7();
    a.starts_at = at(30, 10);
    a.ends_at = at(30, 12);
    a.signup_opens_at = Some(now - chrono::Duration::days(1));
    a.signup_closes_at = None;
    a.capacity = None;
    a.form = vec![
        form_field("naam", "Naam", kaart_api::records::FieldType::Text, true),
        form_field(
            "email",
            "E-mailadres",
            kaart_api::records::FieldType::Email,
            false,
        ),
    ];
    a
}

fn form_field(
    key: &str,
    label: &str,
    field_type: kaart_api::records::FieldType,
    required: bool,
) -> kaart_api::records::FormField {
    kaart_api::records::FormField {
        key: key.into(),
        label: label.into(),
        field_type,
        required,
        options: vec![],
    }
}

/// `days` from today at `hour`:00 UTC.
fn at(days: i64, hour: u32) -> DateTime<Utc> {
    (Utc::now().date_naive() + chrono::Duration::days(days))
        .and_hms_opt(hour, 0, 0)
        .unwrap()
        .and_utc()
}

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

/// An activity on the service, and a client that has it.
async fn activity_scenario() -> (Scenario, Client, Activity) {
    let s = Scenario::new().await;
    let a = activity(s.org);
    s.other.create(&Record::Activity(a.clone())).await;
    let c = s.synced_client().await;
    (s, c, a)
}

#[tokio::test]
async fn rejected_edits_stay_until_fixed() {
    let (s, c, a) = activity_scenario().await;
    // Another manager ends the activity at 11:00; this client, not knowing,
    // starts it at 11:30 (fine against the 12:00 end it knows). Each edit is
    // valid; merged they are not, and the service refuses the second.
    s.change_on_service(RecordKind::Activity, a.id, "ends_at", json!(at(30, 11)))
        .await;
    c.try_edit(
        RecordKind::Activity,
        a.id,
        &[(
            "starts_at",
            json!(at(30, 11) + chrono::Duration::minutes(30)),
        )],
    )
    .unwrap();
    let report = c.sync().await;
    assert_eq!(report.rejected, 1);
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].errors[0].field, "ends_at");
    assert_eq!(
        rejected[0].errors[0].message,
        "Het einde ligt vóór het begin."
    );
    let (_, on_service) = s.on_service(RecordKind::Activity, a.id).unwrap();
    let Record::Activity(on_service) = on_service else {
        panic!()
    };
    assert_eq!(on_service.starts_at, a.starts_at, "nothing applied");
    // The refused value stays visible here until fixed or discarded.
    assert_eq!(
        c.local_activity(a.id).starts_at,
        at(30, 11) + chrono::Duration::minutes(30)
    );
    // Fixing it makes a new mutation (a replayed id would get the old answer).
    c.try_edit(
        RecordKind::Activity,
        a.id,
        &[("starts_at", json!(at(30, 9)))],
    )
    .unwrap();
    assert!(c.ws.rejected_edits().unwrap().is_empty());
    c.sync().await;
    let Some((_, Record::Activity(on_service))) = s.on_service(RecordKind::Activity, a.id) else {
        panic!()
    };
    assert_eq!(
        (on_service.starts_at, on_service.ends_at),
        (at(30, 9), at(30, 11))
    );
    assert_eq!(c.local_activity(a.id), on_service);
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
}

#[tokio::test]
async fn expired_cursor_resyncs_and_keeps_pending_edits() {
    let (s, keep) = Scenario::with_contact_on_service("Blijft").await;
    let gone = contact(s.org, "Weg");
    s.other.create(&gone).await;
    let c = s.synced_client().await;
    // The record is deleted and its tombstone purged before this client
    // saw it: its cursor is now too old.
    s.delete_on_service(RecordKind::Contact, gone.id()).await;
    s.let_tombstones_expire();
    c.set(keep.id(), &[("city", json!("Zwolle"))]);
    // Push goes first, then pull hits 410 and resyncs.
    let report = c.sync().await;
    assert_eq!(report.full_resyncs, 1);
    assert_eq!(c.contact_names(s.org), vec!["Blijft".to_string()]);
    assert_eq!(c.local_contact(keep.id()).city.as_deref(), Some("Zwolle"));
    assert_eq!(
        s.contact_on_service(keep.id()).city.as_deref(),
        Some("Zwolle")
    );
    assert_eq!(c.sync().await.full_resyncs, 0, "the new cursor is good");
}

#[tokio::test]
async fn resync_keeps_edits_still_queued() {
    let (s, c, a) = activity_scenario().await;
    // A refused edit stays queued (see above) ...
    s.change_on_service(RecordKind::Activity, a.id, "ends_at", json!(at(30, 11)))
        .await;
    let refused_start = at(30, 11) + chrono::Duration::minutes(30);
    c.try_edit(
        RecordKind::Activity,
        a.id,
        &[("starts_at", json!(refused_start))],
    )
    .unwrap();
    c.sync().await;
    assert_eq!(c.ws.status().rejected_edits, 1);
    // ... through a full resync.
    let weg = contact(s.org, "Weg");
    s.other.create(&weg).await;
    c.sync().await;
    s.delete_on_service(RecordKind::Contact, weg.id()).await;
    s.let_tombstones_expire();
    let report = c.sync().await;
    assert_eq!(report.full_resyncs, 1);
    assert!(c.contact_names(s.org).is_empty());
    let seen = c.local_activity(a.id);
    assert_eq!((seen.starts_at, seen.ends_at), (refused_start, at(30, 11)));
    assert_eq!(c.ws.rejected_edits().unwrap().len(), 1);
}

#[tokio::test]
async fn unsubscribed_signups_are_wiped_locally() {
    let (s, c, a) = activity_scenario().await;
    // Someone signs up through the public form, with the service's rules.
    use kaart_api::records::AnswerValue;
    let answers = [
        ("naam".to_string(), AnswerValue::Text("Iemand".into())),
        (
            "email".to_string(),
            AnswerValue::Text("iemand@example.nl".into()),
        ),
    ]
    .into();
    let (signup, token) = kaart_server::signups::submit(
        &mut s.service.conn(),
        a.id,
        kaart_api::public::SignupSubmission { answers },
    )
    .unwrap();
    c.sync().await;
    let signups = c.ws.records(Some(s.org), RecordKind::Signup).unwrap();
    assert_eq!(signups.len(), 1);
    assert_eq!(signups[0].record.id(), signup);
    // The unsubscribe link in the confirmation e-mail.
    assert!(kaart_server::signups::unsubscribe(&mut s.service.conn(), &token).unwrap());
    c.sync().await;
    assert!(c
        .ws
        .records(Some(s.org), RecordKind::Signup)
        .unwrap()
        .is_empty());
    assert!(c.ws.record(RecordKind::Signup, signup).is_err());
}

#[tokio::test]
async fn many_pages_are_pulled() {
    let s = Scenario::new().await;
    let records: Vec<Record> = (0..30).map(|i| contact(s.org, &format!("c{i}"))).collect();
    s.other.create_all(&records).await;
    let c = s.client_with(|config| config.page_size = 25).await;
    let report = c.sync().await;
    // 30 contacts, the organisation and the profile: 25 + 7.
    assert_eq!(report.pages, 2);
    assert_eq!(c.contact_names(s.org).len(), 30);
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
    let s = Scenario::new().await;
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
    assert!(s.on_service(RecordKind::Contact, record.id()).is_some());
    // The network goes away: offline, edits wait.
    s.proxy.set_down(Some(Fault::DropBeforeServer));
    c.set(record.id(), &[("city", json!("Utrecht"))]);
    wait_for(&mut rx, |s| {
        s.connectivity == Connectivity::Offline && s.pending_edits == 1
    })
    .await;
    assert_eq!(s.contact_on_service(record.id()).city, None);
    // And comes back: noticed by the offline retry, without an edit.
    s.proxy.set_down(None);
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
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
    let c = s.synced_client().await;
    let err = c
        .try_edit(
            RecordKind::Contact,
            record.id(),
            &[("postcode", json!("12345"))],
        )
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
        .try_edit(
            RecordKind::Contact,
            record.id(),
            &[("organization_id", json!(Uuid::now_v7()))],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(c.ws.status().pending_edits, 0);
}

/// A contact whose reachability note is as long as allowed, in 4-byte
/// characters: about 40 kB on the wire.
fn heavy_contact(org: Uuid, i: usize) -> Record {
    let mut c = Contact::named(Uuid::now_v7(), org, format!("Zwaar {i}"));
    c.reachability = Some("📞".repeat(kaart_api::validate::MAX_LONG));
    Record::Contact(c)
}

#[tokio::test]
async fn a_batch_too_large_for_the_service_is_split_until_it_fits() {
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let records: Vec<Record> = (0..60).map(|i| heavy_contact(s.org, i)).collect();
    let size: usize = records
        .iter()
        .map(|r| serde_json::to_vec(r).unwrap().len())
        .sum();
    assert!(
        size > kaart_server::http::BODY_LIMIT,
        "the premise: one batch of all of them is over the service's limit"
    );
    for r in &records {
        c.ws.create(r.clone()).unwrap();
    }
    s.proxy.set_schedule([]);
    let report = c.sync().await;
    assert_eq!((report.applied, report.rejected), (60, 0));
    assert_eq!(
        s.pushes_seen().len(),
        3,
        "60 refused as too large, then 2 × 30"
    );
    for r in &records {
        assert_eq!(
            s.on_service(r.kind(), r.id()).map(|(_, r)| r).as_ref(),
            Some(r)
        );
    }
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
}

/// The largest activity every validation rule allows: 50 choice fields of
/// 50 options of 200 four-byte characters, and every text at its limit.
fn largest_valid_activity(org: Uuid) -> Record {
    use kaart_api::validate::{MAX_FORM_FIELDS, MAX_LONG, MAX_NAME, MAX_SHORT};
    let mut a = activity(org);
    let long = |c: char, n: usize| c.to_string().repeat(n);
    a.title = long('🎉', MAX_NAME);
    a.description = Some(long('📅', MAX_LONG));
    a.location = Some(long('🏠', MAX_SHORT));
    a.form = (0..MAX_FORM_FIELDS)
        .map(|i| kaart_api::records::FormField {
            options: (0..MAX_FORM_FIELDS)
                .map(|j| format!("{j:0>2}{}", long('🔷', MAX_NAME - 2)))
                .collect(),
            ..form_field(
                &format!("{i:0>64}"),
                &long('🏷', MAX_NAME),
                kaart_api::records::FieldType::Choice,
                false,
            )
        })
        .collect();
    let record = Record::Activity(a);
    assert_eq!(kaart_api::validate::validate_record(&record), vec![]);
    record
}

#[tokio::test]
async fn the_largest_valid_record_fits_in_one_request() {
    // Else the client would accept an edit that the service can never take.
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let largest = largest_valid_activity(s.org);
    c.ws.create(largest.clone()).unwrap();
    let report = c.sync().await;
    assert_eq!((report.applied, report.rejected), (1, 0));
    assert_eq!(
        s.on_service(RecordKind::Activity, largest.id())
            .map(|(_, r)| r),
        Some(largest)
    );
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_is_split_until_the_culprit_stands_alone() {
    // No valid record is refused as a whole by the service (see above), so
    // the proxy refuses every request that carries the culprit.
    let s = Scenario::new().await;
    let c = s.synced_client().await;
    let culprit = contact(s.org, "Drie");
    s.proxy.always(&culprit.id().to_string(), Fault::Refuse400);
    for name in ["Een", "Twee"] {
        c.ws.create(contact(s.org, name)).unwrap();
    }
    c.ws.create(culprit.clone()).unwrap();
    for name in ["Vier", "Vijf"] {
        c.ws.create(contact(s.org, name)).unwrap();
    }
    c.sync().await;
    let rejected = c.ws.rejected_edits().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].record_id, culprit.id());
    assert_eq!(rejected[0].errors[0].message, "Het verzoek is ongeldig.");
    assert!(s.on_service(RecordKind::Contact, culprit.id()).is_none());
    for local in c.ws.records(Some(s.org), RecordKind::Contact).unwrap() {
        if local.record.id() == culprit.id() {
            continue;
        }
        assert_eq!(local.pending_edits, 0);
        let on_service = s.on_service(RecordKind::Contact, local.record.id());
        assert_eq!(on_service.map(|(_, r)| r), Some(local.record), "arrived");
    }
    c.ws.discard_edit(rejected[0].mutation_id).unwrap();
    assert_eq!(
        c.ws.status().pending_edits + c.ws.status().rejected_edits,
        0
    );
    assert_eq!(c.contact_names(s.org), ["Een", "Twee", "Vier", "Vijf"]);
}

#[tokio::test]
async fn never_checked_records_are_due_until_marked_checked_today() {
    let (s, record) = Scenario::with_contact_on_service("Anouk").await;
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
