//! The background sync and the review list over a synced store.

use super::*;

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
