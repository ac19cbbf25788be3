//! A real SMTP server on 127.0.0.1 for the tests: Debian's aiosmtpd run by
//! `smtp_sink.py` (with `/usr/bin/python3`, where `python3-aiosmtpd`
//! lives), which saves every message it receives; messages are read back
//! with Python's own `email` package, never with the sender's code.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
const PYTHON: &str = "/usr/bin/python3";

/// A received message, decoded by Python's `email` package.
#[derive(Debug)]
pub struct Received {
    /// The envelope recipients (`RCPT TO`).
    pub rcpt: Vec<String>,
    /// The addresses of the `To` header.
    pub to: Vec<String>,
    pub subject: String,
    pub content_type: String,
    /// The text body, line ends as `\n`.
    pub body: String,
}

/// The SMTP server process; killed when dropped.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(PYTHON)
            .arg(SCRIPT)
            .arg("serve")
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("/usr/bin/python3 runs (python3-aiosmtpd: scripts/setup.sh)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"))
            .parse()
            .unwrap();
        SmtpSink { child, port, dir }
    }

    fn message_path(&self, n: usize) -> PathBuf {
        self.dir.path().join(format!("{n:03}.eml"))
    }

    /// How many messages have arrived.
    pub fn count(&self) -> usize {
        (1..).take_while(|n| self.message_path(*n).exists()).count()
    }

    /// Waits (at most `timeout`) for the `n`th message (from 1) and reads it.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Received {
        let path = self.message_path(n);
        let started = Instant::now();
        while !path.exists() {
            assert!(
                started.elapsed() < timeout,
                "no message {n} arrived within {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        read(&path)
    }
}

fn read(eml: &Path) -> Received {
    let out = Command::new(PYTHON)
        .arg(SCRIPT)
        .arg("read")
        .arg(eml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "reading the message failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let rcpt = std::fs::read_to_string(eml.with_extension("rcpt")).unwrap();
    Received {
        rcpt: rcpt.lines().map(str::to_string).collect(),
        to: strings(&v["to"]),
        subject: v["subject"].as_str().unwrap().to_string(),
        content_type: v["content_type"].as_str().unwrap().to_string(),
        body: v["body"].as_str().unwrap().replace("\r\n", "\n"),
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
