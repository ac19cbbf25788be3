//! Records the integration tests seed the central service with.

use chrono::{DateTime, Duration, Utc};
use kaart_api::records::{Activity, ActivityStatus, FormField};
use uuid::Uuid;

/// A published two-hour activity from `starts_at` with the sign-up form
/// `form`, a new id, no capacity and no sign-up period.
pub fn published_activity(
    org: Uuid,
    title: &str,
    starts_at: DateTime<Utc>,
    form: Vec<FormField>,
) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        organization_id: org,
        title: title.into(),
        description: None,
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        location: None,
        capacity: None,
        signup_opens_at: None,
        signup_closes_at: None,
        status: ActivityStatus::Published,
        form,
        assured_date: None,
    }
}
