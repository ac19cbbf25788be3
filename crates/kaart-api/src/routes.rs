//! The API's route paths in one place, for the server's router and the
//! client's URLs alike. The `*_ROUTE` templates are relative to
//! [`API_PREFIX`] (or [`PUBLIC_PREFIX`]) in axum/OpenAPI syntax; the
//! functions build the full path of one concrete call.

use uuid::Uuid;

use crate::sync::Scope;
use crate::{API_PREFIX, PUBLIC_PREFIX};

/// `POST` signs in, `DELETE` signs out.
pub const SESSION_ROUTE: &str = "/session";
/// The signed-in manager.
pub const ME_ROUTE: &str = "/me";
/// Mutations of the caller's own profile.
pub const ME_MUTATIONS_ROUTE: &str = "/me/mutations";
/// The published policy.
pub const POLICY_ROUTE: &str = "/policy";
/// One organisation's changes feed.
pub const CHANGES_ROUTE: &str = "/organizations/{org}/changes";
/// One organisation's mutation batches.
pub const MUTATIONS_ROUTE: &str = "/organizations/{org}/mutations";

/// A published activity's sign-up form (public).
pub const FORM_ROUTE: &str = "/activities/{id}/form";
/// Submitting a sign-up (public).
pub const SIGNUPS_ROUTE: &str = "/activities/{id}/signups";
/// An unsubscribe link (public).
pub const UNSUBSCRIBE_ROUTE: &str = "/unsubscribe/{token}";
/// A contact photo by its name (the SHA-256 of its JPEG): `PUT` uploads it
/// (manager), and under [`PUBLIC_PREFIX`] `GET` serves it to the websites.
pub const PHOTO_ROUTE: &str = "/photos/{name}";

/// `/api/v1/session`
pub fn session() -> String {
    format!("{API_PREFIX}{SESSION_ROUTE}")
}

/// `/api/v1/me`
pub fn me() -> String {
    format!("{API_PREFIX}{ME_ROUTE}")
}

/// `/api/v1/policy`
pub fn policy() -> String {
    format!("{API_PREFIX}{POLICY_ROUTE}")
}

/// `/api/v1/organizations/{org}/changes`
pub fn changes(org: Uuid) -> String {
    format!("{API_PREFIX}/organizations/{org}/changes")
}

/// Where a scope's mutations go: `/api/v1/me/mutations` or
/// `/api/v1/organizations/{org}/mutations`.
pub fn mutations(scope: Scope) -> String {
    match scope {
        Scope::Me => format!("{API_PREFIX}{ME_MUTATIONS_ROUTE}"),
        Scope::Organization(org) => format!("{API_PREFIX}/organizations/{org}/mutations"),
    }
}

/// `/public/v1/activities/{id}/form`
pub fn public_form(activity: Uuid) -> String {
    format!("{PUBLIC_PREFIX}/activities/{activity}/form")
}

/// `/public/v1/activities/{id}/signups`
pub fn public_signups(activity: Uuid) -> String {
    format!("{PUBLIC_PREFIX}/activities/{activity}/signups")
}

/// `/public/v1/unsubscribe/{token}`
pub fn unsubscribe(token: &str) -> String {
    format!("{PUBLIC_PREFIX}/unsubscribe/{token}")
}

/// `/api/v1/photos/{name}`: where the app uploads a photo.
pub fn photo_upload(name: &str) -> String {
    format!("{API_PREFIX}/photos/{name}")
}

/// `/public/v1/photos/{name}`: where a photo is served, and what a contact
/// person's `photo_url` holds (a path on the central service, so it stays
/// right whatever host name the websites reach the service under).
pub fn public_photo(name: &str) -> String {
    format!("{PUBLIC_PREFIX}/photos/{name}")
}

/// Whether `name` is a photo name: 64 lower-case hex digits (a SHA-256).
pub fn is_photo_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The photo name in a `photo_url` ([`public_photo`]), or `None` when the
/// value is not a photo on the central service.
pub fn photo_name(photo_url: &str) -> Option<&str> {
    photo_url
        .strip_prefix(PUBLIC_PREFIX)
        .and_then(|rest| rest.strip_prefix("/photos/"))
        .filter(|name| is_photo_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The functions fill in exactly the templates the router serves.
    #[test]
    fn paths_follow_the_templates() {
        let id = Uuid::nil();
        let fill = |prefix: &str, t: &str| {
            format!("{prefix}{t}")
                .replace("{org}", &id.to_string())
                .replace("{id}", &id.to_string())
                .replace("{token}", "t")
        };
        assert_eq!(session(), fill(API_PREFIX, SESSION_ROUTE));
        assert_eq!(me(), fill(API_PREFIX, ME_ROUTE));
        assert_eq!(policy(), fill(API_PREFIX, POLICY_ROUTE));
        assert_eq!(changes(id), fill(API_PREFIX, CHANGES_ROUTE));
        assert_eq!(
            mutations(Scope::Organization(id)),
            fill(API_PREFIX, MUTATIONS_ROUTE)
        );
        assert_eq!(mutations(Scope::Me), fill(API_PREFIX, ME_MUTATIONS_ROUTE));
        assert_eq!(public_form(id), fill(PUBLIC_PREFIX, FORM_ROUTE));
        assert_eq!(public_signups(id), fill(PUBLIC_PREFIX, SIGNUPS_ROUTE));
        assert_eq!(unsubscribe("t"), fill(PUBLIC_PREFIX, UNSUBSCRIBE_ROUTE));
        let name = "ab".repeat(32);
        let photo = |prefix: &str| format!("{prefix}{PHOTO_ROUTE}").replace("{name}", &name);
        assert_eq!(photo_upload(&name), photo(API_PREFIX));
        assert_eq!(public_photo(&name), photo(PUBLIC_PREFIX));
    }

    #[test]
    fn a_photo_url_names_a_photo_on_the_service() {
        let name = "0f".repeat(32);
        assert_eq!(photo_name(&public_photo(&name)), Some(name.as_str()));
        assert_eq!(photo_name(&photo_upload(&name)), None);
        assert_eq!(photo_name(&public_photo(&name.to_uppercase())), None);
        assert_eq!(photo_name(&public_photo("../../etc/passwd")), None);
        assert_eq!(
            photo_name(&format!("https://elders.nl{}", public_photo(&name))),
            None
        );
        assert_eq!(photo_name(&format!("{}?x=1", public_photo(&name))), None);
    }
}
