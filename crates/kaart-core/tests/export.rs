//! Exporting an activity's sign-ups, read back by independent readers:
//! sign-ups made through the real public sign-up route of the in-process
//! `kaart-server`, pulled by a real sync into the encrypted store (real
//! keyring), exported as CSV (each delimiter) and `.xlsx` by the library
//! and by `kaart-sync export`, then read with Python's `csv` module and
//! `openpyxl` (`tests/readback/read_export.py`, run with `/usr/bin/python3`,
//! where Debian's `python3-openpyxl` lives). Also: a cancelled export and an
//! unwritable folder leave nothing behind and lose nothing; an export with
//! the sign-up list's search, status filter and sort holds exactly the rows
//! the list shows, in its order; export choices are remembered per
//! organisation.

// Test code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]
// The keyring session and the unwritable-folder check are Linux-only.
#![cfg(target_os = "linux")]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Duration, Utc};
use kaart_api::records::{
    Activity, ActivityStatus, FieldType, FormField, Record, RecordKind, Signup, SignupStatus,
};
use kaart_core::error::CoreError;
use kaart_core::export::{
    Column, ColumnChoice, Delimiter, ExportChoices, ExportFormat, ExportOptions,
};
use kaart_core::signup_list::{SignupQuery, SignupScope, SignupSortColumn};
use serde_json::{json, Value};
use support::service::TestService;
use support::{app_error, TestClient};
use uuid::Uuid;

const BOM: &[u8] = "\u{feff}".as_bytes();

fn field(key: &str, label: &str, field_type: FieldType) -> FormField {
    FormField::optional(key, label, field_type)
}

fn first_form() -> Vec<FormField> {
    vec![
        field("naam", "Naam", FieldType::Text),
        field("opmerking", "Opmerking", FieldType::LongText),
        field("telefoon", "Telefoon", FieldType::Phone),
        field("aantal", "Aantal personen", FieldType::Number),
        field("datum", "Geboortedatum", FieldType::Date),
        field("oud", "Oude vraag", FieldType::Text),
    ]
}

/// The form after the sign-ups of [`first_batch`]: `oud` removed, `dieet`
/// added.
fn second_form() -> Vec<FormField> {
    let mut form = first_form();
    form.retain(|f| f.key != "oud");
    form.push(field("dieet", "Dieetwensen", FieldType::Text));
    form
}

/// The 10,000-character answer (the longest a long-text answer may be):
/// multi-byte letters, delimiters, quotes and line breaks throughout.
fn long_answer() -> String {
    let mut s: String = "Lang antwoord é ; , \" ü\r\n"
        .chars()
        .cycle()
        .take(9_999)
        .collect();
    s.push('x');
    assert_eq!(s.chars().count(), kaart_api::validate::MAX_LONG);
    s
}

/// One sign-up as sent, and per text answer the CSV cell the documented
/// defusing rule makes of it (`'` before a formula).
struct Sent {
    answers: Value,
    csv: BTreeMap<&'static str, String>,
}

