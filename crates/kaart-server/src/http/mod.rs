//! The HTTP face of the service: shared state, the router with its layers
//! (body limit, access log, CORS on the public activity routes), and the
//! handlers by area.

pub mod access_log;
pub mod account_routes;
pub mod cors;
pub mod extract;
mod mutation_batch;
pub mod openapi;
pub mod photo_routes;
pub mod public_routes;
pub mod sync_routes;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::{middleware, Json, Router};
use kaart_api::account::Policy;
use kaart_api::routes::{
    CHANGES_ROUTE, FORM_ROUTE, ME_MUTATIONS_ROUTE, ME_ROUTE, MUTATIONS_ROUTE, PHOTO_ROUTE,
    POLICY_ROUTE, SESSION_ROUTE, SIGNUPS_ROUTE, UNSUBSCRIBE_ROUTE,
};
use kaart_api::{API_PREFIX, PUBLIC_PREFIX};

use crate::cursor::CursorKey;
use crate::db::Db;
use crate::failure::Failure;
use crate::mail::Mailer;
use crate::throttle::{SignInThrottle, SignupLimits};

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub policy: Policy,
    /// Where the public routes are reachable, for unsubscribe links.
    pub public_base_url: String,
    pub throttle: Arc<SignInThrottle>,
    pub signup_limits: Arc<SignupLimits>,
    pub cursor_key: Arc<CursorKey>,
    /// Sends (or, without a relay, only logs) confirmation e-mails.
    pub mailer: Mailer,
}

async fn not_found() -> Failure {
    Failure::not_found("Deze route bestaat niet.")
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi::document())
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(
            SESSION_ROUTE,
            post(account_routes::sign_in).delete(account_routes::sign_out),
        )
        .route(ME_ROUTE, get(account_routes::me))
        .route(ME_MUTATIONS_ROUTE, post(account_routes::me_mutations))
        .route(POLICY_ROUTE, get(account_routes::policy))
        .route(CHANGES_ROUTE, get(sync_routes::changes))
        .route(MUTATIONS_ROUTE, post(sync_routes::mutations))
        .route(PHOTO_ROUTE, put(photo_routes::upload));
    // Only the activity routes get CORS (for the organisation's websites).
    let activity_routes = Router::new()
        .route(FORM_ROUTE, get(public_routes::form))
        .route(SIGNUPS_ROUTE, post(public_routes::submit))
        .layer(cors::activity_routes_layer(state.db.clone()));
    let public = Router::new()
        .merge(activity_routes)
        .route(
            UNSUBSCRIBE_ROUTE,
            get(public_routes::unsubscribe_page).post(public_routes::unsubscribe),
        )
        .route(PHOTO_ROUTE, get(photo_routes::serve));
    Router::new()
        .nest(API_PREFIX, api)
        .nest(PUBLIC_PREFIX, public)
        .route("/openapi.json", get(openapi_json))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(extract::refuse_announced_too_large))
        .layer(middleware::from_fn(access_log::access_log))
        .with_state(state)
}
