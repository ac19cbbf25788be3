//! What the call is for, measured on the process itself: memory a worker
//! thread allocated in many small pieces and freed (but not the last piece,
//! so the free space is not at the top of its arena) stays resident until
//! it is given back. Its own test binary, so no other test allocates at the
//! same time.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn memory_a_thread_freed_leaves_the_process() {
    /// Resident pages of this process, in MiB (`/proc/self/statm`, 2nd field).
    fn resident_mib() -> f64 {
        let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
        let pages: f64 = statm
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .expect("resident pages");
        pages * 4096.0 / (1024.0 * 1024.0)
    }

    let before = resident_mib();
    // 200,000 pieces of 1 KiB (≈ 200 MiB with their headers) in a thread of
    // its own, so they live in a thread arena; all but the last freed.
    let kept = std::thread::spawn(|| {
        let mut pieces: Vec<Box<[u8; 1024]>> =
            (0..200_000).map(|_| Box::new([7u8; 1024])).collect();
        let last = pieces.pop().expect("a piece");
        drop(pieces);
        last
    })
    .join()
    .expect("the allocating thread");
    let freed = resident_mib();
    assert!(
        freed - before > 100.0,
        "the freed pieces should still be resident before the call: {before:.0} → {freed:.0} MiB"
    );

    assert!(
        kaart_heap::give_back_freed_memory(),
        "glibc released nothing"
    );
    let after = resident_mib();
    assert!(
        freed - after > 100.0,
        "giving back should return most of the freed 200 MiB: {freed:.0} → {after:.0} MiB"
    );
    assert_eq!(kept[0], 7);
}
