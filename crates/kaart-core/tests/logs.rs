//! The log files hold no personal data and no token, even at the most
//! verbose level: a real sign-in, a real sync of an organisation with
//! sign-ups, an edit and a sign-out, everything traced (the dependencies'
//! `log` records included), then the files are searched for every sign-up's
//! e-mail address and for the session token.
//!
//! One test in this file: the log is the process's global subscriber.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use kaart_api::records::{AnswerValue, Record, RecordKind};
use serde_json::json;
use support::{Server, TestClient};
use tracing_subscriber::EnvFilter;

#[tokio::test]
async fn a_traced_sync_of_sign_ups_logs_no_email_and_no_token() {
    in_keyring_session!("a_traced_sync_of_sign_ups_logs_no_email_and_no_token");
    let log_dir = tempfile::tempdir().unwrap();
    let guard = kaart_core::logging::init_with(log_dir.path(), EnvFilter::new("trace")).unwrap();

    let server = Server::start_demo();
    let c = TestClient::open(&server.url);
    c.ws.sign_in("demo", "demo").await.unwrap();
    c.sync().await;
    let store_id = kaart_core::store::identity::read(c.dir.path())
        .unwrap()
        .unwrap();
    let token = keyring::Entry::new(&format!("{}.sync", c.app_id), &store_id.token_entry())
        .unwrap()
        .get_password()
        .unwrap();
    let mut emails = Vec::new();
    for org in c.ws.organizations().unwrap() {
        for local in c.ws.records(Some(org.id), RecordKind::Signup).unwrap() {
            if let Record::Signup(signup) = local.record {
                if let Some(AnswerValue::Text(email)) = signup.answers.get("email") {
                    emails.push(email.clone());
                }
            }
        }
    }
    assert!(!emails.is_empty(), "the demo set has sign-ups with e-mail");
    let contact = c.ws.records(None, RecordKind::Contact).unwrap()[0]
        .record
        .id();
    c.set(
        RecordKind::Contact,
        contact,
        &[("email", json!("nieuw.adres@voorbeeld.nl"))],
    );
    c.sync().await;
    emails.push("nieuw.adres@voorbeeld.nl".into());
    c.ws.sign_out(false).await.unwrap();
    drop(guard);

    let mut log = String::new();
    for file in std::fs::read_dir(log_dir.path()).unwrap() {
        log.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    assert!(
        log.contains("TRACE") && log.contains("DEBUG"),
        "the log was written at the most verbose level ({} bytes)",
        log.len()
    );
    for email in &emails {
        assert!(
            !log.contains(email.as_str()),
            "an e-mail address is in the log"
        );
    }
    assert!(!log.contains(&token), "the session token is in the log");
    // Any bearer credential, not only this session's: "Bearer" followed by
    // a token-like word (the server's schema comment "Bearer tokens, …",
    // traced by the migrations, is not one).
    let credentials: Vec<String> = log
        .split("Bearer ")
        .skip(1)
        .filter(|after| {
            after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_=.+/".contains(*c))
                .count()
                >= 16
        })
        .map(|after| after.chars().take(4).collect())
        .collect();
    assert!(
        credentials.is_empty(),
        "an Authorization header is in the log ({} times)",
        credentials.len()
    );
    assert!(
        !log.to_ascii_lowercase().contains("authorization:"),
        "an Authorization header is in the log"
    );
}
