//! The committed OpenAPI document matches the code; `UPDATE_OPENAPI=1`
//! rewrites it. The served document is the same.

use crate::support::{Api, Server};

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[test]
fn committed_openapi_document_is_current() {
    let generated = kaart_server::http::openapi::document_json();
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p kaart-server --test api openapi` and commit it"
    );
}

#[test]
fn the_server_serves_the_same_document() {
    let server = Server::demo();
    let served: serde_json::Value = Api::ok(server.anonymous().get("/openapi.json"));
    let generated: serde_json::Value =
        serde_json::from_str(&kaart_server::http::openapi::document_json()).unwrap();
    assert_eq!(served, generated);
}
