//! A test run must never touch a user's data: the test profile's identifier
//! (and so every directory Tauri derives from it) differs from the user's.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

use kaartbeheer_lib::profile::Profile;

const CONFIGURED: &str = "nl.kaartbeheer.app";

#[test]
fn test_profile_is_isolated_from_user_data() {
    let user = Profile::from_value(None).unwrap().identifier(CONFIGURED);
    let test = Profile::from_value(Some("test"))
        .unwrap()
        .identifier(CONFIGURED);
    assert_eq!(user, CONFIGURED);
    assert_ne!(user, test);
    assert!(!test.is_empty());
}

#[test]
fn the_configured_identifier_is_the_user_one() {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    assert_eq!(conf["identifier"], CONFIGURED);
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = conf["app"]["security"]["csp"].as_object().unwrap();
    // Only IPC may be reached over the network scheme; every other source is local.
    for (directive, sources) in csp.iter().filter(|(d, _)| d.as_str() != "connect-src") {
        let sources = sources.as_str().unwrap();
        assert!(
            !sources.contains("http") && !sources.contains("ws:") && !sources.contains("wss:"),
            "{directive} allows a remote host: {sources}"
        );
    }
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
}
