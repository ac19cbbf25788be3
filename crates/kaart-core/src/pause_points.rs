//! Named points in a sync where a test can freeze the process, to kill it
//! there with SIGKILL (the crash tests). Set `KAART_PAUSE_AT=<point>` or
//! `<point>:<n>` (the n-th time the point is reached); the process then
//! prints `paused at <point>` on stderr and sleeps until killed. Unset, a
//! point costs one comparison.
//!
//! Points: `push-before-send` (entries marked as attempted, batch not yet
//! sent), `push-answered` (the service answered, the answer not yet stored),
//! `pull-page-fetched` (a page arrived, not yet applied), `pull-page-applied`
//! (a page and its cursor committed).

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

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

/// Marks that the sync reached `point`.
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
