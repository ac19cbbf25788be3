//! Replays whose stored first result can no longer be read: answered with a
//! clear `result_lost` rejection, never applied a second time, and the batch
//! (and later mutations) keep working.

use kaart_api::records::{Record, RecordKind};
use kaart_api::sync::{MutationResult, Outcome};
use serde_json::json;
use uuid::Uuid;

use crate::support::Server;
use crate::{first_of, mid, update, upserts};

fn corrupt_stored_result(server: &Server, mutation: Uuid) {
    let conn = server.open_db();
    let n = conn
        .execute(
            "UPDATE mutation_log SET result = '{\"kapot' WHERE mutation_id = ?1",
            [mutation.to_string()],
        )
        .unwrap();
    assert_eq!(n, 1, "the mutation's stored result exists");
}

fn assert_result_lost(r: &MutationResult, m: Uuid) {
    assert_eq!(r.mutation_id, m);
    match &r.outcome {
        Outcome::Rejected { errors } => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].code, "result_lost");
            assert!(errors[0].message.contains("al eerder verwerkt"));
        }
        other => panic!("expected result_lost, got {other:?}"),
    }
}

#[test]
fn a_replay_with_an_unreadable_stored_result_is_not_applied_again() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let (version, record) = first_of(&api.changes(org, None).changes, RecordKind::Contact);
    let Record::Contact(c) = record else {
        unreachable!()
    };
    let a = c.name.clone();
    // m1 renames A → B, m2 renames back B → A: re-applying m1 would take
    // effect again (the name holds its `from` once more).
    let m1 = mid();
    let m2 = mid();
    let to_b = update(
        RecordKind::Contact,
        c.id,
        "name",
        json!(a),
        json!("Tijdelijke naam"),
    );
    let to_a = update(
        RecordKind::Contact,
        c.id,
        "name",
        json!("Tijdelijke naam"),
        json!(a),
    );
    let first = api.mutate(org, vec![(m1, to_b.clone())]);
    assert!(matches!(first[0].outcome, Outcome::Applied { version: v, .. } if v == version + 1));
    api.mutate(org, vec![(m2, to_a.clone())]);
    let cursor = api.changes(org, None).cursor;

    corrupt_stored_result(&server, m1);

    // The replay of the whole batch: answered (no 500), m1 not applied again.
    let replay = api.mutate(org, vec![(m1, to_b.clone()), (m2, to_a)]);
    assert_result_lost(&replay[0], m1);
    assert!(matches!(replay[1].outcome, Outcome::Applied { version: v, .. } if v == version + 2));
    let since = api.changes(org, Some(&cursor));
    assert!(
        since.changes.is_empty(),
        "nothing changed: {:?}",
        since.changes
    );
    let (now_version, now) = upserts(&api.changes(org, None).changes)
        .into_iter()
        .find(|(_, r)| r.id() == c.id)
        .unwrap();
    let Record::Contact(now) = now else {
        unreachable!()
    };
    assert_eq!((now_version, now.name.as_str()), (version + 2, a.as_str()));

    // Not wedged: the same answer again, and a new mutation next to it works.
    let m3 = mid();
    let to_c = update(
        RecordKind::Contact,
        c.id,
        "name",
        json!(a),
        json!("Nieuwe naam"),
    );
    let later = api.mutate(org, vec![(m1, to_b), (m3, to_c)]);
    assert_result_lost(&later[0], m1);
    assert!(matches!(later[1].outcome, Outcome::Applied { version: v, .. } if v == version + 3));
}
