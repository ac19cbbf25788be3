//! The export file itself: written to a temporary file in the target's own
//! folder and renamed over the target only once complete, so a cancelled or
//! failed export leaves no half file behind (the temporary file is removed
//! when dropped) and an existing file of that name is only replaced by a
//! complete one.

use std::fs::File;
use std::path::Path;

use crate::error::{CoreError, CoreResult};
use crate::error_reason::{ErrorReason, SaveFailure};

/// Runs `write` on a temporary file next to `path`, then renames it to
/// `path`. On any error nothing is left at either place.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut File) -> CoreResult<()>,
) -> CoreResult<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".kaart-export-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| not_writable(&e))?;
    // A write that fails (a full disk, a removed drive) is about the export
    // file, not the local data: say so.
    write(tmp.as_file_mut()).map_err(|e| match e {
        CoreError::Io(io) => not_writable(&io),
        other => other,
    })?;
    tmp.as_file().sync_all().map_err(|e| not_writable(&e))?;
    tmp.persist(path).map_err(|e| not_writable(&e.error))?;
    Ok(())
}

fn not_writable(e: &std::io::Error) -> CoreError {
    let cause = match e.kind() {
        std::io::ErrorKind::PermissionDenied => SaveFailure::NoPermission,
        std::io::ErrorKind::NotFound => SaveFailure::NoFolder,
        _ => SaveFailure::WriteFailed,
    };
    CoreError::Export(ErrorReason::ExportNotSaved { cause })
}
