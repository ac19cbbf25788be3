//! What the client benchmarks share: the `kaart-server` binary (built in
//! release when missing), a server seeded with the bench set and serving on
//! loopback, and removing the keyring entries a run made.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use kaart_core::secrets::OsKeyring;

pub fn server_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("KAART_SERVER_BIN") {
        return bin.into();
    }
    // target/release/deps/<bench> → target/release/kaart-server
    let profile_dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let bin = profile_dir.join("kaart-server");
    if !bin.exists() {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "-p", "kaart-server"])
            .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap())
            .status()
            .expect("cargo build kaart-server");
        assert!(
            status.success() && bin.exists(),
            "kaart-server could not be built; set KAART_SERVER_BIN"
        );
    }
    bin
}

/// Seeds the bench set into `db` and serves it; returns the server process
/// and its URL.
pub fn seeded_server(db: &Path) -> (Child, String) {
    eprintln!("seeding the bench set…");
    let seeded = Command::new(server_bin())
        .args(["seed", "--bench", "--db"])
        .arg(db)
        .status()
        .unwrap();
    assert!(seeded.success(), "kaart-server seed --bench failed");
    let mut server = Command::new(server_bin())
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_string();
    (server, url)
}

pub fn keyring_cleanup(app_id: &str, data_dir: &std::path::Path) -> kaart_core::CoreResult<()> {
    use kaart_core::secrets::SecretStore;
    let keyring = OsKeyring::new(app_id);
    if let Some(id) = kaart_core::store::identity::read(data_dir)? {
        keyring.delete(&id.key_entry())?;
        keyring.delete(&id.token_entry())?;
    }
    Ok(())
}
