//! How the window's webview draws, on Linux.
//!
//! WebKitGTK composites the page on the GPU by default: every scrolling
//! area (the section, each virtual list) becomes a layer of 512-pixel tiles
//! kept as GL textures. On a machine without a GPU driver that WebKit can
//! use — a virtual desktop, a remote session, the CI machine — Mesa's
//! software GL (llvmpipe) holds those textures in the web process's own
//! memory. Measured on the bench set (`docs/benchmarks.md`, "The release
//! app"): with the 20,000-sign-up activity open, compositing took 130 MiB
//! of the web process's 259 MiB, against 51 MiB for an empty window. This
//! app shows forms and lists; it has no animation or video that needs the
//! GPU, and painting a list on the CPU is quick. So the app switches
//! compositing off (`WEBKIT_DISABLE_COMPOSITING_MODE`, read by WebKitGTK
//! when its web process starts), which also sidesteps the blank windows
//! some GPU drivers give WebKitGTK.
//!
//! A manager (or a test) who wants it back sets
//! `WEBKIT_DISABLE_COMPOSITING_MODE=0`: a value already set is left alone.
//! Windows (WebView2) and macOS (WKWebView) are not affected.

/// The variable WebKitGTK reads; any value but `0` switches compositing off.
pub const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing in `main`, before any thread starts (the environment
/// is the process's, and the webview's processes inherit it).
pub fn choose() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DISABLE_COMPOSITING).is_none() {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// One test for both cases: the variable is the process's, shared by
    /// every test thread, and no other test reads it.
    #[test]
    fn compositing_is_switched_off_unless_the_manager_chose() {
        std::env::remove_var(DISABLE_COMPOSITING);
        choose();
        assert_eq!(std::env::var(DISABLE_COMPOSITING).as_deref(), Ok("1"));

        std::env::set_var(DISABLE_COMPOSITING, "0");
        choose();
        assert_eq!(
            std::env::var(DISABLE_COMPOSITING).as_deref(),
            Ok("0"),
            "a value already set is kept"
        );
        std::env::remove_var(DISABLE_COMPOSITING);
    }
}
