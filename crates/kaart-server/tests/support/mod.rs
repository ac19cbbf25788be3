//! Test support: the real `kaart-server` binary on 127.0.0.1:0 with a
//! temporary database, and a small blocking HTTP client for the API.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use kaart_api::account::Me;
use kaart_api::error::ApiError;
use kaart_api::routes;
use kaart_api::sync::{
    Change, ChangesPage, Mutation, MutationBatch, MutationBatchResult, MutationOp, MutationResult,
    Scope,
};
use reqwest::blocking::{Client, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

pub mod smtp;

/// A running server process; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    pub db_path: PathBuf,
    /// The key file the database is encrypted with, if it is.
    pub key_file: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// A fresh server with the demo set.
    pub fn demo() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kaart.sqlite");
        let mut s = Server::on(&db, &["--demo"]);
        s._dir = Some(dir);
        s
    }

    /// A fresh server with the demo set in `dir`, its database encrypted
    /// with a key from a key file (`--db-key-file`).
    pub fn demo_encrypted_in(dir: &Path) -> Server {
        let db = dir.join("kaart.sqlite");
        let key = dir.join("kaart.key");
        std::fs::write(&key, format!("{}\n", "5a".repeat(32))).unwrap();
        let mut s = Server::on(&db, &["--demo", "--db-key-file", key.to_str().unwrap()]);
        s.key_file = Some(key);
        s
    }

    /// A server on an existing (or new) database file.
    pub fn on(db: &Path, extra: &[&str]) -> Server {
        Server::logged(db, extra, "warn", Stdio::inherit())
    }

    /// A server on `db` whose log (at `level`, the `RUST_LOG` filter) goes
    /// to `log` (e.g. a file the test reads afterwards).
    pub fn logged(db: &Path, extra: &[&str], level: &str, log: impl Into<Stdio>) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaart-server"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .env("RUST_LOG", level)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("the server binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server {
            child,
            url,
            db_path: db.to_path_buf(),
            key_file: None,
            _dir: None,
        }
    }

    pub fn anonymous(&self) -> Api {
        Api {
            http: Client::new(),
            base: self.url.clone(),
            token: None,
        }
    }

    /// An anonymous client whose requests come from `ip` (any 127.x.y.z
    /// on Linux, where the whole block is loopback).
    pub fn anonymous_from(&self, ip: std::net::IpAddr) -> Api {
        Api {
            http: Client::builder().local_address(ip).build().unwrap(),
            base: self.url.clone(),
            token: None,
        }
    }

    pub fn sign_in(&self, username: &str, password: &str) -> Api {
        let mut api = self.anonymous();
        let r = api.post(
            &routes::session(),
            &serde_json::json!({"username": username, "password": password}),
        );
        assert_eq!(r.status(), 200, "sign in as {username}");
        let v: Value = r.json().unwrap();
        api.token = Some(v["token"].as_str().unwrap().to_string());
        api
    }

    pub fn demo_manager(&self) -> Api {
        self.sign_in("demo", "demo")
    }

    pub fn other_manager(&self) -> Api {
        self.sign_in("tweede", "tweede")
    }

    /// Stops the server (and waits), leaving the database.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A second connection to the running server's database, for tests that
    /// damage or inspect what is stored.
    pub fn open_db(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(&self.db_path).unwrap();
        if let Some(key) = &self.key_file {
            let hex = std::fs::read_to_string(key).unwrap();
            conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex.trim()))
                .unwrap();
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn
    }

    /// Every byte of the database file and its WAL.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(&self.db_path).unwrap();
        let mut wal = self.db_path.clone().into_os_string();
        wal.push("-wal");
        if let Ok(w) = std::fs::read(&wal) {
            bytes.extend(w);
        }
        bytes
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A client of the API, signed in or not.
#[derive(Clone)]
pub struct Api {
    pub http: Client,
    pub base: String,
    pub token: Option<String>,
}

impl Api {
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::blocking::RequestBuilder {
        let rb = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request(reqwest::Method::GET, path).send().unwrap()
    }

    pub fn post(&self, path: &str, body: &Value) -> Response {
        self.request(reqwest::Method::POST, path)
            .json(body)
            .send()
            .unwrap()
    }

    pub fn ok<T: DeserializeOwned>(r: Response) -> T {
        let status = r.status();
        let text = r.text().unwrap();
        assert!(status.is_success(), "{status}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    pub fn me(&self) -> Me {
        Api::ok(self.get(&routes::me()))
    }

    pub fn org(&self, i: usize) -> Uuid {
        self.me().organizations[i].id
    }

    pub fn changes(&self, org: Uuid, since: Option<&str>) -> ChangesPage {
        Api::ok(self.get(&changes_path(org, since, None)))
    }

    /// All changes after `since`, following `has_more`.
    pub fn all_changes(&self, org: Uuid, since: Option<&str>, limit: u32) -> (Vec<Change>, String) {
        let mut out = Vec::new();
        let mut cursor = since.map(str::to_string);
        loop {
            let page: ChangesPage =
                Api::ok(self.get(&changes_path(org, cursor.as_deref(), Some(limit))));
            out.extend(page.changes);
            cursor = Some(page.cursor);
            if !page.has_more {
                return (out, cursor.unwrap());
            }
        }
    }

    pub fn mutate(&self, org: Uuid, ops: Vec<(Uuid, MutationOp)>) -> Vec<MutationResult> {
        let batch = MutationBatch {
            mutations: ops
                .into_iter()
                .map(|(mutation_id, op)| Mutation { mutation_id, op })
                .collect(),
        };
        let r: MutationBatchResult = Api::ok(self.post(
            &routes::mutations(Scope::Organization(org)),
            &serde_json::to_value(batch).unwrap(),
        ));
        r.results
    }

    /// A batch of one mutation with a new id; its result.
    pub fn mutate_one(&self, org: Uuid, op: MutationOp) -> MutationResult {
        self.mutate(org, vec![(Uuid::now_v7(), op)]).remove(0)
    }

    pub fn error(r: Response) -> (u16, ApiError) {
        let status = r.status().as_u16();
        let text = r.text().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
        )
    }
}

pub fn changes_path(org: Uuid, since: Option<&str>, limit: Option<u32>) -> String {
    let mut p = format!("{}?", routes::changes(org));
    if let Some(s) = since {
        p.push_str(&format!("since={s}&"));
    }
    if let Some(l) = limit {
        p.push_str(&format!("limit={l}"));
    }
    p
}
