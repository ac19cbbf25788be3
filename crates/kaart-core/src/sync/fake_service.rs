//! An in-memory stand-in for the central service, for the engine's fast unit
//! tests only (the integration tests run against the real `kaart-server`).
//! It implements the contract's essentials: versions, field-level
//! compare-and-set, idempotent mutation ids, a paged feed with tombstones,
//! and injectable failures (lost answers, 500s, expired cursors).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use kaart_api::account::{ManagedOrganization, Me, Session, SignInRequest};
use kaart_api::fields::{from_fields, to_fields};
use kaart_api::records::{Profile, Record, RecordKind};
use kaart_api::sync::*;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::transport::{Transport, TransportError, TransportResult};

#[derive(Debug, Clone)]
pub(crate) struct Row {
    org: Option<Uuid>,
    version: i64,
    seq: u64,
    fields: Option<Map<String, Value>>, // None: tombstone
}

#[derive(Debug, Default)]
pub struct FakeState {
    pub(crate) rows: BTreeMap<(RecordKind, Uuid), Row>,
    seq: u64,
    answered: HashMap<Uuid, MutationResult>,
    pub orgs: Vec<Uuid>,
    pub profile: Option<Profile>,
    /// The next push is applied but its answer is lost.
    pub lose_next_answer: bool,
    /// The next n requests fail with a 500 before doing anything.
    pub fail_next: u32,
    /// Cursors below this are answered with 410.
    pub min_cursor: u64,
    pub applied_count: u64,
}

/// Clones share one state: the tests keep a handle on the service the
/// workspace talks to.
#[derive(Debug, Default, Clone)]
pub struct FakeService {
    pub state: Arc<Mutex<FakeState>>,
}

impl FakeService {
    pub fn with_org(org: Uuid) -> Self {
        let service = FakeService::default();
        {
            let mut s = service.state.lock().unwrap();
            s.orgs.push(org);
            s.profile = Some(Profile {
                id: Uuid::now_v7(),
                name: "Beheerder".into(),
                salutation: None,
                email: None,
                phone: None,
                username: "demo".into(),
                note: None,
                assured_date: None,
            });
        }
        service
    }

    /// Changes a record directly on the "server" (another client's edit).
    pub fn put(&self, record: &Record) {
        let mut s = self.state.lock().unwrap();
        s.write(
            record.kind(),
            record.id(),
            record.organization_id(),
            Some(to_fields(record)),
        );
    }

    pub fn get(&self, kind: RecordKind, id: Uuid) -> Option<(i64, Record)> {
        let s = self.state.lock().unwrap();
        let row = s.rows.get(&(kind, id))?;
        Some((row.version, from_fields(kind, row.fields.clone()?).unwrap()))
    }

    pub fn tombstone(&self, kind: RecordKind, id: Uuid) {
        let mut s = self.state.lock().unwrap();
        let org = s.rows.get(&(kind, id)).and_then(|r| r.org);
        s.write(kind, id, org, None);
    }

    fn fail(&self) -> TransportResult<()> {
        let mut s = self.state.lock().unwrap();
        if s.fail_next > 0 {
            s.fail_next -= 1;
            return Err(TransportError::Server { status: 500 });
        }
        Ok(())
    }
}

impl FakeState {
    fn write(
        &mut self,
        kind: RecordKind,
        id: Uuid,
        org: Option<Uuid>,
        fields: Option<Map<String, Value>>,
    ) -> i64 {
        self.seq += 1;
        let version = self.rows.get(&(kind, id)).map(|r| r.version).unwrap_or(0) + 1;
        self.rows.insert(
            (kind, id),
            Row {
                org,
                version,
                seq: self.seq,
                fields,
            },
        );
        version
    }

    fn current(&self, kind: RecordKind, id: Uuid) -> Option<(i64, Map<String, Value>)> {
        let row = self.rows.get(&(kind, id))?;
        Some((row.version, row.fields.clone()?))
    }

