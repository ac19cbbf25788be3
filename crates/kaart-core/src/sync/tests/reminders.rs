//! Reminders and retention against the real service: its published policy
//! decides what is due, a check made offline reaches it with the day it was
//! made, and sign-ups past the retention period leave this computer after a
//! sync even while the service still holds them.

use std::collections::BTreeMap;

use kaart_api::account::Policy;
use kaart_api::records::{AnswerValue, Signup, SignupStatus};

use super::*;
use crate::review::{amsterdam_date, today};

/// A contact last checked `days_ago` days before today (Dutch date).
fn checked(org: Uuid, name: &str, days_ago: u64) -> Record {
    Record::Contact(Contact {
        assured_date: today().checked_sub_days(chrono::Days::new(days_ago)),
        ..Contact::named(Uuid::now_v7(), org, name)
    })
}

fn due_contacts(c: &Client, org: Uuid) -> Vec<(String, bool)> {
    c.ws.due_for_review(Some(org))
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == RecordKind::Contact)
        .map(|i| (i.title, i.almost_due))
        .collect()
}

#[tokio::test]
async fn the_services_review_interval_decides_what_is_due() {
    let policy = Policy {
        review_interval_days: 30,
        ..Policy::default()
    };
    let s = Scenario::with_policy(policy.clone()).await;
    s.other
        .create_all(&[
            checked(s.org, "Twee maanden geleden", 60),
            checked(s.org, "Twintig dagen geleden", 20),
            checked(s.org, "Vorige week", 7),
        ])
        .await;
    let c = s.client().await;
    assert_eq!(
        c.ws.policy().unwrap(),
        Policy::default(),
        "the published defaults before the first fetch"
    );
    c.sync().await;
    assert_eq!(c.ws.policy().unwrap(), policy);
    // Under the default 182 days none of these would be due.
    assert_eq!(
        due_contacts(&c, s.org),
        [
            ("Twee maanden geleden".to_string(), false),
            ("Twintig dagen geleden".to_string(), true),
        ]
    );
    // The badge's counts say what the list shows.
    let listed = c.ws.due_for_review(None).unwrap();
    let counts = c.ws.review_counts(None).unwrap();
    assert_eq!(
        (counts.due as usize, counts.almost_due as usize),
        (
            listed.iter().filter(|i| !i.almost_due).count(),
            listed.iter().filter(|i| i.almost_due).count()
        )
    );
    assert_eq!(counts.almost_due, 1, "{counts:?}");
}

#[tokio::test]
async fn a_check_made_offline_reaches_the_service_with_the_day_it_was_made() {
    let s = Scenario::new().await;
    let record = checked(s.org, "Offline gecontroleerd", 400);
    s.other.create(&record).await;
    let c = s.synced_client().await;
    assert_eq!(
        due_contacts(&c, s.org),
        [("Offline gecontroleerd".to_string(), false)]
    );

    // Checked two days ago, while the network was gone.
    s.proxy.set_down(Some(Fault::DropBeforeServer));
    let checked_on = today() - chrono::Duration::days(2);
    c.ws.mark_checked(RecordKind::Contact, record.id(), checked_on)
        .unwrap();
    assert!(c.ws.sync_now().await.is_err(), "offline");
    assert_eq!(due_contacts(&c, s.org), [], "no longer due here");
    assert_eq!(
        s.contact_on_service(record.id()).assured_date,
        record.assured_date(),
        "the service has not heard yet"
    );

    // Back online, today: the service keeps the day of the check.
    s.proxy.set_down(None);
    c.sync().await;
    assert_eq!(
        s.contact_on_service(record.id()).assured_date,
        Some(checked_on)
    );
    assert_eq!(c.local_contact(record.id()).assured_date, Some(checked_on));
}

fn signup(org: Uuid, activity: Uuid, name: &str) -> Signup {
    Signup {
        id: Uuid::now_v7(),
        organization_id: org,
        activity_id: activity,
        submitted_at: Utc::now(),
        answers: BTreeMap::from([("naam".to_string(), AnswerValue::Text(name.into()))]),
        status: SignupStatus::Registered,
    }
}

#[tokio::test]
async fn sign_ups_past_retention_leave_after_a_sync_while_the_service_still_has_them() {
    let (s, c, a) = activity_scenario().await;
    let person = signup(s.org, a.id, "Wilhelmina Bewaartermijn");
    kaart_server::store::insert(&s.service.conn(), &Record::Signup(person.clone()), 1).unwrap();
    c.sync().await;
    assert!(c.ws.record(RecordKind::Signup, person.id).is_ok());

    // Ends in 30 days, deleted 30 days (the default retention) after that.
    let deletes_at = a.ends_at + chrono::Duration::days(30);
    assert_eq!(
        c.ws.signup_retention(a.id).unwrap(),
        Some(amsterdam_date(deletes_at))
    );
    assert_eq!(c.ws.signup_deletions_within(59).unwrap(), []);
    let soon = c.ws.signup_deletions_within(61).unwrap();
    assert_eq!(soon.len(), 1, "{soon:?}");
    assert_eq!(
        (
            soon[0].activity_id,
            soon[0].organization_id,
            soon[0].signups
        ),
        (a.id, s.org, 1)
    );
    assert_eq!(soon[0].title, a.title);
    assert_eq!(soon[0].deleted_on, amsterdam_date(deletes_at));

    // The service moves the activity to 40 days ago; its own purge has
    // not run since, so it still holds the sign-up.
    let start = Utc::now() - chrono::Duration::days(40);
    s.change_on_service(RecordKind::Activity, a.id, "starts_at", json!(start))
        .await;
    s.change_on_service(
        RecordKind::Activity,
        a.id,
        "ends_at",
        json!(start + chrono::Duration::hours(2)),
    )
    .await;
    c.sync().await;
    assert!(s.on_service(RecordKind::Signup, person.id).is_some());
    assert!(
        c.ws.record(RecordKind::Signup, person.id).is_err(),
        "deleted here after the sync"
    );
    assert_eq!(c.ws.signup_retention(a.id).unwrap(), None);
    assert_eq!(c.ws.signup_removals(s.org).unwrap().count, 1);
}
