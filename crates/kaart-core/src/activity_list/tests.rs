//! The activity list's page query against a store with the real schema,
//! stored rows as the service sent them and edits queued here: every row
//! is what the local view has, the filters, search, sorts and paging are
//! the list's, and the base rows come from the covering index.

use std::collections::BTreeMap;

use chrono::Duration;
use kaart_api::account::ManagedOrganization;
use kaart_api::records::{Activity, AnswerValue, Signup};
use kaart_api::sync::{ConflictReason, Scope};
use rusqlite::Transaction;
use serde_json::{Map, Value};

use super::*;
use crate::edits;
use crate::store::{conflicts, organizations, prepare_like_store};

struct Fixture {
    conn: Connection,
    org: Uuid,
    other_org: Uuid,
    now: DateTime<Utc>,
}

fn fixture() -> Fixture {
    let conn = prepare_like_store(Connection::open_in_memory().unwrap()).unwrap();
    let (org, other_org) = (Uuid::now_v7(), Uuid::now_v7());
    organizations::replace_all(
        &conn,
        &[org, other_org].map(|id| ManagedOrganization {
            id,
            name: "Org".into(),
            websites: vec![],
        }),
    )
    .unwrap();
    Fixture {
        conn,
        org,
        other_org,
        now: Utc::now(),
    }
}

fn activity(org: Uuid, title: &str, starts_at: DateTime<Utc>) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        organization_id: org,
        title: title.into(),
        description: Some("Een lange beschrijving".into()),
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        location: None,
        capacity: Some(10),
        signup_opens_at: None,
        signup_closes_at: None,
        status: ActivityStatus::Published,
        form: vec![],
        assured_date: None,
    }
}

/// An activity as the service sent it, with `registered` and `cancelled`
/// sign-ups; its id.
fn stored(
    conn: &Connection,
    org: Uuid,
    title: &str,
    starts_at: DateTime<Utc>,
    registered: usize,
    cancelled: usize,
) -> Uuid {
    let a = activity(org, title, starts_at);
    records::upsert(conn, &Record::Activity(a.clone()), 1).unwrap();
    for n in 0..registered + cancelled {
        let s = Signup {
            id: Uuid::now_v7(),
            organization_id: org,
            activity_id: a.id,
            submitted_at: starts_at - Duration::days(1),
            answers: BTreeMap::from([("naam".into(), AnswerValue::Text(format!("Iemand {n}")))]),
            status: if n < registered {
                SignupStatus::Registered
            } else {
                SignupStatus::Cancelled
            },
        };
        records::upsert(conn, &Record::Signup(s), 1).unwrap();
    }
    a.id
}

fn signups_of(conn: &Connection, activity: Uuid) -> Vec<Uuid> {
    signup_ids(conn, activity).unwrap()
}

fn change(tx: &Transaction<'_>, kind: RecordKind, id: Uuid, field: &str, value: Value) {
    let mut changes = Map::new();
    changes.insert(field.into(), value);
    edits::update_fields(tx, kind, id, &changes).unwrap();
}

fn query(org: Option<Uuid>, period: ActivityPeriod) -> ActivityQuery {
    ActivityQuery {
        organization: org,
        period,
        search: String::new(),
        sort: ActivitySort::StartsAt,
        descending: false,
        offset: 0,
        limit: 100,
    }
}

fn titles(page: &ActivityPage) -> Vec<&str> {
    page.rows.iter().map(|r| r.title.as_str()).collect()
}

