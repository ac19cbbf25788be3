//! Which OS credential store holds the store key and the session token, and
//! the compile-time guard that there is one.
//!
//! The `keyring` crate picks its store from its features; for a platform
//! whose feature is off it silently falls back to an in-memory mock. For
//! Kaartbeheer that would be a disaster that only shows after a restart: the
//! store's key would be gone and the manager would face "kan uw gegevens niet
//! openen" at every start. So each platform's store is a kaart-core feature
//! (on by default), and a build for a platform without its feature — or for
//! a platform with no supported store at all — does not compile.
//!
//! Tests that need no real keyring use `secrets::MemorySecrets`, never
//! keyring's mock.

#[cfg(all(
    any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"),
    not(feature = "secret-service")
))]
compile_error!(
    "kaart-core: building for Linux/BSD without the `secret-service` feature would keep \
     the store key in memory only (keyring's mock). Enable the feature."
);

#[cfg(all(target_os = "windows", not(feature = "windows-credentials")))]
compile_error!(
    "kaart-core: building for Windows without the `windows-credentials` feature would keep \
     the store key in memory only (keyring's mock). Enable the feature."
);

#[cfg(all(target_os = "macos", not(feature = "macos-keychain")))]
compile_error!(
    "kaart-core: building for macOS without the `macos-keychain` feature would keep \
     the store key in memory only (keyring's mock). Enable the feature."
);

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "windows",
    target_os = "macos"
)))]
compile_error!(
    "kaart-core: this platform has no credential store that Kaartbeheer supports; \
     it would keep the store key in memory only."
);

/// The name of the credential store this build uses, for the about screen
/// and support questions.
pub const STORE_NAME: &str = if cfg!(target_os = "windows") {
    "Windows Credential Manager"
} else if cfg!(target_os = "macos") {
    "macOS Keychain"
} else {
    "Secret Service (D-Bus)"
};
