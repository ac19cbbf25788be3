//! Slowing down password guessing: per username, failed sign-ins are counted;
//! after [`FREE_ATTEMPTS`] failures the name is locked for a period that
//! starts at 5 s and doubles with every further failure (up to [`MAX_LOCK`]). A successful
//! sign-in clears the count. Kept in memory: a restart forgives.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FREE_ATTEMPTS: u32 = 5;
pub const MAX_LOCK: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<String, (u32, Option<Instant>)>>,
}

impl SignInThrottle {
    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// How long the name is still locked, if it is.
    pub fn locked_for(&self, username: &str) -> Option<Duration> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (_, until) = map.get(&Self::key(username))?;
        until.and_then(|u| u.checked_duration_since(Instant::now()))
    }

    pub fn failed(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, until)| until.is_some_and(|u| u > Instant::now()));
        }
        let entry = map.entry(Self::key(username)).or_insert((0, None));
        entry.0 += 1;
        if entry.0 >= FREE_ATTEMPTS {
            let doublings = (entry.0 - FREE_ATTEMPTS).min(16);
            let lock = Duration::from_secs(5u64 << doublings).min(MAX_LOCK);
            entry.1 = Some(Instant::now() + lock);
        }
    }

    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Self::key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_free_attempts() {
        let t = SignInThrottle::default();
        for _ in 0..FREE_ATTEMPTS - 1 {
            t.failed("Demo");
            assert!(t.locked_for("demo").is_none());
        }
        t.failed("demo");
        assert!(t.locked_for("DEMO").is_some());
        t.succeeded("demo");
        assert!(t.locked_for("demo").is_none());
    }
}
