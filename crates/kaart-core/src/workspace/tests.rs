//! The workspace's own threading rules: store work on the blocking pool.

use std::sync::mpsc;
use std::time::Duration;

use kaart_api::account::ManagedOrganization;
use kaart_api::records::Contact;

use super::*;
use crate::secrets::MemorySecrets;

#[test]
fn store_work_waits_on_the_blocking_pool_not_on_the_callers_thread() {
    let dir = tempfile::tempdir().unwrap();
    let config = WorkspaceConfig::new(dir.path(), "test", "http://127.0.0.1:9");
    let transport = HttpTransport::new(&config.service_url, Timeouts::default()).unwrap();
    let ws = Workspace::open_with(&config, Arc::new(MemorySecrets::default()), transport).unwrap();
    let org = Uuid::now_v7();
    ws.shared_store()
        .transaction(|tx| {
            organizations::replace_all(
                tx,
                &[ManagedOrganization {
                    id: org,
                    name: "Org".into(),
                    websites: vec![],
                }],
            )
            .map(drop)
        })
        .unwrap();

    // A sync applying a page holds the write side on its own thread.
    let (held, is_held) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let syncing = ws.clone();
    let page = std::thread::spawn(move || {
        let _write = syncing.shared_store().write();
        held.send(()).unwrap();
        released.recv().unwrap();
    });
    is_held.recv().unwrap();

    // The window's side: one thread (like the main thread), which must
    // stay free while its edit waits for the page.
    let (finished, has_finished) = mpsc::channel();
    let window = ws.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let editor = window.clone();
            let (started, has_started) = tokio::sync::oneshot::channel();
            let edit = tokio::spawn(async move {
                let contact = Contact::named(Uuid::now_v7(), org, "Anna");
                let _ = started.send(());
                // Waits for the page; this thread must go on meanwhile.
                editor
                    .blocking(move |ws| ws.create(Record::Contact(contact)))
                    .await
            });
            // Resumes only once the edit task has let go of the thread.
            has_started.await.unwrap();
            // Meanwhile the same thread reads through the same path.
            let listed = window
                .blocking(move |ws| ws.records(Some(org), RecordKind::Contact))
                .await
                .unwrap();
            assert!(listed.is_empty());
            assert!(!edit.is_finished(), "the edit waits for the page");
            release.send(()).unwrap();
            edit.await.unwrap().unwrap();
        });
        let _ = finished.send(());
    });
    has_finished
        .recv_timeout(Duration::from_secs(30))
        .expect("the window's thread did not finish: blocked by store work, or failed");
    page.join().unwrap();
    assert_eq!(ws.records(Some(org), RecordKind::Contact).unwrap().len(), 1);
}

/// An activity of `org` that ended `days_ago` days ago, with one sign-up.
pub(super) fn ended_activity_with_a_signup(
    tx: &Transaction<'_>,
    org: Uuid,
    days_ago: i64,
) -> CoreResult<(Uuid, Uuid)> {
    use kaart_api::records::{Activity, ActivityStatus, AnswerValue, Signup, SignupStatus};
    let ends_at = chrono::Utc::now() - chrono::Duration::days(days_ago);
    let activity = Activity {
        id: Uuid::now_v7(),
        organization_id: org,
        title: format!("{days_ago} dagen geleden"),
        description: None,
        starts_at: ends_at - chrono::Duration::hours(2),
        ends_at,
        location: None,
        capacity: None,
        signup_opens_at: None,
        signup_closes_at: None,
        status: ActivityStatus::Published,
        form: vec![],
        assured_date: None,
    };
    let signup = Signup {
        id: Uuid::now_v7(),
        organization_id: org,
        activity_id: activity.id,
        submitted_at: ends_at - chrono::Duration::days(7),
        answers: [("naam".to_string(), AnswerValue::Text("Deelnemer".into()))].into(),
        status: SignupStatus::Registered,
    };
    crate::store::records::upsert(tx, &Record::Activity(activity.clone()), 1)?;
    crate::store::records::upsert(tx, &Record::Signup(signup.clone()), 1)?;
    Ok((activity.id, signup.id))
}

