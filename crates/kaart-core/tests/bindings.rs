//! The TypeScript types the UI imports (`ui/src/lib/bindings/`) are generated
//! from the Rust types with ts-rs and committed. This test regenerates them
//! into a temporary folder and fails when the committed files differ, so the
//! UI can never drift from the Rust side unnoticed.
//!
//! After changing an IPC type, run `UPDATE_BINDINGS=1 cargo test -p kaart-core --test bindings`
//! and commit the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::TS;

/// Every type that crosses IPC. Types they reference are exported with them.
fn export_all(dir: &Path) {
    fn one<T: TS + 'static>(dir: &Path) {
        let cfg = kaart_api::bindings_config(dir);
        T::export_all(&cfg)
            .unwrap_or_else(|e| panic!("exporting {}: {e}", std::any::type_name::<T>()));
    }
    one::<kaart_core::ipc::AppError>(dir);
    one::<kaart_core::ipc::AppInfo>(dir);
    one::<kaart_core::ipc::LocalRecord>(dir);
    one::<kaart_core::ipc::SyncStatus>(dir);
    one::<kaart_core::ipc::ConflictView>(dir);
    one::<kaart_core::ipc::Resolution>(dir);
    one::<kaart_core::ipc::RejectedEdit>(dir);
    one::<kaart_core::ipc::ReviewItem>(dir);
    kaart_api::export_bindings(dir).expect("exporting kaart-api types");
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walk(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        files.insert(rel, std::fs::read_to_string(&entry).unwrap());
    }
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "ts") {
            out.push(path);
        }
    }
    out
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let generated = read_tree(fresh.path());
    assert!(!generated.is_empty(), "ts-rs exported nothing");

    let target = committed_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        if target.exists() {
            std::fs::remove_dir_all(&target).unwrap();
        }
        export_all(&target);
        return;
    }

    let committed = read_tree(&target);
    let mut problems = Vec::new();
    for (name, text) in &generated {
        match committed.get(name) {
            None => problems.push(format!("missing: {name}")),
            Some(old) if old != text => problems.push(format!("out of date: {name}")),
            Some(_) => {}
        }
    }
    for name in committed.keys() {
        if !generated.contains_key(name) {
            problems.push(format!("stale (no Rust type any more): {name}"));
        }
    }
    assert!(
        problems.is_empty(),
        "ui/src/lib/bindings drifted from the Rust types:\n  {}\n\
         Run `UPDATE_BINDINGS=1 cargo test -p kaart-core --test bindings` and commit the result.",
        problems.join("\n  ")
    );
}
