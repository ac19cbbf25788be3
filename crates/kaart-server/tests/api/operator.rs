//! The operator's commands against a running service's database: revoke a
//! manager's sessions, revoke a grant, disable (and enable) a manager, reset
//! a password (from stdin, never argv), delete a manager.

use std::io::Write;
use std::process::{Command, Stdio};

use kaart_api::error::ApiErrorCode;
use kaart_api::routes;
use serde_json::json;

use crate::support::{Api, Server};

/// Runs `kaart-server ARGS --db DB`, with `stdin` as input; its stdout.
fn operator(server: &Server, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaart-server"))
        .args(args)
        .arg("--db")
        .arg(&server.db_path)
        .env_remove("KAART_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn signs_in(server: &Server, username: &str, password: &str) -> u16 {
    server
        .anonymous()
        .post(
            &routes::session(),
            &json!({"username": username, "password": password}),
        )
        .status()
        .as_u16()
}

fn unauthorized(api: &Api) -> bool {
    let (status, err) = Api::error(api.get(&routes::me()));
    (status, err.code) == (401, ApiErrorCode::Unauthorized)
}

#[test]
fn the_operator_revokes_sessions_grants_and_managers() {
    let server = Server::demo();
    let demo = server.demo_manager();
    let org = demo.org(0);

    operator(&server, &["revoke-sessions", "--username", "demo"], "");
    assert!(unauthorized(&demo), "the session is gone");

    let demo = server.demo_manager();
    operator(
        &server,
        &[
            "revoke-grant",
            "--username",
            "demo",
            "--organization",
            &org.to_string(),
        ],
        "",
    );
    let (status, _) = Api::error(demo.get(&routes::changes(org)));
    assert_eq!(status, 403, "no longer a manager of it");
    assert!(demo.me().organizations.iter().all(|o| o.id != org));

    let out = operator(
        &server,
        &["reset-password", "--username", "demo"],
        "een-nieuw-wachtwoord\n",
    );
    assert!(!out.contains("een-nieuw-wachtwoord"));
    assert!(unauthorized(&demo), "sessions end with the reset");
    assert_eq!(signs_in(&server, "demo", "demo"), 401);
    assert_eq!(signs_in(&server, "demo", "een-nieuw-wachtwoord"), 200);

    let demo = server.sign_in("demo", "een-nieuw-wachtwoord");
    operator(&server, &["disable-manager", "--username", "demo"], "");
    assert!(unauthorized(&demo));
    assert_eq!(signs_in(&server, "demo", "een-nieuw-wachtwoord"), 401);
    operator(
        &server,
        &["disable-manager", "--username", "demo", "--enable"],
        "",
    );
    assert_eq!(signs_in(&server, "demo", "een-nieuw-wachtwoord"), 200);

    let tweede = server.other_manager();
    let name = tweede.me().profile.name;
    operator(&server, &["delete-manager", "--username", "tweede"], "");
    assert!(unauthorized(&tweede));
    assert_eq!(signs_in(&server, "tweede", "tweede"), 401);
    let conn = server.open_db();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM records WHERE kind = 'profile' AND json LIKE ?1",
            [format!("%{name}%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the profile is gone");
}
