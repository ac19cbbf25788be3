//! Abuse limits, kept in memory (a restart forgives):
//!
//! - [`SignInThrottle`] slows down password guessing. Failed sign-ins are
//!   counted per (user name, client address) — so that someone guessing
//!   from elsewhere cannot lock a manager out — and per client address over
//!   all names (so that one address cannot spray guesses over many names).
//!   After the free attempts a key is locked for 5 s, doubling with every
//!   further failure up to [`MAX_LOCK`]. A successful sign-in clears its
//!   (name, address) count. Names are normalised (trimmed, lower case) so
//!   that variants of one name share a count.
//! - [`RateWindow`] counts public sign-ups per client address and per
//!   activity in fixed windows.
//!
//! Every refusal says how long to wait (`Retry-After`). An IPv6 client
//! counts by its /64 (one subscriber's block), see [`client_key`].

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Failed sign-ins for one name from one address before it is locked.
pub const FREE_ATTEMPTS: u32 = 5;
/// Failed sign-ins from one address (any names) before it is locked.
pub const FREE_ADDRESS_ATTEMPTS: u32 = 20;
pub const MAX_LOCK: Duration = Duration::from_secs(15 * 60);
/// Entries kept before the expired ones are swept out.
const SWEEP_AT: usize = 100_000;

/// The key variants of one user name share: trimmed, lower case.
pub fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

/// The address a client is counted by: an IPv4 address (also when mapped
/// into IPv6) as it is, an IPv6 address by its /64 prefix, since one
/// subscriber usually has a whole /64 to pick addresses from.
pub fn client_key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

/// Failures per key, with the lock they earned.
#[derive(Debug)]
struct Lockout<K> {
    free: u32,
    map: Mutex<HashMap<K, (u32, Option<Instant>)>>,
}

impl<K: Eq + Hash> Lockout<K> {
    fn new(free: u32) -> Self {
        Lockout {
            free,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn locked_for(&self, key: &K, now: Instant) -> Option<Duration> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let (_, until) = map.get(key)?;
        until.and_then(|u| u.checked_duration_since(now))
    }

    fn failed(&self, key: K, now: Instant) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > SWEEP_AT {
            map.retain(|_, (_, until)| until.is_some_and(|u| u > now));
        }
        let entry = map.entry(key).or_insert((0, None));
        entry.0 += 1;
        if entry.0 >= self.free {
            let doublings = (entry.0 - self.free).min(16);
            let lock = Duration::from_secs(5u64 << doublings).min(MAX_LOCK);
            entry.1 = Some(now + lock);
        }
    }

    fn clear(&self, key: &K) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[derive(Debug)]
pub struct SignInThrottle {
    by_name: Lockout<(String, IpAddr)>,
    by_address: Lockout<IpAddr>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            by_name: Lockout::new(FREE_ATTEMPTS),
            by_address: Lockout::new(FREE_ADDRESS_ATTEMPTS),
        }
    }
}

impl SignInThrottle {
    /// How long sign-ins for `username` from `addr` must still wait, if at all.
    pub fn locked_for(&self, username: &str, addr: IpAddr) -> Option<Duration> {
        let addr = client_key(addr);
        let now = Instant::now();
        let name = self
            .by_name
            .locked_for(&(normalise_username(username), addr), now);
        let address = self.by_address.locked_for(&addr, now);
        name.max(address)
    }

    pub fn failed(&self, username: &str, addr: IpAddr) {
        let addr = client_key(addr);
        let now = Instant::now();
        self.by_name
            .failed((normalise_username(username), addr), now);
        self.by_address.failed(addr, now);
    }

    pub fn succeeded(&self, username: &str, addr: IpAddr) {
        let addr = client_key(addr);
        self.by_name.clear(&(normalise_username(username), addr));
    }
}

/// At most `max` events per key in each fixed window of `window`.
#[derive(Debug)]
pub struct RateWindow<K> {
    max: u32,
    window: Duration,
    map: Mutex<HashMap<K, (Instant, u32)>>,
}

impl<K: Eq + Hash> RateWindow<K> {
    pub fn new(max: u32, window: Duration) -> Self {
        RateWindow {
            max,
            window,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event for `key`; `Err(wait)` when the window's allowance
    /// is used up (the event is then not counted).
    pub fn hit(&self, key: K) -> Result<(), Duration> {
        self.hit_at(key, Instant::now())
    }

    fn hit_at(&self, key: K, now: Instant) -> Result<(), Duration> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > SWEEP_AT {
            let window = self.window;
            map.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = map.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return Err(self.window.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// Public sign-ups allowed per client address per window.
pub const SIGNUPS_PER_ADDRESS: u32 = 10;
/// Public sign-up attempts allowed per activity per window.
pub const SIGNUPS_PER_ACTIVITY: u32 = 120;
pub const SIGNUP_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The public sign-up limits: per client address and per activity.
#[derive(Debug)]
pub struct SignupLimits {
    pub per_address: RateWindow<IpAddr>,
    pub per_activity: RateWindow<Uuid>,
}

impl Default for SignupLimits {
    fn default() -> Self {
        SignupLimits {
            per_address: RateWindow::new(SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW),
            per_activity: RateWindow::new(SIGNUPS_PER_ACTIVITY, SIGNUP_WINDOW),
        }
    }
}

impl SignupLimits {
    /// Counts one sign-up attempt; `Err(wait)` when either limit is reached.
    pub fn hit(&self, addr: IpAddr, activity: Uuid) -> Result<(), Duration> {
        self.per_address.hit(client_key(addr))?;
        self.per_activity.hit(activity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 3));

    #[test]
    fn locks_a_name_after_the_free_attempts_from_that_address_only() {
        let t = SignInThrottle::default();
        for _ in 0..FREE_ATTEMPTS - 1 {
            t.failed("Demo", HERE);
            assert!(t.locked_for("demo", HERE).is_none());
        }
        t.failed(" demo ", HERE);
        assert!(t.locked_for("DEMO", HERE).is_some());
        assert!(t.locked_for("demo", THERE).is_none(), "not from elsewhere");
        t.succeeded("demo", HERE);
        assert!(t.locked_for("demo", HERE).is_none());
    }

    #[test]
    fn an_address_spraying_names_is_locked() {
        let t = SignInThrottle::default();
        for i in 0..FREE_ADDRESS_ATTEMPTS {
            t.failed(&format!("naam{i}"), HERE);
        }
        assert!(t.locked_for("iemand-anders", HERE).is_some());
        assert!(t.locked_for("iemand-anders", THERE).is_none());
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
        let t = SignInThrottle::default();
        for _ in 0..FREE_ATTEMPTS {
            t.failed("demo", a);
        }
        assert!(t.locked_for("demo", b).is_some(), "same /64");
        assert!(t.locked_for("demo", c).is_none());
    }

    #[test]
    fn a_rate_window_refuses_beyond_its_allowance_until_it_ends() {
        let w = RateWindow::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(w.hit_at("a", t0).is_ok());
        assert!(w.hit_at("a", t0).is_ok());
        let wait = w.hit_at("a", t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(w.hit_at("b", t0).is_ok(), "per key");
        assert!(w.hit_at("a", t0 + Duration::from_secs(60)).is_ok());
    }
}
