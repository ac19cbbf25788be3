//! Contact photos on the service: an upload is decoded and re-encoded, so
//! what the websites get has no EXIF or GPS (read back with Pillow); files
//! that are no photo — text named .jpg and sent as image/jpeg, an SVG, a
//! 50 MB file, a decompression bomb — are refused with the reason and
//! nothing is stored; a contact person can only name a photo the service has;
//! photos no contact names leave the service after a day, and a manager may
//! keep at most 50 of them.

use std::path::Path;
use std::process::Command;

use kaart_api::error::ApiErrorCode;
use kaart_api::records::{Contact, Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::{MutationOp, Outcome};
use serde_json::{json, Value};

use crate::support::{Api, Server};
use crate::update;

/// The Pillow script shared with kaart-core's tests.
fn photo_py(args: &[&str]) -> String {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../kaart-core/tests/readback/photo.py");
    let out = Command::new("/usr/bin/python3")
        .arg(script)
        .args(args)
        .output()
        .expect("/usr/bin/python3 runs (python3-pil: scripts/setup.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn made(dir: &Path, what: &str, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    photo_py(&[what, path.to_str().unwrap()]);
    std::fs::read(path).unwrap()
}

fn upload(
    api: &Api,
    name: &str,
    bytes: Vec<u8>,
    content_type: &str,
) -> reqwest::blocking::Response {
    // A connection of its own: the server may refuse a large body unread.
    reqwest::blocking::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
        .put(format!("{}{}", api.base, routes::photo_upload(name)))
        .bearer_auth(api.token.as_deref().unwrap())
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .unwrap()
}

/// The answer to an upload that announces `len` bytes, read before any of
/// the body is sent. The service refuses a body over its limit by the
/// announced length; sending it all would race with the service closing
/// the connection after its answer (a reset instead of the 413 under load).
fn announced_upload(api: &Api, name: &str, len: usize) -> (u16, kaart_api::error::ApiError) {
    use std::io::{Read, Write};
    let url = reqwest::Url::parse(&format!("{}{}", api.base, routes::photo_upload(name))).unwrap();
    let mut stream = std::net::TcpStream::connect((
        url.host_str().unwrap(),
        url.port_or_known_default().unwrap(),
    ))
    .unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "PUT {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: image/jpeg\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n",
        url.path(),
        url.host_str().unwrap(),
        api.token.as_deref().unwrap(),
    )
    .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Up to the end of a JSON body; the service may keep the socket open.
    while !answer.ends_with(b"}") {
        match stream.read(&mut buf).unwrap() {
            0 => break,
            n => answer.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8(answer).unwrap();
    let status: u16 = text[9..12].parse().unwrap();
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    (
        status,
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")),
    )
}

fn photo_count(server: &Server) -> i64 {
    server
        .open_db()
        .query_row("SELECT count(*) FROM photos", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_uploaded_photo_is_served_without_exif_or_gps() {
    let server = Server::demo();
    let api = server.demo_manager();
    let dir = tempfile::tempdir().unwrap();
    let original = made(dir.path(), "gps-jpeg", "met-gps.jpg");
    let name = kaart_photo::sha256_hex(&original);

    let r = upload(&api, &name, original.clone(), "image/jpeg");
    assert_eq!(r.status(), 201);
    // Idempotent: the same upload again changes nothing.
    assert_eq!(upload(&api, &name, original, "image/jpeg").status(), 200);
    assert_eq!(photo_count(&server), 1);

    // Served to anyone (the websites), as a JPEG.
    let r = server.anonymous().get(&routes::public_photo(&name));
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let served = r.bytes().unwrap();
    let path = dir.path().join("served.jpg");
    std::fs::write(&path, &served).unwrap();
    let seen: Value = serde_json::from_str(&photo_py(&["check", path.to_str().unwrap()])).unwrap();
    assert_eq!(seen["format"], "JPEG");
    assert_eq!(
        (seen["width"].as_u64(), seen["height"].as_u64()),
        (Some(512), Some(341))
    );
    assert_eq!(seen["exif"], false, "{seen}");
    assert_eq!(seen["gps"], false, "{seen}");
    assert_eq!(seen["info"], json!([]), "no comment, ICC or XMP: {seen}");

    let r = server
        .anonymous()
        .get(&routes::public_photo(&"0".repeat(64)));
    assert_eq!(r.status(), 404);
}

#[test]
fn files_that_are_no_photo_are_refused_and_nothing_is_stored() {
    let server = Server::demo();
    let api = server.demo_manager();
    let dir = tempfile::tempdir().unwrap();
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>alert(1)</script><rect width="800" height="600"/></svg>"#.to_vec();
    let mut fifty_mb = made(dir.path(), "gps-jpeg", "groot.jpg");
    fifty_mb.resize(50 * 1024 * 1024, 0);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "text named .jpg",
            b"Notulen van de vergadering\n".to_vec(),
            422,
            "not_an_image",
        ),
        ("svg", svg, 422, "svg"),
        (
            "decompression bomb",
            made(dir.path(), "bomb-png", "bom.png"),
            422,
            "too_many_pixels",
        ),
    ];
    for (what, bytes, status, code) in cases {
        let name = kaart_photo::sha256_hex(&bytes);
        let (got, err) = Api::error(upload(&api, &name, bytes, "image/jpeg"));
        assert_eq!(got, status, "{what}: {err:?}");
        if status == 422 {
            assert_eq!(err.code, ApiErrorCode::ValidationFailed, "{what}");
            assert_eq!(err.field_errors[0].field, "photo", "{what}");
            assert_eq!(err.field_errors[0].code, code, "{what}");
            assert!(!err.field_errors[0].message.is_empty());
        }
        assert_eq!(
            server
                .anonymous()
                .get(&routes::public_photo(&name))
                .status(),
            404,
            "{what}"
        );
    }
    // 50 MB: refused by its announced length, before any of it is read.
    let name = kaart_photo::sha256_hex(&fifty_mb);
    let (status, err) = announced_upload(&api, &name, fifty_mb.len());
    assert_eq!(status, 413, "50 MB: {err:?}");
    assert_eq!(err.code, ApiErrorCode::PayloadTooLarge);
    assert_eq!(photo_count(&server), 0);

    // A name that is not the body's hash, and no sign-in.
    let photo = made(dir.path(), "gps-jpeg", "foto.jpg");
    let (status, _) = Api::error(upload(&api, &"ab".repeat(32), photo.clone(), "image/jpeg"));
    assert_eq!(status, 400);
    let mut anonymous = api.clone();
    anonymous.token = Some("geen-sessie".into());
    let (status, _) = Api::error(upload(
        &anonymous,
        &kaart_photo::sha256_hex(&photo),
        photo,
        "image/jpeg",
    ));
    assert_eq!(status, 401);
    assert_eq!(photo_count(&server), 0);
}

#[test]
fn a_contact_names_only_a_photo_the_service_has() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let dir = tempfile::tempdir().unwrap();
    let photo = made(dir.path(), "gps-jpeg", "foto.jpg");
    let name = kaart_photo::sha256_hex(&photo);
    let url = routes::public_photo(&name);

    let mut contact = Contact::named(uuid::Uuid::now_v7(), org, "Fatima");
    contact.photo_url = Some(url.clone());
    let refused = api.mutate_one(
        org,
        MutationOp::Create {
            record: Record::Contact(contact.clone()),
        },
    );
    let Outcome::Rejected { errors } = refused.outcome else {
        panic!("{:?}", refused.outcome)
    };
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code.as_str()),
        ("photo_url", "unknown_photo")
    );

    assert_eq!(
        upload(&api, &name, photo, "application/octet-stream").status(),
        201
    );
    contact.photo_url = None;
    let created = api.mutate_one(
        org,
        MutationOp::Create {
            record: Record::Contact(contact.clone()),
        },
    );
    assert!(
        matches!(created.outcome, Outcome::Applied { .. }),
        "{:?}",
        created.outcome
    );
    let set = api.mutate_one(
        org,
        update(
            RecordKind::Contact,
            contact.id,
            "photo_url",
            Value::Null,
            json!(url),
        ),
    );
    assert!(
        matches!(set.outcome, Outcome::Applied { .. }),
        "{:?}",
        set.outcome
    );
    let other = routes::public_photo(&"cd".repeat(32));
    let unknown = api.mutate_one(
        org,
        update(
            RecordKind::Contact,
            contact.id,
            "photo_url",
            json!(url),
            json!(other),
        ),
    );
    assert!(
        matches!(unknown.outcome, Outcome::Rejected { .. }),
        "{:?}",
        unknown.outcome
    );
}

