//! The `kaartbeheer` binary. All wiring lives in the library (`src/lib.rs`).

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    kaartbeheer_lib::run();
}
