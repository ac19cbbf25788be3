//! The sync API between Kaartbeheer and the central service, as Rust types
//! shared by the client (`kaart-core`) and the reference server
//! (`kaart-server`). Nothing here does I/O: it is the contract.
//!
//! - [`records`]: the records an information manager keeps (HSDS-aligned names).
//! - [`fields`]: records as field maps, the unit of field-level compare-and-set.
//! - [`sync`]: the changes feed and the batched, idempotent mutations.
//! - [`account`]: sign-in, the manager's own profile and organisations, policy.
//! - [`public`]: what the public websites post: sign-ups and unsubscribes.
//! - [`routes`]: the route paths, for the server's router and the client's URLs.
//! - [`error`]: the error body every non-2xx answer carries.
//! - [`validate`]: the Dutch validation rules both sides apply.
//! - [`tidy`]: tidying typed input (postcodes) into the form the rules ask for.
//!
//! The routes themselves are documented in `docs/openapi.json`, generated
//! from the server's code.

pub mod account;
pub mod error;
pub mod fields;
pub mod public;
pub mod records;
pub mod routes;
pub mod sync;
pub mod tidy;
pub mod validate;

use std::path::Path;

use ts_rs::TS;

/// The path prefix of every private (manager) route.
pub const API_PREFIX: &str = "/api/v1";
/// The path prefix of the public (website) routes.
pub const PUBLIC_PREFIX: &str = "/public/v1";

/// The ts-rs settings every crate exports with: `i64` versions are plain
/// JSON numbers on the wire, so they are `number` in TypeScript.
pub fn bindings_config(dir: &Path) -> ts_rs::Config {
    ts_rs::Config::new()
        .with_large_int("number")
        .with_out_dir(dir)
}

/// Writes the TypeScript declarations of every type the UI may see into `dir`
/// (ts-rs, one file per type). Used by the drift test in `kaart-core`.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let cfg = bindings_config(dir);
    let dir = &cfg;
    records::Record::export_all(dir)?;
    records::RecordKind::export_all(dir)?;
    fields::FieldChange::export_all(dir)?;
    sync::Change::export_all(dir)?;
    sync::Mutation::export_all(dir)?;
    sync::MutationResult::export_all(dir)?;
    account::Me::export_all(dir)?;
    account::Policy::export_all(dir)?;
    error::ApiError::export_all(dir)?;
    Ok(())
}