/// A small PNG of one colour, different for every `n`.
fn png(n: u32) -> Vec<u8> {
    let [_, r, g, b] = n.to_be_bytes();
    let image = image::RgbImage::from_pixel(16, 16, image::Rgb([r, g, b]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// Uploads `bytes` under their own name; the name.
fn put_photo(api: &Api, bytes: Vec<u8>) -> (String, u16) {
    let name = kaart_photo::sha256_hex(&bytes);
    let status = upload(api, &name, bytes, "image/png").status().as_u16();
    (name, status)
}

fn purge(server: &Server, now: chrono::DateTime<chrono::Utc>) -> usize {
    let mut conn = server.open_db();
    kaart_server::purge::purge(&mut conn, &kaart_server::default_policy(), now)
        .unwrap()
        .photos_forgotten
}

fn served(server: &Server, name: &str) -> u16 {
    server
        .anonymous()
        .get(&routes::public_photo(name))
        .status()
        .as_u16()
}

#[test]
fn photos_no_contact_names_leave_the_service_after_a_day() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let (named, status) = put_photo(&api, png(1));
    assert_eq!(status, 201);
    let (unnamed, status) = put_photo(&api, png(2));
    assert_eq!(status, 201);

    let mut contact = Contact::named(uuid::Uuid::now_v7(), org, "Fatima");
    contact.photo_url = Some(routes::public_photo(&named));
    let created = api.mutate_one(
        org,
        MutationOp::Create {
            record: Record::Contact(contact.clone()),
        },
    );
    let Outcome::Applied { version, .. } = created.outcome else {
        panic!("{:?}", created.outcome)
    };

    // Just uploaded: the push naming it may still be on its way.
    let now = chrono::Utc::now();
    assert_eq!(purge(&server, now), 0);
    assert_eq!(served(&server, &unnamed), 200);

    // A day on, the photo nobody named is gone; the named one stays.
    let later = now + chrono::Duration::hours(25);
    assert_eq!(purge(&server, later), 1);
    assert_eq!(served(&server, &unnamed), 404);
    assert_eq!(served(&server, &named), 200);

    // Erasing the contact (a person's request) takes its photo off the
    // public side at the next purge.
    let deleted = api.mutate_one(org, crate::delete(RecordKind::Contact, contact.id, version));
    assert!(
        matches!(deleted.outcome, Outcome::Applied { .. }),
        "{:?}",
        deleted.outcome
    );
    assert_eq!(purge(&server, later), 1);
    assert_eq!(served(&server, &named), 404);
    assert_eq!(photo_count(&server), 0);
}

#[test]
fn a_manager_may_keep_only_fifty_photos_no_contact_names() {
    let server = Server::demo();
    let api = server.demo_manager();
    let org = api.org(0);
    let mut names = Vec::new();
    for n in 0..kaart_server::photos::UNNAMED_PER_MANAGER as u32 {
        let (name, status) = put_photo(&api, png(n));
        assert_eq!(status, 201, "upload {n}");
        names.push(name);
    }

    let over = png(1000);
    let over_name = kaart_photo::sha256_hex(&over);
    let r = upload(&api, &over_name, over.clone(), "image/png");
    assert_eq!(r.status(), 422);
    let body: kaart_api::error::ApiError = r.json().unwrap();
    assert_eq!(body.code, ApiErrorCode::ValidationFailed);
    let errors = body.field_errors;
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code.as_str()),
        ("photo", "too_many_unnamed")
    );
    assert_eq!(photo_count(&server), 50, "nothing stored");
    // An upload the service has already is still answered.
    assert_eq!(put_photo(&api, png(7)).1, 200);

    // Once a contact names one of them, there is room for one more.
    let mut contact = Contact::named(uuid::Uuid::now_v7(), org, "Sanne");
    contact.photo_url = Some(routes::public_photo(&names[0]));
    let created = api.mutate_one(
        org,
        MutationOp::Create {
            record: Record::Contact(contact),
        },
    );
    assert!(
        matches!(created.outcome, Outcome::Applied { .. }),
        "{:?}",
        created.outcome
    );
    assert_eq!(upload(&api, &over_name, over, "image/png").status(), 201);
}
