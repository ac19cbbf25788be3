//! The real [`Transport`]: reqwest over HTTP(S) with connect and request
//! timeouts. Counts its requests (the benchmark reports them). Never logs
//! bodies or the token.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use kaart_api::account::{Me, Policy, Session, SignInRequest};
use kaart_api::error::{ApiError, ApiErrorCode};
use kaart_api::routes;
use kaart_api::sync::{ChangesPage, MutationBatch, MutationBatchResult, Scope};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::transport::{Transport, TransportError, TransportResult};

/// Timeouts of the HTTP client.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    /// The whole request, body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(60),
        }
    }
}

#[derive(Debug)]
pub struct HttpTransport {
    client: Client,
    base_url: String,
    requests: AtomicU64,
}

impl HttpTransport {
    /// `base_url` is the service's root, e.g. `http://127.0.0.1:8080`.
    pub fn new(base_url: &str, timeouts: Timeouts) -> Result<Self, TransportError> {
        let client = Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .user_agent(concat!("kaartbeheer/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::Network(e.to_string()))?;
        Ok(Self {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            requests: AtomicU64::new(0),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Requests sent since this transport was made.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// `path` is a full route path from [`kaart_api::routes`].
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    async fn send<T: DeserializeOwned>(&self, request: RequestBuilder) -> TransportResult<T> {
        let response = self.send_raw(request).await?;
        // A truncated or garbled body is as good as no answer: retry.
        let bytes = response.bytes().await.map_err(network)?;
        serde_json::from_slice(&bytes)
            // Only where, never what: serde's messages can quote the values
            // (personal data) that did not fit, and this error gets logged.
            .map_err(|e| {
                TransportError::Network(format!(
                    "unreadable answer ({:?} at line {} column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ))
            })
    }

    async fn send_raw(&self, request: RequestBuilder) -> TransportResult<reqwest::Response> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = request.send().await.map_err(network)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        if status.is_server_error() {
            return Err(TransportError::Server {
                status: status.as_u16(),
            });
        }
        let body = response.bytes().await.map_err(network)?;
        let error: Option<ApiError> = serde_json::from_slice(&body).ok();
        Err(match (status, error) {
            (StatusCode::UNAUTHORIZED, _) => TransportError::Unauthorized,
            (StatusCode::GONE, _) => TransportError::ResyncRequired,
            (_, Some(e)) if e.code == ApiErrorCode::ResyncRequired => {
                TransportError::ResyncRequired
            }
            (_, Some(error)) => TransportError::Api {
                status: status.as_u16(),
                error,
            },
            // A 4xx without our error body came from something in between.
            (_, None) => TransportError::Network(format!("unexpected status {status}")),
        })
    }
}

fn network(e: reqwest::Error) -> TransportError {
    // reqwest's messages name the URL (no personal data: ids only), never bodies.
    TransportError::Network(e.without_url().to_string())
}

impl Transport for HttpTransport {
    async fn sign_in(&self, request: &SignInRequest) -> TransportResult<Session> {
        self.send(self.client.post(self.url(&routes::session())).json(request))
            .await
    }

    async fn sign_out(&self, token: &str) -> TransportResult<()> {
        self.send_raw(
            self.client
                .delete(self.url(&routes::session()))
                .bearer_auth(token),
        )
        .await
        .map(|_| ())
    }

    async fn me(&self, token: &str) -> TransportResult<Me> {
        self.send(self.client.get(self.url(&routes::me())).bearer_auth(token))
            .await
    }

    async fn policy(&self) -> TransportResult<Policy> {
        self.send(self.client.get(self.url(&routes::policy())))
            .await
    }

    async fn changes(
        &self,
        token: &str,
        organization: Uuid,
        since: Option<&str>,
        limit: u32,
    ) -> TransportResult<ChangesPage> {
        let mut query: Vec<(&str, String)> = vec![("limit", limit.to_string())];
        if let Some(since) = since {
            query.push(("since", since.to_string()));
        }
        let url = self.url(&routes::changes(organization));
        self.send(self.client.get(url).query(&query).bearer_auth(token))
            .await
    }

    async fn push(
        &self,
        token: &str,
        scope: Scope,
        batch: &MutationBatch,
    ) -> TransportResult<MutationBatchResult> {
        self.send(
            self.client
                .post(self.url(&routes::mutations(scope)))
                .json(batch)
                .bearer_auth(token),
        )
        .await
    }

    async fn upload_photo(&self, token: &str, name: &str, jpeg: &[u8]) -> TransportResult<()> {
        self.send_raw(
            self.client
                .put(self.url(&routes::photo_upload(name)))
                .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
                .body(jpeg.to_vec())
                .bearer_auth(token),
        )
        .await
        .map(|_| ())
    }

    async fn photo(&self, name: &str) -> TransportResult<Vec<u8>> {
        let response = self
            .send_raw(self.client.get(self.url(&routes::public_photo(name))))
            .await?;
        Ok(response.bytes().await.map_err(network)?.to_vec())
    }
}
