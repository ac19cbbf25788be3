//! How the core deals with threads, in two rules:
//!
//! - [`off_thread`]: blocking work (SQLite, files, the keyring) called from
//!   async code runs on tokio's blocking pool, so neither the window's main
//!   thread nor an async worker waits for the disk;
//! - [`acquire`]: every `std::sync::Mutex` is taken with it, never with
//!   `lock().unwrap()`.
//!
//! `acquire` tolerates poisoning. A mutex is poisoned when a thread panicked while
//! holding it; `lock().unwrap()` would then panic in every later caller, so
//! one panic (say, inside one background sync) would take down every later
//! sync and UI command. What the core keeps behind its mutexes stays sound
//! through a panic: a store connection's open transaction is rolled back
//! when the unwinding drops it, and the other guarded values (secrets in
//! memory, test fakes) are replaced whole, never left half-written.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{CoreError, CoreResult};

/// Locks `mutex`, waiting for it, and carries on past a poisoned lock.
pub fn acquire<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs blocking work on tokio's blocking pool and waits for it without
/// blocking the calling thread. A panic in `f` comes back as
/// [`CoreError::Interrupted`] and is logged without its message (which
/// could quote data). Must be called within a tokio runtime.
pub async fn off_thread<R, F>(f: F) -> CoreResult<R>
where
    F: FnOnce() -> CoreResult<R> + Send + 'static,
    R: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) => {
            tracing::error!(panicked = e.is_panic(), "blocking work did not finish");
            Err(CoreError::Interrupted("blocking work"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_holding_the_lock_does_not_lock_out_later_callers() {
        let mutex = std::sync::Arc::new(Mutex::new(1));
        let held = mutex.clone();
        let panicked = std::thread::spawn(move || {
            let _guard = acquire(&held);
            panic!("a panic while holding the lock");
        })
        .join();
        assert!(panicked.is_err());
        assert!(mutex.is_poisoned());
        *acquire(&mutex) += 1;
        assert_eq!(*acquire(&mutex), 2);
    }
}
