//! Kaartbeheer's core: everything the desktop app does that can run without a
//! window. `src-tauri` only wires this crate's functions to commands, the tray
//! and notifications; every rule lives here so it can be tested headless.

pub mod ipc;