/// Queued edits are in the list as the record screen shows them: a title
/// changed here is the title shown, searched and sorted by; an activity
/// made here and not yet sent is in; one deleted here is out; and every row
/// equals the local view of that activity.
#[test]
fn the_list_is_the_local_view() {
    let mut f = fixture();
    let day = Duration::days(1);
    let tx = f.conn.transaction().unwrap();
    let renamed = stored(&tx, f.org, "Aquarelleren", f.now + day, 0, 0);
    stored(&tx, f.org, "Breien", f.now + day * 2, 0, 0);
    let deleted = stored(&tx, f.org, "Computercafé", f.now + day * 3, 0, 0);
    stored(&tx, f.other_org, "Elders", f.now + day, 0, 0);
    change(
        &tx,
        RecordKind::Activity,
        renamed,
        "title",
        json!("Zwemmen"),
    );
    edits::delete(&tx, RecordKind::Activity, deleted).unwrap();
    let new = activity(f.org, "Dansen", f.now + day * 4);
    edits::create(&tx, &Record::Activity(new.clone())).unwrap();
    let conflicted = stored(&tx, f.org, "Fietsen", f.now + day * 5, 0, 0);
    conflicts::upsert(
        &tx,
        &conflicts::NewConflict {
            scope: Scope::Organization(f.org),
            kind: RecordKind::Activity,
            record_id: conflicted,
            field: "title",
            reason: ConflictReason::FieldsChanged,
            yours: &json!("Fietsen"),
            theirs: &json!("Fietstocht"),
        },
    )
    .unwrap();

    let by_start = page(&tx, &query(Some(f.org), ActivityPeriod::All), f.now).unwrap();
    assert_eq!(
        titles(&by_start),
        ["Zwemmen", "Breien", "Dansen", "Fietsen"]
    );
    assert_eq!(by_start.total, 4);
    let by_title = page(
        &tx,
        &ActivityQuery {
            sort: ActivitySort::Title,
            ..query(Some(f.org), ActivityPeriod::All)
        },
        f.now,
    )
    .unwrap();
    assert_eq!(
        titles(&by_title),
        ["Breien", "Dansen", "Fietsen", "Zwemmen"]
    );
    let search = |words: &str| {
        let q = ActivityQuery {
            search: words.into(),
            ..query(Some(f.org), ActivityPeriod::All)
        };
        page(&tx, &q, f.now).unwrap()
    };
    assert_eq!(titles(&search("zwem")), ["Zwemmen"]);
    assert_eq!(
        search("aquarel").total,
        0,
        "the stored title is not searched"
    );
    assert_eq!(search("computer").total, 0, "deleted here");

    // Every row is the local view's activity, markers included.
    let local: BTreeMap<Uuid, crate::ipc::LocalRecord> =
        local_view::list(&tx, Some(f.org), RecordKind::Activity)
            .unwrap()
            .into_iter()
            .map(|l| (l.record.id(), l))
            .collect();
    assert_eq!(local.len(), by_start.rows.len());
    for row in &by_start.rows {
        let l = &local[&row.id];
        let Record::Activity(a) = &l.record else {
            panic!("an activity")
        };
        assert_eq!(
            (
                &row.title,
                row.starts_at,
                row.ends_at,
                row.status,
                row.capacity
            ),
            (&a.title, a.starts_at, a.ends_at, a.status, a.capacity)
        );
        assert_eq!(
            (
                row.version,
                row.pending_edits,
                row.rejected_edits,
                row.conflicts
            ),
            (l.version, l.pending_edits, l.rejected_edits, l.conflicts),
            "{}",
            row.title
        );
    }
    let new_row = by_start.rows.iter().find(|r| r.id == new.id).unwrap();
    assert_eq!((new_row.version, new_row.pending_edits), (None, 1));
    let conflict_row = by_start.rows.iter().find(|r| r.id == conflicted).unwrap();
    assert_eq!(conflict_row.conflicts, 1);

    // All organisations: the other one's activity too.
    let everything = page(&tx, &query(None, ActivityPeriod::All), f.now).unwrap();
    assert_eq!(everything.total, 5);
    assert!(titles(&everything).contains(&"Elders"));
}

/// Counts against capacity, in the local view: a sign-up cancelled here
/// and one deleted here count as the manager sees them, also when the list
/// is sorted by sign-ups.
#[test]
fn counts_and_the_sign_up_sort_follow_queued_changes() {
    let mut f = fixture();
    let day = Duration::days(1);
    let tx = f.conn.transaction().unwrap();
    let many = stored(&tx, f.org, "Veel", f.now + day, 10, 1);
    let some = stored(&tx, f.org, "Wat", f.now + day * 2, 9, 0);
    stored(&tx, f.org, "Geen", f.now + day * 3, 0, 0);
    let q = ActivityQuery {
        sort: ActivitySort::Signups,
        descending: true,
        ..query(Some(f.org), ActivityPeriod::All)
    };
    let first = page(&tx, &q, f.now).unwrap();
    assert_eq!(titles(&first), ["Veel", "Wat", "Geen"]);
    let veel = &first.rows[0].counts;
    assert_eq!(
        *veel,
        SignupCounts {
            registered: 10,
            cancelled: 1,
            places_left: Some(0),
            full: true
        }
    );

    // Two of "Veel" cancelled here, one deleted here: 7 registered now.
    let ids = signups_of(&tx, many);
    change(
        &tx,
        RecordKind::Signup,
        ids[0],
        "status",
        json!("cancelled"),
    );
    change(
        &tx,
        RecordKind::Signup,
        ids[1],
        "status",
        json!("cancelled"),
    );
    edits::delete(&tx, RecordKind::Signup, ids[2]).unwrap();
    let after = page(&tx, &q, f.now).unwrap();
    assert_eq!(titles(&after), ["Wat", "Veel", "Geen"]);
    let veel = after.rows.iter().find(|r| r.id == many).unwrap().counts;
    assert_eq!(
        veel,
        SignupCounts {
            registered: 7,
            cancelled: 3,
            places_left: Some(3),
            full: false
        }
    );
    let wat = after.rows.iter().find(|r| r.id == some).unwrap().counts;
    assert_eq!((wat.registered, wat.places_left), (9, Some(1)));
    let ascending = page(
        &tx,
        &ActivityQuery {
            descending: false,
            ..q.clone()
        },
        f.now,
    )
    .unwrap();
    assert_eq!(titles(&ascending), ["Geen", "Veel", "Wat"]);
    // The same counts when not sorted by them.
    let by_start = page(&tx, &query(Some(f.org), ActivityPeriod::All), f.now).unwrap();
    assert_eq!(by_start.rows[0].counts, veel);
}

