//! At rest: with `--db-key-file` the service's database is encrypted
//! (SQLCipher). A sign-up's e-mail address is in no file of the database
//! while the sign-up exists (it is in a plain one); without the key the
//! database cannot be read.

use kaart_api::records::{FieldType, Record};
use kaart_api::routes;
use serde_json::{json, Map};

use crate::support::{contains, Server};
use crate::upserts;

/// Signs up with `email` for a demo activity that asks one; checks the
/// manager sees it.
fn sign_up(server: &Server, email: &str) {
    let api = server.demo_manager();
    let org = api.org(0);
    let activity = upserts(&api.changes(org, None).changes)
        .into_iter()
        .find_map(|(_, r)| match r {
            Record::Activity(a) if a.form.iter().any(|f| f.field_type == FieldType::Email) => {
                Some(a)
            }
            _ => None,
        })
        .unwrap();
    let mut answers = Map::new();
    for f in &activity.form {
        let v = match f.field_type {
            FieldType::Email => json!(email),
            FieldType::Phone => json!("06 12345678"),
            FieldType::Number => json!(1),
            FieldType::Date => json!("2031-01-01"),
            FieldType::Choice => json!(f.options[0]),
            FieldType::Checkbox => json!(true),
            _ => json!("Versleuteld Persoon"),
        };
        answers.insert(f.key.clone(), v);
    }
    let r = server.anonymous().post(
        &routes::public_signups(activity.id),
        &json!({ "answers": answers }),
    );
    assert_eq!(r.status(), 201);
    let feed = upserts(&api.changes(org, None).changes);
    assert!(
        feed.iter()
            .any(|(_, r)| serde_json::to_string(r).unwrap().contains(email)),
        "the sign-up exists"
    );
}

#[test]
fn an_encrypted_database_holds_no_readable_e_mail() {
    let email = "versleuteld.persoon@example.nl";
    let dir = tempfile::tempdir().unwrap();
    let server = Server::demo_encrypted_in(dir.path());
    sign_up(&server, email);
    let bytes = server.db_bytes();
    assert!(bytes.len() > 4096);
    assert!(
        !contains(&bytes, email),
        "the e-mail is readable in the files"
    );
    assert!(
        !contains(&bytes, "SQLite format 3"),
        "not a plain SQLite file"
    );
    // With the key, it is there.
    let conn = server.open_db();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM records WHERE kind = 'signup' AND json LIKE ?1",
            [format!("%{email}%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // Without it, nothing can be read.
    let plain = rusqlite::Connection::open(&server.db_path).unwrap();
    assert!(plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
    // The service itself refuses to start with another key.
    let key = server.key_file.clone().unwrap();
    let db_path = server.db_path.clone();
    server.stop();
    std::fs::write(&key, "00".repeat(32)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaart-server"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db_path)
        .arg("--db-key-file")
        .arg(&key)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong or missing key"));
}

#[test]
fn a_plain_database_would_show_it() {
    // The contrast that makes the test above mean something.
    let email = "onversleuteld.persoon@example.nl";
    let server = Server::demo();
    sign_up(&server, email);
    let mut bytes = server.db_bytes();
    let conn = server.open_db();
    kaart_server::db::checkpoint_truncate(&conn).unwrap();
    bytes.extend(server.db_bytes());
    assert!(contains(&bytes, email));
}
