//! The purge job and the tombstone horizon, and embedding the server
//! in-process through `kaart_server::start`.

use chrono::{Duration, Utc};
use kaart_api::error::ApiErrorCode;
use kaart_api::records::RecordKind;
use kaart_api::sync::Change;

use crate::support::{changes_path, Api, Server};
use crate::upserts;

#[test]
fn purge_removes_old_signups_and_expires_old_cursors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kaart.sqlite");
    let server = Server::on(&db, &["--demo"]);
    let api = server.demo_manager();
    let org = api.org(0);
    let full = api.changes(org, None);
    let signups = upserts(&full.changes)
        .iter()
        .filter(|(_, r)| r.kind() == RecordKind::Signup)
        .count();
    assert!(signups > 0);
    server.stop();

    let policy = kaart_server::default_policy();
    let mut conn = kaart_server::db::open(&db).unwrap();
    let now = Utc::now();
    let report = kaart_server::purge::purge(&mut conn, &policy, now).unwrap();
    assert_eq!(report.signups_deleted, 0, "no activity has ended yet");
    // 160 days on, every demo activity ended more than 30 days ago.
    let long_horizon = kaart_api::account::Policy {
        tombstone_horizon_days: 400,
        ..policy.clone()
    };
    let report =
        kaart_server::purge::purge(&mut conn, &long_horizon, now + Duration::days(160)).unwrap();
    assert!(report.signups_deleted >= signups);
    assert_eq!(
        report.tombstones_dropped, 0,
        "the new tombstones are within the horizon"
    );
    drop(conn);

    let server = Server::on(&db, &[]);
    let api = server.demo_manager();
    let since = api.changes(org, Some(&full.cursor)).changes;
    let tombstones = since
        .iter()
        .filter(|c| {
            matches!(
                c,
                Change::Tombstone {
                    kind: RecordKind::Signup,
                    ..
                }
            )
        })
        .count();
    assert_eq!(tombstones, signups);
    let mid_cursor = api.changes(org, None).cursor;
    server.stop();

    // A year on, the tombstones are beyond the horizon: old cursors must resync.
    let mut conn = kaart_server::db::open(&db).unwrap();
    let report = kaart_server::purge::purge(&mut conn, &policy, now + Duration::days(365)).unwrap();
    assert!(report.tombstones_dropped >= signups);
    drop(conn);
    let server = Server::on(&db, &[]);
    let api = server.demo_manager();
    let (status, err) = Api::error(api.get(&changes_path(org, Some(&full.cursor), None)));
    assert_eq!((status, err.code), (410, ApiErrorCode::ResyncRequired));
    // A cursor taken after the last dropped tombstone still works, and a
    // full resync has no sign-ups left.
    assert!(api.changes(org, Some(&mid_cursor)).changes.is_empty());
    let fresh = api.changes(org, None).changes;
    assert!(upserts(&fresh)
        .iter()
        .all(|(_, r)| r.kind() != RecordKind::Signup));
    assert!(fresh.iter().all(|c| matches!(c, Change::Upsert { .. })));
}

#[test]
fn the_server_embeds_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut config =
            kaart_server::Config::new("127.0.0.1:0".parse().unwrap(), dir.path().join("k.sqlite"));
        config.seed_demo = true;
        let server = kaart_server::start(config).await.unwrap();
        let url = server.url();
        let status = tokio::task::spawn_blocking(move || {
            let http = reqwest::blocking::Client::new();
            http.get(format!("{url}/api/v1/policy"))
                .send()
                .unwrap()
                .status()
        })
        .await
        .unwrap();
        assert_eq!(status, 200);
        server.shutdown().await.unwrap();
    });
}