fn sent(answers: Value, csv: &[(&'static str, &str)]) -> Sent {
    Sent {
        answers,
        csv: csv.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    }
}

fn first_batch() -> Vec<Sent> {
    let long = long_answer();
    vec![
        sent(
            json!({"naam": "Zoë Ångström-Çelik", "opmerking": "Zegt \"hallo\"; komt, misschien\r\nTweede regel\nDerde\tmet tab",
                   "telefoon": "+31 6 12345678", "aantal": 2, "datum": "1990-02-28", "oud": "weg later"}),
            &[("telefoon", "+31 6 12345678")],
        ),
        sent(
            json!({"naam": "=1+1", "opmerking": "+SUM(A1:A2)", "telefoon": "", "oud": "-2+3"}),
            &[
                ("naam", "'=1+1"),
                ("opmerking", "'+SUM(A1:A2)"),
                ("oud", "-2+3"),
            ],
        ),
        sent(
            json!({"naam": "@HYPERLINK(\"http://x\",\"klik\")", "opmerking": "-minus en ; puntkomma", "oud": "=A1"}),
            &[
                ("naam", "'@HYPERLINK(\"http://x\",\"klik\")"),
                ("opmerking", "'-minus en ; puntkomma"),
                ("oud", "'=A1"),
            ],
        ),
        sent(json!({"naam": "Emoji 🎉👩‍👩‍👧", "opmerking": long}), &[]),
        sent(json!({"naam": "Leeg", "opmerking": ""}), &[]),
    ]
}

fn second_batch() -> Vec<Sent> {
    vec![
        sent(
            json!({"naam": "Piet", "dieet": "vegetarisch, géén noten"}),
            &[],
        ),
        sent(
            json!({"naam": "Klaas", "dieet": "=cmd|' /C calc'!A0"}),
            &[("dieet", "'=cmd|' /C calc'!A0")],
        ),
    ]
}

async fn sign_up(url: &str, activity: Uuid, answers: &Value) {
    let response = reqwest::Client::new()
        .post(format!(
            "{url}{}",
            kaart_api::routes::public_signups(activity)
        ))
        .json(&json!({ "answers": answers }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        status,
        201,
        "sign-up refused: {}",
        response.text().await.unwrap()
    );
}

fn readback(kind: &str, path: &Path, delimiter: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readback/read_export.py");
    let out = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(kind)
        .arg(path)
        .arg(delimiter)
        .output()
        .expect("/usr/bin/python3 runs (python3-openpyxl: scripts/setup.sh)");
    assert!(
        out.status.success(),
        "read_export.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn csv_options(delimiter: Delimiter, bom: bool) -> ExportOptions {
    ExportOptions {
        format: ExportFormat::Csv,
        delimiter,
        bom,
        ..ExportOptions::default()
    }
}

fn export(c: &TestClient, activity: Uuid, path: &Path, options: &ExportOptions) -> u64 {
    let cancel = AtomicBool::new(false);
    let mut last = None;
    let rows =
        c.ws.export_signups(activity, path, options, &cancel, &mut |p| last = Some(p))
            .unwrap();
    let last = last.expect("progress was reported");
    assert_eq!(
        (last.done, last.total),
        (rows, rows),
        "progress ends at all the sign-ups exported"
    );
    rows
}

/// Equal tables, compared cell by cell so a failure names the cell.
fn assert_rows(read: &Value, expected: &Value, name: &str) {
    let (read, expected) = (read.as_array().unwrap(), expected.as_array().unwrap());
    for (r, (got, want)) in read.iter().zip(expected).enumerate() {
        let (got, want) = (got.as_array().unwrap(), want.as_array().unwrap());
        for (col, (g, w)) in got.iter().zip(want).enumerate() {
            assert_eq!(g, w, "{name}: row {r}, column {col}");
        }
        assert_eq!(got.len(), want.len(), "{name}: cells in row {r}");
    }
    assert_eq!(read.len(), expected.len(), "{name}: rows");
}

/// The files in `dir` (to see that no temporary file is left).
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn attendee_lists_read_back_exactly() {
    in_keyring_session!("attendee_lists_read_back_exactly");
    let (server, org) = TestService::one_organization("anna");
    let c = TestClient::open(&server.url);
    c.ws.sign_in("anna", "anna").await.unwrap();
    c.sync().await;

    let activity = Uuid::now_v7();
    let start = Utc::now() + Duration::days(7);
    c.ws.create(Record::Activity(Activity {
        id: activity,
        organization_id: org,
        title: "Buurtmaaltijd".into(),
        description: None,
        starts_at: start,
        ends_at: start + Duration::hours(2),
        location: None,
        capacity: None,
        signup_opens_at: None,
        signup_closes_at: None,
        status: ActivityStatus::Published,
        form: first_form(),
        assured_date: None,
    }))
    .unwrap();
    c.sync().await;

    let (first, second) = (first_batch(), second_batch());
    for s in &first {
        sign_up(&server.url, activity, &s.answers).await;
    }
    c.sync().await;
    // The form changes after these sign-ups; one of them is cancelled.
    let signups = |c: &TestClient| -> Vec<Signup> {
        let mut v: Vec<Signup> =
            c.ws.records(Some(org), RecordKind::Signup)
                .unwrap()
                .into_iter()
                .map(|r| match r.record {
                    Record::Signup(s) => s,
                    _ => unreachable!(),
                })
                .collect();
        v.sort_by_key(|s| (s.submitted_at, s.id));
        v
    };
    let cancelled = signups(&c)[2].id;
    c.set(
        RecordKind::Signup,
        cancelled,
        &[("status", json!("cancelled"))],
    );
    c.set(
        RecordKind::Activity,
        activity,
        &[("form", serde_json::to_value(second_form()).unwrap())],
    );
    c.sync().await;
    for s in &second {
        sign_up(&server.url, activity, &s.answers).await;
    }
    c.sync().await;

    let stored = signups(&c);
    let all: Vec<&Sent> = first.iter().chain(&second).collect();
    assert_eq!(stored.len(), all.len());
    let dir = tempfile::tempdir().unwrap();

    // What each cell must read back as: the answer as sent (CSV: defused
    // per the documented rule), empty when not answered.
    let keys = ["naam", "opmerking", "telefoon", "aantal", "datum", "dieet"];
    let headers = [
        "Naam",
        "Opmerking",
        "Telefoon",
        "Aantal personen",
        "Geboortedatum",
        "Dieetwensen",
        "Aangemeld op (UTC)",
        "Status",
    ];
    let status = |s: &Signup| match s.status {
        SignupStatus::Registered => "aangemeld",
        SignupStatus::Cancelled => "afgemeld",
    };
    let csv_cell = |sent: &Sent, key: &str| -> String {
        if let Some(defused) = sent.csv.get(key) {
            return defused.clone();
        }
        match &sent.answers[key] {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    };
    let mut expected_csv = vec![headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for (sent, stored) in all.iter().zip(&stored) {
        let mut row: Vec<String> = keys.iter().map(|k| csv_cell(sent, k)).collect();
        row.push(stored.submitted_at.format("%Y-%m-%d %H:%M:%S").to_string());
        row.push(status(stored).into());
        expected_csv.push(row);
    }

    // CSV, each delimiter; BOM by default, and without.
    for (delimiter, name, arg, bom) in [
        (Delimiter::Semicolon, "puntkomma.csv", ";", true),
        (Delimiter::Comma, "komma.csv", ",", true),
        (Delimiter::Tab, "tab.csv", "tab", false),
    ] {
        let path = dir.path().join(name);
        let rows = export(&c, activity, &path, &csv_options(delimiter, bom));
        assert_eq!(rows, 7);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.starts_with(BOM), bom, "{name}: BOM");
        let first_lf = bytes.iter().position(|b| *b == b'\n').unwrap();
        assert_eq!(bytes[first_lf - 1], b'\r', "{name}: CRLF line ends");
        assert!(bytes.ends_with(b"\r\n"), "{name}: ends with CRLF");
        let read = readback("csv", &path, arg);
        assert_rows(&read["rows"], &json!(expected_csv), name);
    }

    // The same from the command line.
    let cli_path = dir.path().join("cli.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_kaart-sync"))
        .arg("--data-dir")
        .arg(c.dir.path())
        .args(["--service", &server.url, "--keyring-service", &c.app_id])
        .args(["export", "--activity", &activity.to_string(), "--out"])
        .arg(&cli_path)
        .args(["--delimiter", "tab", "--no-bom"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, json!({"rows": 7}));
    assert_eq!(
        std::fs::read(&cli_path).unwrap(),
        std::fs::read(dir.path().join("tab.csv")).unwrap()
    );

    // Chosen columns (a removed field among them) and only registered
    // sign-ups.
    let path = dir.path().join("gekozen.csv");
    let options = ExportOptions {
        columns: Some(vec![
            Column::Answer("oud".into()),
            Column::Answer("naam".into()),
            Column::Status,
        ]),
        status: Some(SignupStatus::Registered),
        ..csv_options(Delimiter::Semicolon, true)
    };
    assert_eq!(export(&c, activity, &path, &options), 6);
    let mut expected = vec![vec!["oud".to_string(), "Naam".into(), "Status".into()]];
    for (sent, stored) in all.iter().zip(&stored) {
        if stored.id != cancelled {
            expected.push(vec![
                csv_cell(sent, "oud"),
                csv_cell(sent, "naam"),
                "aangemeld".into(),
            ]);
        }
    }
    assert_eq!(readback("csv", &path, ";")["rows"], json!(expected));

    // .xlsx: text as sent (no defusing needed, never a formula; line breaks
    // as Excel's LF), the number as a number, the date field and
    // submitted-at as dates.
    let path = dir.path().join("lijst.xlsx");
    let options = ExportOptions {
        format: ExportFormat::Xlsx,
        ..ExportOptions::default()
    };
    assert_eq!(export(&c, activity, &path, &options), 7);
    let mut expected_xlsx = vec![json!(headers)];
    for (sent, stored) in all.iter().zip(&stored) {
        let mut row: Vec<Value> = keys
            .iter()
            .map(|k| match &sent.answers[*k] {
                Value::String(s) if s.is_empty() => Value::Null,
                Value::String(s) => json!(s.replace("\r\n", "\n").replace('\r', "\n")),
                other => other.clone(),
            })
            .collect();
        row.push(json!(stored
            .submitted_at
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()));
        row.push(json!(status(stored)));
        expected_xlsx.push(Value::Array(row));
    }
    let read = readback("xlsx", &path, "");
    assert_eq!(read["formulas"], json!(0), "no cell is a formula");
    assert_rows(&read["rows"], &Value::Array(expected_xlsx), "lijst.xlsx");

    // Nothing but the exports in the folder: no temporary files.
    let names: Vec<String> = entries(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "cli.csv",
            "gekozen.csv",
            "komma.csv",
            "lijst.xlsx",
            "puntkomma.csv",
            "tab.csv"
        ]
    );

    // Cancelled halfway: no file, no temporary file.
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let cancel_dir = tempfile::tempdir().unwrap();
        let path = cancel_dir.path().join("afgebroken");
        let cancel = AtomicBool::new(false);
        let options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        let result =
            c.ws.export_signups(activity, &path, &options, &cancel, &mut |p| {
                if p.done == 3 {
                    cancel.store(true, Ordering::Relaxed);
                }
            });
        assert!(
            matches!(result, Err(CoreError::ExportCancelled)),
            "{format:?}: {result:?}"
        );
        assert_eq!(
            entries(cancel_dir.path()),
            Vec::<PathBuf>::new(),
            "{format:?}"
        );
    }

    // A folder that cannot be written: a clear Dutch error, and the file
    // already there is untouched.
    let locked = tempfile::tempdir().unwrap();
    let existing = locked.path().join("aanmeldingen.csv");
    std::fs::write(&existing, "vorige lijst").unwrap();
    let guard = ReadOnly::lock(locked.path());
    let cancel = AtomicBool::new(false);
    let error =
        c.ws.export_signups(
            activity,
            &existing,
            &ExportOptions::default(),
            &cancel,
            &mut |_| {},
        )
        .unwrap_err();
    let message = app_error(error).message;
    assert!(message.contains("schrijfrechten"), "{message}");
    assert!(message.contains("Kies een andere map"), "{message}");
    drop(guard);
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "vorige lijst");
    assert_eq!(entries(locked.path()), vec![existing]);

    // What the list shows: search "a" (a word beginning with "a" in some
    // answer: sign-ups 1, 2, 3, 4 and 7), only registered (3 was cancelled
    // and synced; 4 is cancelled here, not yet synced), newest first.
    let emoji = stored[3].id;
    c.set(RecordKind::Signup, emoji, &[("status", json!("cancelled"))]);
    let options = ExportOptions {
        columns: Some(vec![Column::Answer("naam".into()), Column::Status]),
        status: Some(SignupStatus::Registered),
        search: "a".into(),
        sort: SignupSortColumn::SubmittedAt,
        descending: true,
        ..csv_options(Delimiter::Semicolon, true)
    };
    let path = dir.path().join("zoekresultaat.csv");
    let cancel = AtomicBool::new(false);
    let mut last = None;
    let rows =
        c.ws.export_signups(activity, &path, &options, &cancel, &mut |p| last = Some(p))
            .unwrap();
    assert_eq!(rows, 3);
    let last = last.unwrap();
    assert_eq!((last.done, last.total), (3, 3), "progress counts the list");
    assert_eq!(
        readback("csv", &path, ";")["rows"],
        json!([
            ["Naam", "Status"],
            ["Klaas", "aangemeld"],
            ["'=1+1", "aangemeld"],
            ["Zoë Ångström-Çelik", "aangemeld"],
        ])
    );
    // The same sign-ups as the list's page, in the same order.
    let page =
        c.ws.signup_page(SignupQuery {
            scope: SignupScope::Activity(activity),
            status: options.status,
            search: options.search.clone(),
            sort: options.sort.clone(),
            descending: true,
            offset: 0,
            limit: 100,
        })
        .unwrap();
    let listed: Vec<Uuid> = page.rows.iter().map(|r| r.record.id()).collect();
    assert_eq!(listed, [stored[6].id, stored[1].id, stored[0].id]);

    // Choices are remembered per organisation; another starts from the
    // defaults (CSV, semicolon, BOM).
    let chosen = ExportChoices {
        format: ExportFormat::Xlsx,
        delimiter: Delimiter::Tab,
        bom: false,
        columns: vec![
            ColumnChoice {
                column: Column::Status,
                included: true,
            },
            ColumnChoice {
                column: Column::Answer("naam".into()),
                included: false,
            },
        ],
    };
    assert_eq!(c.ws.export_choices(org).unwrap(), ExportChoices::default());
    c.ws.save_export_choices(org, chosen.clone()).unwrap();
    assert_eq!(c.ws.export_choices(org).unwrap(), chosen);
    assert_eq!(
        c.ws.export_choices(Uuid::now_v7()).unwrap(),
        ExportChoices::default()
    );
}

/// A folder made unwritable for the test's lifetime: `chmod 555`, or, when
/// that does not stop this user (root), the immutable attribute.
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn lock(dir: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("probe");
        if std::fs::write(&probe, "").is_err() {
            return ReadOnly(dir.into(), false);
        }
        std::fs::remove_file(&probe).unwrap();
        let ok = Command::new("chattr").arg("+i").arg(dir).status().unwrap();
        assert!(ok.success(), "chattr +i (running as root)");
        ReadOnly(dir.into(), true)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}
