//! CORS on the public activity routes: a browser on one of the
//! organisation's websites may read the form and post a sign-up (preflight
//! included); a foreign origin, or another organisation's website, gets no
//! allow header; the sync and account API and the unsubscribe pages get
//! none at all.

use kaart_api::records::Record;
use kaart_api::routes;
use reqwest::blocking::Response;
use reqwest::Method;
use uuid::Uuid;

use crate::support::{Api, Server};
use crate::upserts;

const ALLOW_ORIGIN: &str = "access-control-allow-origin";

fn allowed(r: &Response) -> Option<&str> {
    r.headers().get(ALLOW_ORIGIN).map(|v| v.to_str().unwrap())
}

/// A GET with an `Origin`, as a browser's `fetch` sends it.
fn get_from(anon: &Api, path: &str, origin: &str) -> Response {
    anon.request(Method::GET, path)
        .header("Origin", origin)
        .send()
        .unwrap()
}

/// The preflight a browser sends before a JSON POST.
fn preflight(anon: &Api, path: &str, origin: &str) -> Response {
    anon.request(Method::OPTIONS, path)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .unwrap()
}

/// The first activity of each of the demo manager's two organisations,
/// with the websites of each organisation as `GET /me` lists them.
fn activities(server: &Server) -> Vec<(Uuid, Vec<String>)> {
    let api = server.demo_manager();
    api.me()
        .organizations
        .iter()
        .map(|o| {
            let activity = upserts(&api.changes(o.id, None).changes)
                .into_iter()
                .find_map(|(_, r)| match r {
                    Record::Activity(a) => Some(a.id),
                    _ => None,
                })
                .unwrap();
            let sites = o.websites.iter().map(|w| w.url.clone()).collect();
            (activity, sites)
        })
        .collect()
}

#[test]
fn the_organisations_websites_may_use_its_forms_and_others_may_not() {
    let server = Server::demo();
    let anon = server.anonymous();
    let orgs = activities(&server);
    let (activity, sites) = &orgs[0];
    let (_, other_sites) = &orgs[1];
    assert_eq!(sites[1], "https://www.cjgleiden.nl/", "the demo set");
    let own = "https://www.cjgleiden.nl";
    let form = routes::public_form(*activity);
    let signups = routes::public_signups(*activity);

    // The organisation's own website: form and preflight allowed.
    let r = get_from(&anon, &form, own);
    assert_eq!(r.status(), 200);
    assert_eq!(allowed(&r), Some(own));
    let r = preflight(&anon, &signups, own);
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(allowed(&r), Some(own));
    let methods = r.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let headers = r.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(headers.contains("content-type"), "{headers}");
    // A failed POST from there is readable too (the browser shows why).
    let r = anon
        .request(Method::POST, &signups)
        .header("Origin", own)
        .json(&serde_json::json!({"answers": {}}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(allowed(&r), Some(own));

    // A foreign origin, another organisation's website, and a look-alike.
    let other = other_sites[0].trim_end_matches('/');
    for foreign in [
        "https://evil.example",
        other,
        "http://www.cjgleiden.nl",
        "https://www.cjgleiden.nl.evil.example",
        "null",
    ] {
        let r = get_from(&anon, &form, foreign);
        assert_eq!(r.status(), 200);
        assert_eq!(allowed(&r), None, "{foreign} may read the form");
        let r = preflight(&anon, &signups, foreign);
        assert_eq!(allowed(&r), None, "{foreign} passed the preflight");
    }

    // No CORS for the sync and account API or the unsubscribe pages.
    let manager = server.demo_manager();
    let r = manager
        .request(Method::GET, &routes::me())
        .header("Origin", own)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(allowed(&r), None);
    let r = preflight(&anon, &routes::session(), own);
    assert_eq!(allowed(&r), None);
    let r = get_from(&anon, &routes::unsubscribe("onbekend"), own);
    assert_eq!(allowed(&r), None);
}
