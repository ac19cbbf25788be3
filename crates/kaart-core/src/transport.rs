//! How the sync engine talks to the central service: the [`Transport`]
//! trait (one method per route it uses) and how failures are classified.
//! [`crate::http_transport::HttpTransport`] is the only one; the tests run
//! it against the real service, in-process.

use std::future::Future;

use kaart_api::account::{Me, Policy, Session, SignInRequest};
use kaart_api::error::ApiError;
use kaart_api::sync::{ChangesPage, MutationBatch, MutationBatchResult, Scope};
use uuid::Uuid;

/// A failed request, by what the engine should do about it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TransportError {
    /// No answer, or an unusable one (refused, reset, timed out, truncated):
    /// retry later; the request may or may not have been applied.
    #[error("network: {0}")]
    Network(String),
    /// The service failed (5xx): retry later.
    #[error("server error {status}")]
    Server { status: u16 },
    /// 401: the token is missing, expired or revoked (or wrong password).
    #[error("unauthorized")]
    Unauthorized,
    /// 410 `resync_required`: the cursor is no longer honoured.
    #[error("resync required")]
    ResyncRequired,
    /// Any other refusal, with the service's error body.
    #[error("refused ({status}): {:?}", error.code)]
    Api { status: u16, error: ApiError },
}

impl TransportError {
    /// Worth trying again with the same request.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            TransportError::Network(_) | TransportError::Server { .. }
        )
    }
}

pub type TransportResult<T> = Result<T, TransportError>;

/// The routes of the sync API the client uses.
pub trait Transport: Send + Sync {
    fn sign_in(
        &self,
        request: &SignInRequest,
    ) -> impl Future<Output = TransportResult<Session>> + Send;
    fn sign_out(&self, token: &str) -> impl Future<Output = TransportResult<()>> + Send;
    fn me(&self, token: &str) -> impl Future<Output = TransportResult<Me>> + Send;
    /// `GET /policy`: the review interval and retention the service sets.
    fn policy(&self) -> impl Future<Output = TransportResult<Policy>> + Send;
    fn changes(
        &self,
        token: &str,
        organization: Uuid,
        since: Option<&str>,
        limit: u32,
    ) -> impl Future<Output = TransportResult<ChangesPage>> + Send;
    fn push(
        &self,
        token: &str,
        scope: Scope,
        batch: &MutationBatch,
    ) -> impl Future<Output = TransportResult<MutationBatchResult>> + Send;
    /// `PUT /photos/{name}`: a contact photo (`name` = SHA-256 of `jpeg`).
    fn upload_photo(
        &self,
        token: &str,
        name: &str,
        jpeg: &[u8],
    ) -> impl Future<Output = TransportResult<()>> + Send;
    /// `GET /public/v1/photos/{name}`: a contact photo as the service serves it.
    fn photo(&self, name: &str) -> impl Future<Output = TransportResult<Vec<u8>>> + Send;
}
