//! Pulling the feed: expired cursors and full resyncs, unsubscribed
//! sign-ups wiped, many pages.

use super::*;

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
