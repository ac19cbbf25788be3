//! Engine and facade tests against the real central service: kaart-server's
//! own code, started in-process on 127.0.0.1 with a temp database, reached
//! through the real `HttpTransport` and the fault-injecting proxy of the
//! integration tests. Another client's edits go through the service's API
//! too, so every merge, conflict, rejection and replay below is decided by
//! the service's real rules. (The keyring is an in-memory stand-in here;
//! `tests/` uses the real one.)

mod background;
mod conflicts;
mod pull;
mod refusals;
mod reminders;

#[allow(dead_code)]
#[path = "../../../tests/support/proxy.rs"]
mod proxy;
#[allow(dead_code)]
#[path = "../../../tests/support/service.rs"]
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
        Self::serving(TestService::one_organization("demo")).await
    }

    /// A scenario whose service publishes `policy`.
    async fn with_policy(policy: kaart_api::account::Policy) -> Self {
        Self::serving(TestService::one_organization_with_policy("demo", policy)).await
    }

    async fn serving((service, org): (TestService, Uuid)) -> Self {
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
        help: None,
    }
}

/// `days` from today at `hour`:00 UTC.
fn at(days: i64, hour: u32) -> DateTime<Utc> {
    (Utc::now().date_naive() + chrono::Duration::days(days))
        .and_hms_opt(hour, 0, 0)
        .unwrap()
        .and_utc()
}

/// An activity on the service, and a client that has it.
async fn activity_scenario() -> (Scenario, Client, Activity) {
    let s = Scenario::new().await;
    let a = activity(s.org);
    s.other.create(&Record::Activity(a.clone())).await;
    let c = s.synced_client().await;
    (s, c, a)
}
