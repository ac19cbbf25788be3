//! Every command the window can call is wired in three places that must
//! agree: registered in `src/lib.rs` (`generate_handler!`), listed in
//! `build.rs` (which generates its permission), and allowed for the main
//! window in `capabilities/main.json`. A command missing from one of them
//! fails only at run time, so this test compares the three lists.

use std::collections::BTreeSet;

fn build_rs_commands() -> BTreeSet<String> {
    let src = include_str!("../build.rs");
    let start = src.find("const COMMANDS").unwrap();
    let list = &src[start..src[start..].find("];").unwrap() + start];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn handler_commands() -> BTreeSet<String> {
    let src = include_str!("../src/lib.rs");
    let start = src.find("generate_handler![").unwrap();
    let end = start + src[start..].find(']').unwrap();
    src[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|path| path.rsplit("::").next().unwrap().to_owned())
        .collect()
}

fn capability_commands() -> BTreeSet<String> {
    let cap: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

#[test]
fn registered_permitted_and_allowed_commands_agree() {
    let built = build_rs_commands();
    assert!(built.contains("sync_now"), "{built:?}");
    assert_eq!(
        handler_commands(),
        built,
        "lib.rs generate_handler! vs build.rs"
    );
    assert_eq!(
        capability_commands(),
        built,
        "capabilities/main.json vs build.rs"
    );
}
