//! The IPC surface is written down in several places that must agree, and a
//! disagreement fails only at run time (a command that cannot be called, an
//! argument that arrives missing). This test reads them all and compares:
//!
//! - registered in `src/lib.rs` (`generate_handler!`);
//! - listed in `build.rs` (which generates its permission);
//! - allowed for the main window in `capabilities/main.json`;
//! - defined in `src/commands/` with its arguments;
//! - called from `ui/src/lib/ipc.ts` (the window's one door to Rust) with
//!   exactly those arguments, named as Tauri expects them (camelCase);
//! - answered by the screen build's mocked IPC, `ui/src/mocks/screen.ts`.
//!
//! (tauri-specta would generate the TypeScript side instead, but it is still
//! a release candidate pinned to a Specta release candidate, and every IPC
//! type would need a second derive beside ts-rs.)

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const IPC_TS: &str = include_str!("../../ui/src/lib/ipc.ts");
const SCREEN_MOCKS_TS: &str = include_str!("../../ui/src/mocks/screen.ts");

fn build_rs_commands() -> BTreeSet<String> {
    let src = include_str!("../build.rs");
    let start = src.find("const COMMANDS").expect("build.rs has COMMANDS");
    let end = start + src[start..].find("];").expect("COMMANDS ends");
    src[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn handler_commands() -> BTreeSet<String> {
    let src = include_str!("../src/lib.rs");
    let open = "generate_handler![";
    let start = src.find(open).expect("lib.rs registers commands") + open.len();
    let end = start + src[start..].find(']').expect("generate_handler! ends");
    src[start..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_owned())
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

/// Source without `//` comments (doc comments mention `fn` too).
fn without_line_comments(src: &str) -> String {
    src.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text between the bracket at `open` and its partner.
fn balanced(src: &str, open: usize) -> &str {
    let bytes = src.as_bytes();
    let (left, right) = match bytes[open] {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        other => panic!("no bracket at {open}: {}", other as char),
    };
    let mut depth = 0;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if b == left {
            depth += 1;
        } else if b == right {
            depth -= 1;
            if depth == 0 {
                return &src[open + 1..i];
            }
        }
    }
    panic!("unbalanced bracket at {open}");
}

/// Splits at commas outside any brackets.
fn top_level_items(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '>' if !list[..i].ends_with('-') && !list[..i].ends_with('=') => depth -= 1,
            ',' if depth == 0 => {
                items.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(list[start..].trim());
    items.into_iter().filter(|s| !s.is_empty()).collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Arguments Tauri fills in itself rather than taking from the window.
fn injected(ty: &str) -> bool {
    ["State<", "AppHandle", "Window", "Webview"]
        .iter()
        .any(|t| ty.contains(t))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Every `fn` in `src/commands/` whose name is in `registered`, with the
/// names of the arguments the window passes, in source order. Works for
/// `#[tauri::command]` functions and for the `workspace_commands!` lines.
fn rust_command_arguments(registered: &BTreeSet<String>) -> BTreeMap<String, Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut found = BTreeMap::new();
    for file in rust_files(&dir) {
        let src = without_line_comments(&std::fs::read_to_string(&file).unwrap());
        assert!(
            !src.contains("rename_all"),
            "{}: a command with rename_all changes how its arguments are named; \
             teach this test about it",
            file.display()
        );
        let mut from = 0;
        while let Some(at) = src[from..].find("fn ") {
            let at = from + at;
            from = at + 3;
            if src[..at].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &src[at + 3..];
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|&c| is_ident(c))
                .collect();
            if !registered.contains(&name) {
                continue;
            }
            let Some(paren) = rest.find('(') else {
                continue;
            };
            let params = balanced(rest, paren);
            let args = top_level_items(params)
                .into_iter()
                .filter_map(|param| {
                    let (arg, ty) = param.split_once(':')?;
                    let arg = arg.trim().trim_start_matches("mut ").trim();
                    (!injected(ty)).then(|| arg.to_owned())
                })
                .collect();
            let previous = found.insert(name.clone(), args);
            assert!(previous.is_none(), "command {name} is defined twice");
        }
    }
    found
}

/// `wipe_local_data` → `wipeLocalData`, as Tauri names command arguments.
fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    for (i, part) in snake.split('_').enumerate() {
        let mut chars = part.chars();
        match chars.next() {
            Some(first) if i > 0 => {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// Every `call("command", { args })` in ipc.ts: command → argument names.
fn ipc_ts_calls(src: &str) -> BTreeMap<String, Vec<String>> {
    let mut calls = BTreeMap::new();
    let mut from = 0;
    while let Some(at) = src[from..].find("call") {
        let at = from + at;
        from = at + 4;
        if src[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let mut rest = &src[at + 4..];
        if rest.starts_with('<') {
            let close = rest.find('>').expect("type argument ends");
            rest = &rest[close + 1..];
        }
        let Some(rest) = rest.strip_prefix("(\"") else {
            continue;
        };
        let name_end = rest.find('"').expect("command name ends");
        let name = rest[..name_end].to_owned();
        let after = rest[name_end + 1..].trim_start();
        let args = match after.strip_prefix(',') {
            Some(more) => {
                let more = more.trim_start();
                assert!(
                    more.starts_with('{'),
                    "ipc.ts: the arguments of {name} must be an object literal"
                );
                top_level_items(balanced(more, 0))
                    .into_iter()
                    .map(|item| {
                        let key = item.split(':').next().unwrap_or(item).trim();
                        key.trim_matches('"').to_owned()
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let previous = calls.insert(name.clone(), args);
        assert!(previous.is_none(), "ipc.ts calls {name} in two places");
    }
    calls
}

/// The `case "command":` labels of the mocked IPC's switch; plugin
/// commands (`plugin:dialog|save`) are the plugins' own, not the app's.
fn mocked_commands(src: &str) -> BTreeSet<String> {
    src.split("case \"")
        .skip(1)
        .filter_map(|rest| rest.split_once("\":").map(|(name, _)| name.to_owned()))
        .filter(|name| !name.starts_with("plugin:"))
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
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

#[test]
fn the_window_calls_every_command_with_its_rust_argument_names() {
    let registered = handler_commands();
    let rust: BTreeMap<String, Vec<String>> = rust_command_arguments(&registered)
        .into_iter()
        .map(|(name, args)| (name, sorted(args.iter().map(|a| camel_case(a)).collect())))
        .collect();
    assert_eq!(
        rust.keys().cloned().collect::<BTreeSet<_>>(),
        registered,
        "every registered command is defined in src/commands/"
    );
    assert_eq!(rust["sign_out"], ["wipeLocalData"]);

    let ui: BTreeMap<String, Vec<String>> = ipc_ts_calls(IPC_TS)
        .into_iter()
        .map(|(name, args)| (name, sorted(args)))
        .collect();
    assert!(ui.contains_key("update_fields"), "{ui:?}");
    let mut problems = Vec::new();
    for (name, args) in &rust {
        match ui.get(name) {
            None => problems.push(format!("{name} is never called")),
            Some(called) if called != args => problems.push(format!(
                "{name} is called with {called:?}, Rust takes {args:?}"
            )),
            Some(_) => {}
        }
    }
    for name in ui.keys().filter(|name| !rust.contains_key(*name)) {
        problems.push(format!("{name} is called but not a registered command"));
    }
    assert!(
        problems.is_empty(),
        "ui/src/lib/ipc.ts disagrees with the Rust commands (arguments in camelCase):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_screen_build_mocks_exactly_the_registered_commands() {
    let mocked = mocked_commands(SCREEN_MOCKS_TS);
    assert!(mocked.contains("records"), "{mocked:?}");
    let registered = handler_commands();
    let unmocked: Vec<_> = registered.difference(&mocked).collect();
    let unknown: Vec<_> = mocked.difference(&registered).collect();
    assert!(
        unmocked.is_empty() && unknown.is_empty(),
        "ui/src/mocks/screen.ts: no case for {unmocked:?}; cases for unregistered commands {unknown:?}"
    );
}

#[test]
fn only_ipc_ts_talks_to_rust() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    let mut offenders = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let is_source = name.ends_with(".ts") || name.ends_with(".svelte");
            if !is_source || name.contains(".test.") || name == "ipc.ts" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if text.contains("@tauri-apps/api/core") || text.contains("call(\"") {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these call Rust directly instead of through ui/src/lib/ipc.ts: {offenders:?}"
    );
}
