//! The *Organisaties* lists: one page of an organisation's offerings or
//! contact persons, and the tabs' counts — never a whole table (all local:
//! they work offline).

use kaart_core::record_page::{RecordCounts, RecordPage, RecordQuery};
use uuid::Uuid;

workspace_commands! {
    fn record_page(query: RecordQuery) -> RecordPage = record_page;
    fn record_counts(organization: Uuid) -> RecordCounts = record_counts;
}
