//! The access log: method, path, status and duration of every request, and
//! nothing else — no bodies, no query strings (cursors), no headers (tokens);
//! the token in an unsubscribe path is masked.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use kaart_api::routes;

/// The path as it may be logged.
pub fn loggable_path(path: &str) -> String {
    let unsubscribe = routes::unsubscribe("");
    if path.starts_with(&unsubscribe) {
        format!("{unsubscribe}…")
    } else {
        path.chars().take(200).collect()
    }
}

pub async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = loggable_path(req.uri().path());
    let started = Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn unsubscribe_tokens_are_masked() {
        assert_eq!(
            super::loggable_path("/public/v1/unsubscribe/abc"),
            "/public/v1/unsubscribe/…"
        );
        assert_eq!(super::loggable_path(&kaart_api::routes::me()), "/api/v1/me");
    }
}
