//! The app's log: `tracing` events written to daily files in the app's log
//! folder (`kaartbeheer.<date>.log`), the oldest deleted beyond
//! [`MAX_LOG_FILES`], so a support question can be answered from the files
//! without the log growing without end.
//!
//! The level comes from `KAARTBEHEER_LOG` (an `EnvFilter`, e.g. `debug` or
//! `kaart_core=trace`), `info` when unset. What is logged never holds
//! personal data or tokens at any level: the core logs counts, ids and
//! error kinds only (see `error.rs`), and a test syncs an organisation with
//! sign-ups at `trace` and searches the files for their e-mail addresses and
//! the session token.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::error::{CoreError, CoreResult};

/// The environment variable with the log filter.
pub const LOG_FILTER_ENV: &str = "KAARTBEHEER_LOG";
/// The file name start of the log files.
pub const LOG_FILE_PREFIX: &str = "kaartbeheer";
/// Daily files kept: two weeks.
pub const MAX_LOG_FILES: usize = 14;

/// Keeps the log writer alive: hold it for as long as the app runs; when it
/// is dropped, what is still buffered is written out.
#[must_use = "dropping the guard stops the log"]
#[derive(Debug)]
pub struct LogGuard {
    _writer: WorkerGuard,
}

/// Starts the log in `log_dir` with the filter from [`LOG_FILTER_ENV`].
pub fn init(log_dir: &Path) -> CoreResult<LogGuard> {
    let filter = EnvFilter::try_from_env(LOG_FILTER_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    init_with(log_dir, filter)
}

/// Starts the log in `log_dir` with the given filter. Fails when the folder
/// cannot be made or a global subscriber is already set.
pub fn init_with(log_dir: &Path, filter: EnvFilter) -> CoreResult<LogGuard> {
    std::fs::create_dir_all(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(MAX_LOG_FILES)
        .build(log_dir)
        .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false),
        )
        .try_init()
        .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
    Ok(LogGuard { _writer: guard })
}