    fn apply(&mut self, op: &MutationOp) -> Outcome {
        let record_of = |kind, fields: &Map<String, Value>| from_fields(kind, fields.clone()).ok();
        match op {
            MutationOp::Create { record } => {
                let fields = to_fields(record);
                match self.current(record.kind(), record.id()) {
                    Some((version, existing)) if existing == fields => Outcome::Applied {
                        version,
                        record: Some(record.clone()),
                    },
                    Some(_) => Outcome::Rejected { errors: vec![] },
                    None => {
                        let version = self.write(
                            record.kind(),
                            record.id(),
                            record.organization_id(),
                            Some(fields),
                        );
                        Outcome::Applied {
                            version,
                            record: Some(record.clone()),
                        }
                    }
                }
            }
            MutationOp::Update { kind, id, changes } => {
                let Some((_, mut fields)) = self.current(*kind, *id) else {
                    return Outcome::Conflict {
                        reason: ConflictReason::Deleted,
                        conflicts: vec![],
                        version: None,
                        record: None,
                    };
                };
                let mut conflicts = vec![];
                for c in changes {
                    let now = fields.get(&c.field).cloned().unwrap_or(Value::Null);
                    if c.field == "name" && c.to == Value::String("Verboden".into()) {
                        return Outcome::Rejected {
                            errors: vec![kaart_api::error::FieldError::new(
                                "name",
                                "required",
                                "Vul een naam in.",
                            )],
                        };
                    }
                    if now == c.from || now == c.to {
                        fields.insert(c.field.clone(), c.to.clone());
                    } else {
                        conflicts.push(FieldConflict {
                            field: c.field.clone(),
                            yours: c.to.clone(),
                            theirs: now,
                        });
                    }
                }
                let org = self.rows[&(*kind, *id)].org;
                let version = self.write(*kind, *id, org, Some(fields.clone()));
                let record = record_of(*kind, &fields);
                if conflicts.is_empty() {
                    Outcome::Applied { version, record }
                } else {
                    Outcome::Conflict {
                        reason: ConflictReason::FieldsChanged,
                        conflicts,
                        version: Some(version),
                        record,
                    }
                }
            }
            MutationOp::Delete {
                kind,
                id,
                base_version,
            } => match self.current(*kind, *id) {
                None => Outcome::Applied {
                    version: 0,
                    record: None,
                },
                Some((version, fields)) if version != *base_version => Outcome::Conflict {
                    reason: ConflictReason::ChangedSinceBase,
                    conflicts: vec![],
                    version: Some(version),
                    record: record_of(*kind, &fields),
                },
                Some(_) => {
                    let org = self.rows[&(*kind, *id)].org;
                    let version = self.write(*kind, *id, org, None);
                    Outcome::Applied {
                        version,
                        record: None,
                    }
                }
            },
            MutationOp::MarkChecked {
                kind,
                id,
                checked_on,
            } => {
                let Some((_, mut fields)) = self.current(*kind, *id) else {
                    return Outcome::Rejected { errors: vec![] };
                };
                fields.insert("assured_date".into(), Value::String(checked_on.to_string()));
                let org = self.rows[&(*kind, *id)].org;
                let version = self.write(*kind, *id, org, Some(fields.clone()));
                Outcome::Applied {
                    version,
                    record: record_of(*kind, &fields),
                }
            }
        }
    }
}

impl Transport for FakeService {
    async fn sign_in(&self, request: &SignInRequest) -> TransportResult<Session> {
        if request.password != "demo" {
            return Err(TransportError::Unauthorized);
        }
        Ok(Session {
            token: "fake-token".into(),
            expires_at: chrono::Utc::now() + chrono::Duration::days(1),
        })
    }

    async fn sign_out(&self, _token: &str) -> TransportResult<()> {
        Ok(())
    }

    async fn me(&self, _token: &str) -> TransportResult<Me> {
        self.fail()?;
        let s = self.state.lock().unwrap();
        let profile = s.profile.clone().unwrap();
        Ok(Me {
            profile_version: 1,
            profile,
            organizations: s
                .orgs
                .iter()
                .map(|id| ManagedOrganization {
                    id: *id,
                    name: "Org".into(),
                    websites: vec![],
                })
                .collect(),
        })
    }

    async fn changes(
        &self,
        _token: &str,
        org: Uuid,
        since: Option<&str>,
        limit: u32,
    ) -> TransportResult<ChangesPage> {
        self.fail()?;
        let s = self.state.lock().unwrap();
        let since: u64 = since.map(|c| c.parse().unwrap()).unwrap_or(0);
        if since > 0 && since < s.min_cursor {
            return Err(TransportError::ResyncRequired);
        }
        let mut rows: Vec<(&(RecordKind, Uuid), &Row)> = s
            .rows
            .iter()
            .filter(|(_, r)| r.org == Some(org) && r.seq > since)
            .collect();
        rows.sort_by_key(|(_, r)| r.seq);
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let cursor = rows.last().map(|(_, r)| r.seq).unwrap_or(since.max(s.seq));
        let changes = rows
            .into_iter()
            .map(|((kind, id), row)| match &row.fields {
                Some(fields) => Change::Upsert {
                    version: row.version,
                    record: from_fields(*kind, fields.clone()).unwrap(),
                },
                None => Change::Tombstone {
                    kind: *kind,
                    id: *id,
                },
            })
            .collect();
        Ok(ChangesPage {
            changes,
            cursor: cursor.to_string(),
            has_more,
        })
    }

    async fn push(
        &self,
        _token: &str,
        _scope: Scope,
        batch: &MutationBatch,
    ) -> TransportResult<MutationBatchResult> {
        self.fail()?;
        let broken = batch.mutations.iter().any(|m| {
            matches!(&m.op, MutationOp::Create { record: Record::Contact(c) } if c.name == "Kapot")
        });
        if broken {
            return Err(TransportError::Api {
                status: 400,
                error: kaart_api::error::ApiError::new(
                    kaart_api::error::ApiErrorCode::BadRequest,
                    "Het verzoek is ongeldig.",
                ),
            });
        }
        let mut s = self.state.lock().unwrap();
        let mut results = vec![];
        for m in &batch.mutations {
            let result = match s.answered.get(&m.mutation_id) {
                Some(first) => first.clone(),
                None => {
                    let outcome = s.apply(&m.op);
                    s.applied_count += 1;
                    let result = MutationResult {
                        mutation_id: m.mutation_id,
                        outcome,
                    };
                    s.answered.insert(m.mutation_id, result.clone());
                    result
                }
            };
            results.push(result);
        }
        if std::mem::take(&mut s.lose_next_answer) {
            return Err(TransportError::Network("connection reset".into()));
        }
        Ok(MutationBatchResult { results })
    }
}
