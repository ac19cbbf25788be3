//! Named points in a sync where a test can freeze the process, to kill it
//! there with SIGKILL (the crash tests). Set `KAART_PAUSE_AT=<point>` or
//! `<point>:<n>` (the n-th time the point is reached); the process then
//! prints `paused at <point>` on stderr and sleeps until killed. Unset, a
//! point costs one comparison.
//!
//! A test seam: it only exists with the `test-seams` feature (on for this
//! crate's own tests and the `kaart-sync` they run, through the crate's
//! dev-dependency on itself). Without it, [`reached`] is empty and the
//! variable is not even read, so the shipped app cannot be frozen by it.
//!
//! Points: `push-before-send` (entries marked as attempted, batch not yet
//! sent), `push-answered` (the service answered, the answer not yet stored),
//! `pull-page-fetched` (a page arrived, not yet applied), `pull-page-applied`
//! (a page and its cursor committed).

#[cfg(feature = "test-seams")]
use std::io::Write;
#[cfg(feature = "test-seams")]
use std::sync::atomic::{AtomicU32, Ordering};
#[cfg(feature = "test-seams")]
use std::sync::OnceLock;

#[cfg(feature = "test-seams")]
fn target() -> &'static Option<(String, u32)> {
    static TARGET: OnceLock<Option<(String, u32)>> = OnceLock::new();
    TARGET.get_or_init(|| {
        let value = std::env::var("KAART_PAUSE_AT").ok()?;
        Some(match value.split_once(':') {
            Some((point, n)) => (point.to_string(), n.parse().unwrap_or(1)),
            None => (value, 1),
        })
    })
}

/// Marks that the sync reached `point` (without `test-seams`: nothing).
#[cfg(not(feature = "test-seams"))]
#[inline(always)]
pub(crate) fn reached(_point: &str) {}

/// Marks that the sync reached `point`.
#[cfg(feature = "test-seams")]
pub(crate) fn reached(point: &str) {
    static HITS: AtomicU32 = AtomicU32::new(0);
    let Some((wanted, nth)) = target() else {
        return;
    };
    if wanted != point {
        return;
    }
    if HITS.fetch_add(1, Ordering::SeqCst) + 1 == *nth {
        let mut stderr = std::io::stderr();
        let _ = writeln!(stderr, "paused at {point}");
        let _ = stderr.flush();
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}
