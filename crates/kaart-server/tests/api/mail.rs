//! The confirmation e-mail, end to end: the real server sends it over SMTP
//! to a real SMTP server on 127.0.0.1 (aiosmtpd), Python's `email` package
//! reads it back, and the unsubscribe link in it is followed. The server's
//! log of each run is searched for the registrant's address and name.

use std::fs::File;
use std::time::{Duration, Instant};

use kaart_api::public::{PublicForm, SignupReceipt};
use kaart_api::records::{FieldType, Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::Change;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::support::smtp::SmtpSink;
use crate::support::{Api, Server};
use crate::upserts;

/// What the registrant types; the ASCII parts make a leak easy to find in
/// any encoding of the log.
const NAME: &str = "Zoë Quackenbush";
const EMAIL: &str = "zoe.quackenbush@example.nl";
const REMARK: &str = "Graag een plek bij het raam — dank u wel";

/// A demo server whose log (at `trace`, everything) goes to a file.
struct Logged {
    server: Server,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Logged {
    fn start(extra: &[&str]) -> Logged {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("server.log");
        let mut args = vec!["--demo"];
        args.extend_from_slice(extra);
        let server = Server::logged(
            &dir.path().join("kaart.sqlite"),
            &args,
            "trace",
            File::create(&log).unwrap(),
        );
        Logged {
            server,
            log,
            _dir: dir,
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }

    /// Waits (at most 20 s) until the log holds `line`; returns the log.
    fn wait_for_log(&self, line: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.log_text();
            if text.contains(line) {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the log never said {line:?}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first activity of the demo manager's first organisation, its
    /// form, and the organisation.
    fn activity(&self) -> (Api, Uuid, PublicForm) {
        let api = self.server.demo_manager();
        let org = api.org(0);
        let activity = upserts(&api.changes(org, None).changes)
            .into_iter()
            .find_map(|(_, r)| match r {
                Record::Activity(a) => Some(a.id),
                _ => None,
            })
            .unwrap();
        let form: PublicForm = Api::ok(self.server.anonymous().get(&routes::public_form(activity)));
        (api, org, form)
    }
}

/// The answer to each field of `form`, and the line the e-mail should show
/// for it (`Label: answer`, Dutch values).
fn answers(form: &PublicForm) -> (Value, Vec<String>) {
    let mut m = Map::new();
    let mut lines = Vec::new();
    for f in &form.fields {
        let (value, shown) = match (f.key.as_str(), f.field_type) {
            ("naam", _) => (json!(NAME), NAME.to_string()),
            (_, FieldType::Email) => (json!(EMAIL), EMAIL.to_string()),
            (_, FieldType::Phone) => (json!("06 12345678"), "06 12345678".into()),
            (_, FieldType::Number) => (json!(2), "2".into()),
            (_, FieldType::Date) => (json!("2031-03-01"), "01-03-2031".into()),
            (_, FieldType::Choice) => (json!(f.options[1]), f.options[1].clone()),
            (_, FieldType::Checkbox) => (json!(true), "ja".into()),
            _ => (json!(REMARK), REMARK.to_string()),
        };
        m.insert(f.key.clone(), value);
        lines.push(format!("{}: {shown}", f.label));
    }
    (json!({ "answers": m }), lines)
}

/// No line of `log` holds the registrant's address, name or answers.
fn assert_no_personal_data(log: &str) {
    for secret in [
        EMAIL,
        "quackenbush",
        "Quackenbush",
        "Zoë",
        "Zo\\u{eb}",
        "raam",
    ] {
        assert!(
            !log.contains(secret),
            "the server log holds {secret:?}:\n{log}"
        );
    }
}

#[test]
fn the_registrant_gets_their_answers_and_a_working_unsubscribe_link() {
    let sink = SmtpSink::start();
    let port = sink.port.to_string();
    let run = Logged::start(&[
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port,
        "--mail-from",
        "Sociale kaart <noreply@kaart.test>",
    ]);
    let (api, org, form) = run.activity();
    assert!(
        form.fields.iter().any(|f| f.field_type == FieldType::Email),
        "the demo form asks for an e-mail address"
    );
    let (body, lines) = answers(&form);
    let r = run
        .server
        .anonymous()
        .post(&routes::public_signups(form.activity_id), &body);
    assert_eq!(r.status(), 201);
    let receipt: SignupReceipt = r.json().unwrap();

    let mail = sink.wait_for(1, Duration::from_secs(20));
    assert_eq!(mail.rcpt, vec![EMAIL.to_string()]);
    assert_eq!(mail.to, vec![EMAIL.to_string()]);
    assert_eq!(mail.content_type, "text/plain");
    assert!(
        mail.subject.contains(&form.title),
        "subject {:?}",
        mail.subject
    );
    // Every answer with its label, in form order.
    let mut at = 0;
    for line in &lines {
        let found = mail.body[at..]
            .find(&format!("\n{line}\n"))
            .unwrap_or_else(|| panic!("{line:?} not (in order) in:\n{}", mail.body));
        at += found + 1;
    }
    // The link in the e-mail is the receipt's, on a line of its own.
    let link = mail
        .body
        .lines()
        .find(|l| l.contains("/unsubscribe/"))
        .unwrap_or_else(|| panic!("no unsubscribe link in:\n{}", mail.body));
    assert_eq!(link, receipt.unsubscribe_url);

    // Following it: the confirmation page, then the wipe.
    let http = reqwest::blocking::Client::new();
    let page = http.get(link).send().unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap().contains("Ja, meld mij af"));
    let done = http.post(link).send().unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().unwrap().contains("Je bent afgemeld"));
    let feed = api.changes(org, None).changes;
    assert!(
        !upserts(&feed)
            .iter()
            .any(|(_, r)| r.id() == receipt.signup_id),
        "the sign-up is gone from the manager's feed"
    );
    assert!(feed.contains(&Change::Tombstone {
        kind: RecordKind::Signup,
        id: receipt.signup_id
    }));
    assert_eq!(sink.count(), 1, "one sign-up, one e-mail");

    let log = run.wait_for_log("confirmation e-mail sent");
    assert_no_personal_data(&log);
}

#[test]
fn without_a_relay_the_log_only_says_a_confirmation_would_have_been_sent() {
    let run = Logged::start(&[]);
    let (_, _, form) = run.activity();
    let (body, _) = answers(&form);
    let r = run
        .server
        .anonymous()
        .post(&routes::public_signups(form.activity_id), &body);
    assert_eq!(r.status(), 201);
    let log = run.wait_for_log("a confirmation e-mail would have been sent");
    assert_eq!(
        log.matches("would have been sent").count(),
        1,
        "one line per sign-up"
    );
    assert_no_personal_data(&log);
}

#[test]
fn a_failing_or_hanging_relay_neither_holds_up_nor_fails_the_sign_up() {
    // A relay that accepts connections and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port().to_string();
    let run = Logged::start(&[
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port,
        "--mail-from",
        "noreply@kaart.test",
    ]);
    let (_, _, form) = run.activity();
    let (body, _) = answers(&form);
    let started = Instant::now();
    let r = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .post(format!(
            "{}{}",
            run.server.url,
            routes::public_signups(form.activity_id)
        ))
        .json(&body)
        .send()
        .expect("the sign-up answers without waiting for the relay");
    assert_eq!(r.status(), 201);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the sign-up waited for the relay: {:?}",
        started.elapsed()
    );

    // A relay that is not there: the failure is logged, by kind only.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port().to_string()
    };
    let run = Logged::start(&[
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &closed,
        "--mail-from",
        "noreply@kaart.test",
    ]);
    let (_, _, form) = run.activity();
    let (body, _) = answers(&form);
    let r = run
        .server
        .anonymous()
        .post(&routes::public_signups(form.activity_id), &body);
    assert_eq!(r.status(), 201);
    let log = run.wait_for_log("confirmation e-mail not sent");
    assert_no_personal_data(&log);
    drop(silent);
}
