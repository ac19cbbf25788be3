//! Re-check reminders (*controle*): which records are due for their periodic
//! check. A record is due when it was never checked (`assured_date` missing)
//! or when its last check is [`REVIEW_INTERVAL_DAYS`] or more days ago — the
//! review interval the central service publishes in its policy (182 days,
//! "twice a year"). Sign-ups are never checked, so never due.

use chrono::{Days, NaiveDate};
use kaart_api::records::Record;

use crate::ipc::ReviewItem;

/// The service's review interval in days (its published default policy).
pub const REVIEW_INTERVAL_DAYS: u64 = 182;

/// Today's date on this computer (the date a manager checks a record).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The day a record last checked on `assured` becomes due again.
pub fn due_on(assured: NaiveDate, interval_days: u64) -> NaiveDate {
    assured
        .checked_add_days(Days::new(interval_days))
        .unwrap_or(NaiveDate::MAX)
}

/// The display name of a record (its name or title).
pub fn title_of(record: &Record) -> String {
    match record {
        Record::Organization(r) => r.name.clone(),
        Record::Offering(r) => r.name.clone(),
        Record::Activity(r) => r.title.clone(),
        Record::Contact(r) => r.name.clone(),
        Record::Profile(r) => r.name.clone(),
        Record::Signup(_) => String::new(),
    }
}

/// The records among `records` that are due on `today`: never-checked ones
/// first, then the longest overdue first.
pub fn due<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    today: NaiveDate,
    interval_days: u64,
) -> Vec<ReviewItem> {
    let mut items: Vec<ReviewItem> = records
        .into_iter()
        .filter(|r| !matches!(r, Record::Signup(_)))
        .filter_map(|r| {
            let assured = r.assured_date();
            let due_since = assured.map(|d| due_on(d, interval_days));
            if due_since.is_some_and(|d| d > today) {
                return None;
            }
            Some(ReviewItem {
                kind: r.kind(),
                record_id: r.id(),
                organization_id: r.organization_id(),
                title: title_of(r),
                assured_date: assured,
                due_since,
            })
        })
        .collect();
    items.sort_by(|a, b| a.due_since.cmp(&b.due_since).then(a.title.cmp(&b.title)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaart_api::records::{Contact, Signup, SignupStatus};
    use uuid::Uuid;

    fn contact(name: &str, assured: Option<&str>) -> Record {
        Record::Contact(Contact {
            assured_date: assured.map(|d| d.parse().unwrap()),
            ..Contact::named(Uuid::now_v7(), Uuid::now_v7(), name)
        })
    }

    #[test]
    fn missing_or_older_than_the_interval_is_due_and_recent_is_not() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let records = [
            contact("Nooit", None),
            contact("Precies op tijd", Some("2026-05-24")), // 182 days ago
            contact("Net niet", Some("2026-05-25")),        // 181 days ago
            contact("Lang geleden", Some("2025-01-01")),
        ];
        let items = due(&records, today, REVIEW_INTERVAL_DAYS);
        let names: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(names, ["Nooit", "Lang geleden", "Precies op tijd"]);
        assert_eq!(items[2].due_since, Some(today));
        assert_eq!(items[0].due_since, None);
    }

    #[test]
    fn sign_ups_are_never_due() {
        let signup = Record::Signup(Signup {
            id: Uuid::now_v7(),
            organization_id: Uuid::now_v7(),
            activity_id: Uuid::now_v7(),
            submitted_at: chrono::Utc::now(),
            answers: Default::default(),
            status: SignupStatus::Registered,
        });
        assert!(due([&signup], today(), REVIEW_INTERVAL_DAYS).is_empty());
    }
}
