//! Giving memory back once the app is idle.
//!
//! A burst of work — a sync page written, a page of 20,000 sign-ups sorted,
//! an export — leaves decrypted pages in the store's caches (up to 96 MiB)
//! and free space in the allocator's arenas, all of it counted as the app's
//! memory for as long as it runs. Freeing it after every query would throw
//! away the cache that makes the next page fast while the manager scrolls;
//! so [`IdleRelease`] waits until nothing has happened for a while (every
//! command from the window and every sync status change counts as
//! something: the app calls [`IdleRelease::activity`]) and then releases
//! once: the store's page caches ([`Store::release_caches`]) and the free
//! heap (`kaart_heap`). The first query after that decrypts its pages
//! again (tens of ms for a large list).
//!
//! [`Store::release_caches`]: crate::store::Store::release_caches
//! ([`Workspace::release_memory`](crate::workspace::Workspace::release_memory))

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// How long the app must be quiet before memory is released.
pub const IDLE_BEFORE_RELEASE: Duration = Duration::from_secs(2);

/// Releases memory once after each burst of activity, when `idle` has
/// passed without any.
#[derive(Debug, Default)]
pub struct IdleRelease {
    activity: Notify,
}

impl IdleRelease {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Something happened: the release waits until `idle` after the last
    /// call. Cheap; never blocks.
    pub fn activity(&self) {
        // Stores a permit when the loop is not waiting at this moment, so
        // no activity is missed.
        self.activity.notify_one();
    }

    /// Runs for as long as the app does: after each burst of activity,
    /// once `idle` has passed without more, `release` (the app: `Workspace::release_memory`) runs on the blocking
    /// pool (it takes locks and walks the heap).
    pub async fn run(&self, idle: Duration, release: Arc<dyn Fn() + Send + Sync>) {
        loop {
            self.activity.notified().await;
            loop {
                tokio::select! {
                    () = tokio::time::sleep(idle) => break,
                    () = self.activity.notified() => {}
                }
            }
            let release = release.clone();
            if tokio::task::spawn_blocking(move || release())
                .await
                .is_err()
            {
                tracing::warn!("releasing memory failed");
            }
        }
    }
}

/// Gives the allocator's free memory back without a workspace (the app
/// before its store is open).
pub fn release_heap() {
    kaart_heap::give_back_freed_memory();
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    use super::*;

    /// The release loop with a short quiet time, and a release that counts.
    fn started(idle: Duration) -> (Arc<IdleRelease>, Arc<AtomicUsize>) {
        let release = IdleRelease::new();
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        let looping = release.clone();
        tokio::spawn(async move {
            looping
                .run(
                    idle,
                    Arc::new(move || {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }),
                )
                .await;
        });
        (release, count)
    }

    /// Waits (up to 10 s) until `count` reaches `n`.
    async fn until(count: &AtomicUsize, n: usize) {
        let began = Instant::now();
        while count.load(Ordering::SeqCst) < n && began.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn a_burst_of_activity_is_released_once_when_it_is_over() {
        let idle = Duration::from_millis(400);
        let (release, released) = started(idle);
        tokio::time::sleep(idle * 2).await;
        assert_eq!(released.load(Ordering::SeqCst), 0, "nothing happened yet");

        // Scrolling: a command every 20 ms for 1.2 s, three times the quiet
        // time.
        let burst = Instant::now();
        while burst.elapsed() < idle * 3 {
            release.activity();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            released.load(Ordering::SeqCst),
            0,
            "not while the manager is still busy"
        );
        until(&released, 1).await;
        assert_eq!(released.load(Ordering::SeqCst), 1, "once, when it is quiet");
        tokio::time::sleep(idle * 3).await;
        assert_eq!(
            released.load(Ordering::SeqCst),
            1,
            "and not again while idle"
        );

        release.activity();
        until(&released, 2).await;
        assert_eq!(released.load(Ordering::SeqCst), 2, "the next burst too");
    }
}
