//! Kaartbeheer's core: everything the desktop app does that can run without a
//! window. `src-tauri` only wires this crate's functions to commands, the tray
//! and notifications; every rule lives here so it can be tested headless.
//!
//! - [`store`]: the encrypted local store (SQLCipher, key in the OS keyring).
//! - [`local_view`] and [`edits`]: what the manager sees and changes offline.
//! - [`sync`]: the sync engine (push the outbox, pull the changes feed).
//! - [`resolution`]: deciding conflicts.
//! - [`activity_list`] and [`signup_list`]: one page of the activity list
//!   with its counts (sorted, searched by title), and one page of a sign-up
//!   list (sorted, filtered, searched with FTS5).
//! - [`record_page`]: one page of an organisation's offerings or contact
//!   persons (by name, searched by name), and the tabs' counts.
//! - [`review`]: which records are due (or almost) for their periodic check,
//!   in Dutch dates, under the service's policy.
//! - [`retention`]: sign-ups deleted from this computer after the policy's
//!   retention period, and which will be soon.
//! - [`notices`]: what the desktop notifications and the tray tell, once
//!   per record and due period (remembered in the store).
//! - [`person_request`]: a data subject's request (access, rectification,
//!   erasure, portability): find one person everywhere, export, erase, and
//!   the log of requests with their four-week deadline.
//! - [`scheduler`]: background sync and the status the UI shows.
//! - [`workspace`]: the one facade the app holds ([`Workspace`]).
//! - [`threads`]: how blocking work leaves async code, and how mutexes are
//!   taken.
//! - [`secrets`]: the store key and session token in the OS keyring, bound
//!   to the store they belong to.
//! - [`logging`]: the app's rotating log files (no personal data).

pub mod activity_list;
pub mod contact_photo;
pub mod edits;
pub mod error;
pub mod error_reason;
pub mod export;
pub mod hsds;
pub mod http_transport;
pub mod ipc;
pub mod local_view;
pub mod logging;
pub mod memory_release;
pub mod notices;
mod pause_points;
pub mod person_request;
pub mod platform_keyring;
pub mod record_page;
pub mod resolution;
pub mod retention;
pub mod review;
pub mod scheduler;
pub mod secrets;
pub mod signup_list;
pub mod store;
pub mod sync;
pub mod threads;
pub mod transport;
pub mod ui_language;
pub mod workspace;

pub use error::{CoreError, CoreResult};
pub use workspace::{Workspace, WorkspaceConfig};
