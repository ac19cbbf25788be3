//! The HTTP face of the service: shared state, the router with its layers
//! (body limit, access log), and the handlers by area.

pub mod access_log;
pub mod account_routes;
pub mod extract;
mod mutation_batch;
pub mod openapi;
pub mod public_routes;
pub mod sync_routes;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use kaart_api::account::Policy;

use crate::db::Db;
use crate::failure::Failure;
use crate::throttle::SignInThrottle;

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub policy: Policy,
    /// Where the public routes are reachable, for unsubscribe links.
    pub public_base_url: String,
    pub throttle: Arc<SignInThrottle>,
}

async fn not_found() -> Failure {
    Failure::not_found("Deze route bestaat niet.")
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi::document())
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/api/v1/session",
            post(account_routes::sign_in).delete(account_routes::sign_out),
        )
        .route("/api/v1/me", get(account_routes::me))
        .route("/api/v1/me/mutations", post(account_routes::me_mutations))
        .route("/api/v1/policy", get(account_routes::policy))
        .route(
            "/api/v1/organizations/{org}/changes",
            get(sync_routes::changes),
        )
        .route(
            "/api/v1/organizations/{org}/mutations",
            post(sync_routes::mutations),
        )
        .route("/public/v1/activities/{id}/form", get(public_routes::form))
        .route(
            "/public/v1/activities/{id}/signups",
            post(public_routes::submit),
        )
        .route(
            "/public/v1/unsubscribe/{token}",
            get(public_routes::unsubscribe_page).post(public_routes::unsubscribe),
        )
        .route("/openapi.json", get(openapi_json))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(access_log::access_log))
        .with_state(state)
}
