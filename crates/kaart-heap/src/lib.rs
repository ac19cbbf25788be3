//! Giving freed heap memory back to the operating system.
//!
//! glibc's `malloc` keeps what a thread frees in that thread's arena for the
//! next allocation, and only hands memory back when the free space happens
//! to sit at the top of an arena. After a burst of work — a page of 20,000
//! sign-ups sorted in SQLite, a sync page parsed and written, a list
//! serialised for the window — the app's resident memory therefore stays at
//! the burst's high-water mark for as long as it runs, though little of it
//! is in use. `malloc_trim(0)` walks every arena and returns the free pages
//! (`madvise`), which is what brings it back down. It is glibc's own
//! function, so SQLite's allocations (C code, the same `malloc`) are covered
//! too. It locks each arena in turn: call it when the app is idle
//! (`kaart_core::memory_release` decides when).
//!
//! Other platforms: the Windows heap and macOS's allocator return free
//! pages on their own and have no such call; this is a no-op there.
//!
//! Its own crate because the workspace forbids `unsafe` code and this is
//! the one call that needs it (no maintained crate wraps it).

/// Returns the free pages of every malloc arena to the operating system.
/// `true` when glibc says it released something; always `false` where
/// there is nothing to call.
pub fn give_back_freed_memory() -> bool {
    give_back()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn give_back() -> bool {
    // SAFETY: malloc_trim takes a plain size (the padding to keep, here
    // none), touches only the allocator's own state under its own locks, and
    // is safe to call from any thread at any time.
    unsafe { libc::malloc_trim(0) != 0 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back() -> bool {
    false
}