#[test]
fn sign_ups_past_retention_are_deleted_when_the_app_starts_offline() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there: the app starts offline.
    let config = WorkspaceConfig::new(dir.path(), "test", "http://127.0.0.1:9");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let open = || {
        let transport = HttpTransport::new(&config.service_url, Timeouts::default()).unwrap();
        Workspace::open_with(&config, secrets.clone(), transport).unwrap()
    };
    let ws = open();
    let org = Uuid::now_v7();
    // The default retention is 30 days after the activity's end.
    let ((_, expired), (recent_activity, kept)) = ws
        .shared_store()
        .transaction(|tx| {
            organizations::replace_all(
                tx,
                &[ManagedOrganization {
                    id: org,
                    name: "Org".into(),
                    websites: vec![],
                }],
            )?;
            Ok((
                ended_activity_with_a_signup(tx, org, 31)?,
                ended_activity_with_a_signup(tx, org, 29)?,
            ))
        })
        .unwrap();
    drop(ws);

    let ws = open();
    assert!(matches!(
        ws.record(RecordKind::Signup, expired),
        Err(CoreError::NotFound)
    ));
    assert!(ws.record(RecordKind::Signup, kept).is_ok());
    assert_eq!(ws.signup_removals(org).unwrap().count, 1);
    let soon = ws.signup_deletions_within(2).unwrap();
    assert_eq!(
        soon.iter().map(|n| n.activity_id).collect::<Vec<_>>(),
        [recent_activity]
    );
}

/// The edit commands answer with the record as the edit left it and move
/// the status line's counts with it (both read in the edit's own
/// transaction); a refused edit changes neither.
#[test]
fn an_edit_answers_with_the_record_it_left_and_the_counts_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = WorkspaceConfig::new(dir.path(), "test", "http://127.0.0.1:9");
    let transport = HttpTransport::new(&config.service_url, Timeouts::default()).unwrap();
    let ws = Workspace::open_with(&config, Arc::new(MemorySecrets::default()), transport).unwrap();
    let org = Uuid::now_v7();
    ws.shared_store()
        .transaction(|tx| {
            organizations::replace_all(
                tx,
                &[ManagedOrganization {
                    id: org,
                    name: "Org".into(),
                    websites: vec![],
                }],
            )
            .map(drop)
        })
        .unwrap();
    let anna = Contact::named(Uuid::now_v7(), org, "Anna");
    let created = ws.create(Record::Contact(anna.clone())).unwrap();
    assert_eq!(created.record, Record::Contact(anna.clone()));
    assert_eq!(created.pending_edits, 1);
    assert_eq!(ws.status().pending_edits, 1);

    let mut city = Map::new();
    city.insert("city".into(), "Zwolle".into());
    let edited = ws
        .update_fields(RecordKind::Contact, anna.id, city)
        .unwrap();
    let Record::Contact(edited_contact) = &edited.record else {
        panic!("not a contact");
    };
    assert_eq!(edited_contact.city.as_deref(), Some("Zwolle"));
    assert_eq!(edited.pending_edits, 1, "folded into the create");
    assert_eq!(ws.status().pending_edits, 1);

    let bram = Contact::named(Uuid::now_v7(), org, "Bram");
    ws.create(Record::Contact(bram.clone())).unwrap();
    assert_eq!(ws.status().pending_edits, 2);

    let mut email = Map::new();
    email.insert("email".into(), "geen adres".into());
    assert!(ws
        .update_fields(RecordKind::Contact, bram.id, email)
        .is_err());
    assert_eq!(ws.status().pending_edits, 2);
    assert_eq!(
        ws.record(RecordKind::Contact, bram.id).unwrap().record,
        Record::Contact(bram)
    );
}