/// Upcoming = not yet ended, past = ended (an end moved here counts), and
/// the period, search and paging come with the right total.
#[test]
fn periods_search_and_paging() {
    let mut f = fixture();
    let hour = Duration::hours(1);
    let tx = f.conn.transaction().unwrap();
    // Started an hour ago, ends in an hour: upcoming.
    stored(&tx, f.org, "Loopt nog", f.now - hour, 0, 0);
    stored(&tx, f.org, "Voorbij", f.now - hour * 5, 0, 0);
    let moved = stored(&tx, f.org, "Verplaatst", f.now + hour * 48, 0, 0);
    let past_start = f.now - hour * 100;
    change(
        &tx,
        RecordKind::Activity,
        moved,
        "starts_at",
        json!(past_start),
    );
    change(
        &tx,
        RecordKind::Activity,
        moved,
        "ends_at",
        json!(past_start + hour),
    );
    for n in 0..12 {
        stored(
            &tx,
            f.org,
            &format!("Zoë's zwemles {n:02}"),
            f.now + hour * (24 * (n + 1)),
            0,
            0,
        );
    }
    let at = |q: ActivityQuery| page(&tx, &q, f.now).unwrap();
    let upcoming = at(query(Some(f.org), ActivityPeriod::Upcoming));
    assert_eq!(upcoming.total, 13);
    assert_eq!(upcoming.rows[0].title, "Loopt nog");
    let past = at(ActivityQuery {
        descending: true,
        ..query(Some(f.org), ActivityPeriod::Past)
    });
    assert_eq!(titles(&past), ["Voorbij", "Verplaatst"]);
    assert_eq!(at(query(Some(f.org), ActivityPeriod::All)).total, 15);

    // Search: words begin words of the title, case and accents folded.
    let search = |words: &str, offset, limit| {
        at(ActivityQuery {
            search: words.into(),
            offset,
            limit,
            ..query(Some(f.org), ActivityPeriod::All)
        })
    };
    assert_eq!(search("zoe", 0, 100).total, 12);
    assert_eq!(search("ZOË ZWEM", 0, 100).total, 12);
    assert_eq!(titles(&search("zwemles 07", 0, 100)), ["Zoë's zwemles 07"]);
    assert_eq!(search("oe", 0, 100).total, 0, "only word beginnings");
    assert_eq!(search("  ", 0, 100).total, 15);
    assert_eq!(search("%", 0, 100).total, 15, "no word: nothing to search");

    // Paging: the rows from the offset, the total of the whole list.
    let second = search("zwemles", 5, 5);
    assert_eq!(second.total, 12);
    assert_eq!(
        titles(&second),
        (5..10)
            .map(|n| format!("Zoë's zwemles {n:02}"))
            .collect::<Vec<_>>()
    );
    let tail = search("zwemles", 10, 5);
    assert_eq!(tail.rows.len(), 2);
    assert_eq!(
        search("zwemles", 0, 10_000).rows.len(),
        12,
        "large limits are clamped, not refused"
    );
}

/// Pages are read from the index of migration 10, not from the activities'
/// JSON. (SQLite reads the virtual columns' values from the index although
/// its plan does not call it covering: 2,000 activities with a form of 12
/// questions, debug build: 0.9 ms through the index, 19 ms through the
/// table.)
#[test]
fn the_stored_activities_are_read_from_the_index() {
    let f = fixture();
    let plan: Vec<String> = f
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT a.title FROM {LOCAL_ACTIVITIES} AS a
             WHERE a.organization_id = ?2"
        ))
        .unwrap()
        .query_map(params!["[]", f.org.to_string()], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|step| step.contains("USING INDEX records_activity_list")),
        "{plan:?}"
    );
}
