//! Pulling the changes feed of one organisation, page by page. Each page is
//! applied in one transaction together with its cursor (and its sign-ups'
//! search index entries, filled in bulk: [`crate::store::search`]), so a
//! crash loses at most the page in flight. A cursor the service no longer honours (410)
//! starts a full resync: every local record of the organisation is marked
//! stale, the feed is read from the start, and what it did not send again is
//! deleted after the last page. The flag lives in the store, so a resync cut
//! short by a crash finishes in the next cycle. Pending edits are in the
//! outbox, untouched by all of this.

use kaart_api::records::RecordKind;
use kaart_api::sync::{Change, ChangesPage};
use rusqlite::Transaction;
use uuid::Uuid;

use super::{Phase, Progress, SyncEngine, SyncReport};
use crate::error::{CoreError, CoreResult};
use crate::pause_points;
use crate::store::organizations::{self, FeedPosition};
use crate::store::{conflicts, outbox, records, search};
use crate::transport::{Transport, TransportError};

/// Changes per page asked for (the service's maximum).
pub const PAGE_SIZE: u32 = kaart_api::sync::MAX_PAGE_SIZE;

impl<T: Transport> SyncEngine<'_, T> {
    pub async fn pull(&self, org: Uuid, report: &mut SyncReport) -> CoreResult<()> {
        let mut done = 0u64;
        // Erasing rewrites the whole search index: once per pull, when the
        // feed is drained, not after every page that removed something.
        let mut removed_any = false;
        loop {
            let position = self.store.transaction(|tx| {
                let mut position = organizations::position(tx, org)?;
                if position.cursor.is_none() && !position.resyncing {
                    // From scratch: whatever is local must be confirmed again.
                    records::mark_stale(tx, org)?;
                    position.resyncing = true;
                    organizations::set_position(tx, org, &position)?;
                }
                Ok(position)
            })?;
            let since = position.cursor.as_deref();
            let page = match self
                .call(|| {
                    self.transport
                        .changes(self.token, org, since, self.page_size)
                })
                .await
            {
                Err(CoreError::Transport(TransportError::ResyncRequired))
                    if position.cursor.is_some() =>
                {
                    tracing::info!("cursor no longer honoured, full resync");
                    report.full_resyncs += 1;
                    organizations::set_position(
                        &self.store.write(),
                        org,
                        &FeedPosition::default(),
                    )?;
                    continue;
                }
                other => other?,
            };
            pause_points::reached("pull-page-fetched");
            let (changes, has_more) = (page.changes.len() as u64, page.has_more);
            done += changes;
            let resyncing = position.resyncing;
            let removed_signups = self
                .store_step(move |tx| {
                    let removed = apply_page(tx, org, &page, resyncing)?;
                    if !page.has_more {
                        organizations::set_last_synced(tx, org, chrono::Utc::now())?;
                    }
                    Ok(removed)
                })
                .await?;
            removed_any |= removed_signups;
            report.pages += 1;
            report.pulled_changes += changes;
            (self.on_progress)(Progress {
                phase: Phase::Pull,
                done,
                total: None,
            });
            pause_points::reached("pull-page-applied");
            if !has_more {
                if removed_any {
                    let store = std::sync::Arc::clone(self.store);
                    if !crate::threads::off_thread(move || store.erase_removed_rows()).await? {
                        tracing::warn!("write-ahead log still in use; erased at the next removal");
                    }
                }
                return Ok(());
            }
        }
    }
}

