//! CORS for the public form and sign-up routes. A browser script on one of
//! an organisation's publication websites (its `websites` rows, the ones
//! `GET /me` lists) may read the forms of that organisation's activities and
//! post sign-ups to them: the answer carries `Access-Control-Allow-Origin`
//! with that website's origin (scheme, host and port of its URL). Any other
//! origin — including another organisation's website — gets no allow
//! header, so the browser keeps the answer from the script. Preflights
//! (`OPTIONS`) for a JSON `POST` are answered here. The unsubscribe pages
//! and the sync and account API get no CORS at all.

use std::time::Duration;

use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};
use uuid::Uuid;

use crate::db::Db;
use crate::{accounts, store};

/// How long a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The CORS layer of the activity routes (`/activities/{id}/…`).
pub fn activity_routes_layer(db: Db) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::async_predicate(
            move |origin: HeaderValue, parts: &Parts| {
                let db = db.clone();
                let activity = activity_in_path(parts.uri.path());
                async move {
                    match (activity, origin.to_str()) {
                        (Some(id), Ok(origin)) => {
                            let origin = origin.to_string();
                            db.run(move |c| Ok(website_origins(c, id)?.contains(&origin)))
                                .await
                                .unwrap_or(false)
                        }
                        _ => false,
                    }
                }
            },
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(PREFLIGHT_MAX_AGE)
}

/// The activity id in `…/activities/{id}/…`.
fn activity_in_path(path: &str) -> Option<Uuid> {
    let mut segments = path.split('/');
    segments.find(|s| *s == "activities")?;
    Uuid::parse_str(segments.next()?).ok()
}

/// The origins (`https://host[:port]`) of the websites of the organisation
/// that holds `activity`; none for an unknown activity.
fn website_origins(conn: &rusqlite::Connection, activity: Uuid) -> rusqlite::Result<Vec<String>> {
    let Some(org) = store::get(conn, kaart_api::records::RecordKind::Activity, activity)?
        .and_then(|s| s.org_id)
    else {
        return Ok(Vec::new());
    };
    Ok(accounts::website_urls(conn, org)?
        .iter()
        .filter_map(|u| origin_of(u))
        .collect())
}

/// The origin a browser sends for pages under `url`: `None` for anything
/// but `http`/`https` URLs.
fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_website_url_becomes_the_origin_browsers_send() {
        assert_eq!(
            origin_of("https://www.socialekaartleiden.nl/").as_deref(),
            Some("https://www.socialekaartleiden.nl")
        );
        assert_eq!(
            origin_of("https://WWW.Example.nl:443/pad?x=1").as_deref(),
            Some("https://www.example.nl")
        );
        assert_eq!(
            origin_of("http://localhost:5173/").as_deref(),
            Some("http://localhost:5173")
        );
        assert_eq!(origin_of("mailto:a@b.nl"), None);
        assert_eq!(origin_of("geen url"), None);
    }

    #[test]
    fn the_activity_is_found_in_the_path() {
        let id = Uuid::now_v7();
        assert_eq!(
            activity_in_path(&format!("/activities/{id}/form")),
            Some(id)
        );
        assert_eq!(
            activity_in_path(&format!("/public/v1/activities/{id}/signups")),
            Some(id)
        );
        assert_eq!(activity_in_path("/activities/geen-id/form"), None);
        assert_eq!(activity_in_path("/unsubscribe/abc"), None);
    }
}
