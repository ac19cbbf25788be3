//! The store key and the session token belong to one store (one data
//! folder), in the real keyring: a second folder under the same app identity
//! has its own key and is not signed in, its session is its own, and a store
//! made before store ids adopts its legacy entries once.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

mod support;

use kaart_api::records::RecordKind;
use kaart_core::ipc::{AppError, ErrorCode};
use kaart_core::secrets::{SESSION_TOKEN_ENTRY, STORE_KEY_ENTRY};
use kaart_core::store::{identity, Store, DB_FILE};
use kaart_core::CoreError;
use support::{Server, TestClient};

fn entry(app_id: &str, name: &str) -> keyring::Entry {
    keyring::Entry::new(&format!("{app_id}.sync"), name).unwrap()
}

fn store_id(c: &TestClient) -> identity::StoreId {
    identity::read(c.dir.path())
        .unwrap()
        .expect("the store has an id")
}

#[tokio::test]
async fn two_data_folders_under_one_app_id_have_their_own_key_and_session() {
    in_keyring_session!("two_data_folders_under_one_app_id_have_their_own_key_and_session");
    let server = Server::start_demo();
    let first = TestClient::open(&server.url);
    first.ws.sign_in("demo", "demo").await.unwrap();
    first.sync().await;
    assert!(!first
        .ws
        .records(None, RecordKind::Contact)
        .unwrap()
        .is_empty());

    let second = TestClient::open_at(
        tempfile::tempdir().unwrap(),
        first.app_id.clone(),
        &server.url,
    );
    assert!(
        !second.ws.is_signed_in().unwrap(),
        "the second folder is not signed in with the first one's session"
    );
    assert_eq!(
        AppError::from(second.ws.sync_now().await.unwrap_err()).code,
        ErrorCode::NotSignedIn
    );
    assert!(second
        .ws
        .records(None, RecordKind::Contact)
        .unwrap()
        .is_empty());

    let (id1, id2) = (store_id(&first), store_id(&second));
    assert_ne!(id1, id2);
    let key1 = entry(&first.app_id, &id1.key_entry())
        .get_password()
        .unwrap();
    let key2 = entry(&first.app_id, &id2.key_entry())
        .get_password()
        .unwrap();
    assert_ne!(key1, key2, "each folder has a key of its own");
    assert!(matches!(
        Store::open_with_key(&second.dir.path().join(DB_FILE), &key1),
        Err(CoreError::StoreKeyWrong)
    ));

    // The second folder's own session, and signing it out, leave the
    // first one's alone: it still syncs.
    second.ws.sign_in("demo", "demo").await.unwrap();
    second.sync().await;
    let token1 = entry(&first.app_id, &id1.token_entry())
        .get_password()
        .unwrap();
    let token2 = entry(&first.app_id, &id2.token_entry())
        .get_password()
        .unwrap();
    assert_ne!(token1, token2);
    second.ws.sign_out(false).await.unwrap();
    assert!(!second.ws.is_signed_in().unwrap());
    assert!(first.ws.is_signed_in().unwrap());
    first.sync().await;
}

#[tokio::test]
async fn a_store_from_before_store_ids_adopts_its_legacy_entries_once() {
    in_keyring_session!("a_store_from_before_store_ids_adopts_its_legacy_entries_once");
    let server = Server::start_demo();
    let c = TestClient::open(&server.url);
    c.ws.sign_in("demo", "demo").await.unwrap();
    c.sync().await;
    let contacts = c.ws.records(None, RecordKind::Contact).unwrap().len();
    let old = store_id(&c);
    let key = entry(&c.app_id, &old.key_entry()).get_password().unwrap();
    let token = entry(&c.app_id, &old.token_entry()).get_password().unwrap();
    let (dir, app_id) = (c.dir, c.app_id);
    drop(c.ws);

    // As it was before store ids: bare entry names and no id file.
    entry(&app_id, STORE_KEY_ENTRY).set_password(&key).unwrap();
    entry(&app_id, SESSION_TOKEN_ENTRY)
        .set_password(&token)
        .unwrap();
    entry(&app_id, &old.key_entry())
        .delete_credential()
        .unwrap();
    entry(&app_id, &old.token_entry())
        .delete_credential()
        .unwrap();
    std::fs::remove_file(dir.path().join(identity::ID_FILE)).unwrap();

    // A new folder opened meanwhile does not take them.
    let other = TestClient::open_at(tempfile::tempdir().unwrap(), app_id.clone(), &server.url);
    assert!(!other.ws.is_signed_in().unwrap());
    drop(other);

    let c = TestClient::open_at(dir, app_id, &server.url);
    assert!(c.ws.is_signed_in().unwrap(), "the session carried over");
    assert_eq!(
        c.ws.records(None, RecordKind::Contact).unwrap().len(),
        contacts
    );
    c.sync().await;
    let new = store_id(&c);
    assert_eq!(
        entry(&c.app_id, &new.key_entry()).get_password().unwrap(),
        key
    );
    assert_eq!(
        entry(&c.app_id, &new.token_entry()).get_password().unwrap(),
        token
    );
    for legacy in [STORE_KEY_ENTRY, SESSION_TOKEN_ENTRY] {
        assert!(
            matches!(
                entry(&c.app_id, legacy).get_password(),
                Err(keyring::Error::NoEntry)
            ),
            "the legacy {legacy} entry is gone"
        );
    }
}
