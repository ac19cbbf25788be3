//! Pulling the changes feed of one organisation, page by page. Each page is
//! applied in one transaction together with its cursor, so a crash loses at
//! most the page in flight. A cursor the service no longer honours (410)
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
use crate::store::{conflicts, outbox, records};
use crate::transport::{Transport, TransportError};

/// Changes per page asked for (the service's maximum).
pub const PAGE_SIZE: u32 = kaart_api::sync::MAX_PAGE_SIZE;

impl<T: Transport> SyncEngine<'_, T> {
    pub async fn pull(&self, org: Uuid, report: &mut SyncReport) -> CoreResult<()> {
        let mut done = 0u64;
        loop {
            let position = {
                let mut store = self.store.lock().unwrap();
                let tx = store.conn_mut().transaction()?;
                let mut position = organizations::position(&tx, org)?;
                if position.cursor.is_none() && !position.resyncing {
                    // From scratch: whatever is local must be confirmed again.
                    records::mark_stale(&tx, org)?;
                    position.resyncing = true;
                    organizations::set_position(&tx, org, &position)?;
                }
                tx.commit()?;
                position
            };
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
                    let store = self.store.lock().unwrap();
                    organizations::set_position(store.conn(), org, &FeedPosition::default())?;
                    continue;
                }
                other => other?,
            };
            pause_points::reached("pull-page-fetched");
            done += page.changes.len() as u64;
            {
                let mut store = self.store.lock().unwrap();
                let tx = store.conn_mut().transaction()?;
                apply_page(&tx, org, &page, position.resyncing)?;
                if !page.has_more {
                    organizations::set_last_synced(&tx, org, chrono::Utc::now())?;
                }
                tx.commit()?;
            }
            report.pages += 1;
            report.pulled_changes += page.changes.len() as u64;
            (self.on_progress)(Progress {
                phase: Phase::Pull,
                done,
                total: None,
            });
            pause_points::reached("pull-page-applied");
            if !page.has_more {
                return Ok(());
            }
        }
    }
}

fn apply_page(
    tx: &Transaction<'_>,
    org: Uuid,
    page: &ChangesPage,
    resyncing: bool,
) -> CoreResult<()> {
    for change in &page.changes {
        match change {
            Change::Upsert { version, record } => records::upsert(tx, record, *version)?,
            Change::Tombstone { kind, id } => {
                records::delete(tx, *kind, *id)?;
                if *kind == RecordKind::Signup {
                    // Unsubscribed or purged: nothing of it may stay here.
                    conflicts::delete_for_record(tx, *kind, *id)?;
                    for entry in outbox::for_record(tx, *kind, *id)? {
                        outbox::delete(tx, entry.seq)?;
                    }
                }
            }
        }
    }
    let finished = resyncing && !page.has_more;
    if finished {
        records::delete_stale(tx, org)?;
    }
    organizations::set_position(
        tx,
        org,
        &FeedPosition {
            cursor: Some(page.cursor.clone()),
            resyncing: resyncing && !finished,
        },
    )?;
    Ok(())
}
