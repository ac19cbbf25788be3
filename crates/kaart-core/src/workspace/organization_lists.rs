//! The workspace's *Organisaties* lists: one page of an organisation's
//! offerings or contact persons, and the tabs' counts (see
//! [`crate::record_page`]). Kept apart from `workspace.rs`, which owns
//! opening, signing in and syncing.

use uuid::Uuid;

use super::Workspace;
use crate::error::CoreResult;
use crate::record_page::{self, RecordCounts, RecordPage, RecordQuery};

impl Workspace {
    /// One page of an organisation's offerings or contact persons, by name.
    pub fn record_page(&self, query: RecordQuery) -> CoreResult<RecordPage> {
        record_page::page(&self.read(), &query)
    }

    /// How many offerings and contact persons the organisation has.
    pub fn record_counts(&self, organization: Uuid) -> CoreResult<RecordCounts> {
        record_page::counts(&self.read(), organization)
    }
}