/// Applies one page of the feed; returns whether sign-ups (or, at the end of
/// a full resync, any records) were removed, so their old bytes must leave
/// the write-ahead log too. Sign-ups the service removed (unsubscribed or
/// past retention) are counted per organisation, without who they were.
fn apply_page(
    tx: &Transaction<'_>,
    org: Uuid,
    page: &ChangesPage,
    resyncing: bool,
) -> CoreResult<bool> {
    // The page's sign-ups enter the search index in one statement at the
    // end, in this same transaction (see `store::search`).
    let removed_signups = search::deferred(tx, |tx| {
        let mut removed_signups = 0;
        for change in &page.changes {
            match change {
                Change::Upsert { version, record } => records::upsert(tx, record, *version)?,
                Change::Tombstone { kind, id } => {
                    let existed = records::delete(tx, *kind, *id)?;
                    if *kind == RecordKind::Signup {
                        removed_signups += u32::from(existed);
                        // Unsubscribed or purged: nothing of it may stay here.
                        conflicts::delete_for_record(tx, *kind, *id)?;
                        for entry in outbox::for_record(tx, *kind, *id)? {
                            outbox::delete(tx, entry.seq)?;
                        }
                    }
                }
            }
        }
        Ok(removed_signups)
    })?;
    if removed_signups > 0 {
        organizations::count_removed_signups(tx, org, removed_signups, chrono::Utc::now())?;
    }
    let finished = resyncing && !page.has_more;
    let mut removed_stale = 0;
    if finished {
        removed_stale = records::delete_stale(tx, org)?;
    }
    organizations::set_position(
        tx,
        org,
        &FeedPosition {
            cursor: Some(page.cursor.clone()),
            resyncing: resyncing && !finished,
        },
    )?;
    Ok(removed_signups > 0 || removed_stale > 0)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::Arc;
    use std::time::Duration;

    use kaart_api::account::ManagedOrganization;
    use kaart_api::records::{Contact, Record};

    use super::*;
    use crate::http_transport::{HttpTransport, Timeouts};
    use crate::secrets::MemorySecrets;
    use crate::workspace::{Workspace, WorkspaceConfig};

    /// Far longer than any read takes; reached only when a read waits for
    /// the write side (the bug this guards against), so the test fails
    /// instead of hanging.
    const STUCK: Duration = Duration::from_secs(30);

    fn contact_page(org: Uuid, names: &[&str], cursor: &str) -> ChangesPage {
        ChangesPage {
            changes: names
                .iter()
                .map(|name| Change::Upsert {
                    version: 1,
                    record: Record::Contact(Contact::named(Uuid::now_v7(), org, *name)),
                })
                .collect(),
            cursor: cursor.into(),
            has_more: true,
        }
    }

    fn names(ws: &Workspace, org: Uuid) -> Vec<String> {
        let mut names: Vec<String> = ws
            .records(Some(org), RecordKind::Contact)
            .unwrap()
            .into_iter()
            .map(|local| match local.record {
                Record::Contact(c) => c.name,
                other => panic!("not a contact: {:?}", other.kind()),
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_window_reads_while_a_sync_holds_the_write_side_mid_page() {
        let dir = tempfile::tempdir().unwrap();
        let config = WorkspaceConfig::new(dir.path(), "test", "http://127.0.0.1:9");
        let transport = HttpTransport::new(&config.service_url, Timeouts::default()).unwrap();
        let ws =
            Workspace::open_with(&config, Arc::new(MemorySecrets::default()), transport).unwrap();
        let org = Uuid::now_v7();
        let store = ws.shared_store();
        store
            .transaction(|tx| {
                organizations::replace_all(
                    tx,
                    &[ManagedOrganization {
                        id: org,
                        name: "Org".into(),
                        websites: vec![],
                    }],
                )?;
                apply_page(tx, org, &contact_page(org, &["Anna"], "1"), false)
            })
            .unwrap();
        // An edit made here: counted in the status from the read side.
        let anna = ws.records(Some(org), RecordKind::Contact).unwrap()[0]
            .record
            .id();
        let mut city = serde_json::Map::new();
        city.insert("city".into(), "Zwolle".into());
        ws.update_fields(RecordKind::Contact, anna, city).unwrap();

        // The sync applies its next page: the same transaction function,
        // held open here (mid-page) while the window reads on its thread.
        let (answers, answered) = mpsc::channel();
        store
            .transaction(|tx| {
                apply_page(tx, org, &contact_page(org, &["Bram", "Cato"], "2"), false)?;
                let reader = ws.clone();
                std::thread::spawn(move || {
                    let read = (
                        names(&reader, org),
                        reader.record(RecordKind::Contact, Uuid::now_v7()).is_err(),
                        reader.conflicts().unwrap().len(),
                        reader.rejected_edits().unwrap().len(),
                        reader.due_for_review(Some(org)).unwrap().len(),
                    );
                    let _ = answers.send(read);
                });
                // The read has answered before this page commits.
                let (seen, missing_is_not_found, conflicts, rejected, due) = answered
                    .recv_timeout(STUCK)
                    .expect("a read waited for the write side");
                // It shows the last committed state, never half a page.
                assert_eq!(seen, ["Anna"]);
                assert!(missing_is_not_found);
                assert_eq!((conflicts, rejected), (0, 0));
                assert_eq!(due, 1, "Anna, never checked");
                Ok(())
            })
            .unwrap();
        assert_eq!(names(&ws, org), ["Anna", "Bram", "Cato"]);
        assert_eq!(ws.status().pending_edits, 1);
    }
}
