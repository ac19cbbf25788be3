//! Signing in, the manager's own account, and the policy the service sets.
//!
//! - `POST /api/v1/session` with [`SignInRequest`] → [`Session`] (a bearer token).
//! - `DELETE /api/v1/session` revokes the token it is called with.
//! - `GET /api/v1/me` → [`Me`]; the profile changes through
//!   `POST /api/v1/me/mutations` like any other record.
//! - `GET /api/v1/policy` → [`Policy`] (no sign-in needed).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::records::Profile;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

/// A signed-in session. The token goes in `Authorization: Bearer …`; the
/// client keeps it in the OS keyring, never on disk or in logs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The signed-in manager: their profile and the organisations they manage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct Me {
    pub profile: Profile,
    pub profile_version: i64,
    pub organizations: Vec<ManagedOrganization>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct ManagedOrganization {
    pub id: Uuid,
    pub name: String,
    /// The websites that publish this organisation's information (read-only).
    pub websites: Vec<Website>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Website {
    pub name: String,
    pub url: String,
}

/// Rules the central service sets for every client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Policy {
    /// A record is due for re-checking this many days after its
    /// `assured_date` (twice a year: 182).
    pub review_interval_days: u32,
    /// Sign-ups are purged this many days after their activity ends.
    pub signup_retention_days: u32,
    /// Tombstones are kept this many days; a cursor older than that must
    /// resync from scratch.
    pub tombstone_horizon_days: u32,
}

/// The service's published defaults: what the reference service serves
/// unless started otherwise, and what a client uses before its first fetch.
impl Default for Policy {
    fn default() -> Self {
        Policy {
            review_interval_days: 182,
            signup_retention_days: 30,
            tombstone_horizon_days: 90,
        }
    }
}
