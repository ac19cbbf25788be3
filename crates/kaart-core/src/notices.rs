//! Reminders that reach the manager outside the window: what the desktop
//! notifications say and what the tray shows. The app (`src-tauri`) only
//! shows what this module decides.
//!
//! A **notice** is one notification of one [`NoticeKind`] about a set of
//! *subjects* ([`Subject`]: a record in its due period, a conflict). It is
//! shown when at least one subject is new — never told before in its
//! period — and says how many stand now, in generic words and counts only
//! (no names: a notification can be read over the manager's shoulder, and
//! stays in the system's notification history). Once shown, the subjects
//! that stand are remembered in the store (`store::notified`), so the same
//! record is told once per due period, not again at every start; a record
//! checked and due again half a year later is a new period.
//!
//! Each kind says which section of the window a click opens
//! ([`WindowSection`]). The kinds: records due for their check (a record in
//! its due period), conflicts waiting (a conflict), and sign-ups that the
//! retention period deletes within [`EXPIRING_WITHIN_DAYS`] days (an
//! activity, with the deletion day as its period), told with the first day
//! to export before. A new kind is a variant of [`NoticeKind`] with its
//! store name, section and words, and a list of its subjects handed to
//! [`notice_for`] in [`crate::Workspace::reminders`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::{Datelike, NaiveDate};

use crate::ipc::ReviewItem;
use crate::retention::RetentionNotice;
pub use crate::store::notified::Subject;
use crate::ui_language::UiLanguage;

/// How many days ahead the manager is told that sign-ups will be deleted.
pub const EXPIRING_WITHIN_DAYS: u32 = 7;

/// The kinds of notices. Their store names are kept in `notified`: never
/// rename one that has shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Records became due for their periodic check.
    ReviewDue,
    /// Conflicts wait for the manager's decision.
    ConflictsWaiting,
    /// Sign-ups of activities will be deleted under the retention period
    /// within [`EXPIRING_WITHIN_DAYS`] days.
    SignupsExpiring,
}

impl NoticeKind {
    /// The name in the `notified` table.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::ReviewDue => "review_due",
            NoticeKind::ConflictsWaiting => "conflicts_waiting",
            NoticeKind::SignupsExpiring => "signups_expiring",
        }
    }

    /// The section of the window a click on the notice opens.
    pub fn opens(self) -> WindowSection {
        match self {
            NoticeKind::ReviewDue => WindowSection::Controle,
            NoticeKind::ConflictsWaiting => WindowSection::Synchronisatie,
            NoticeKind::SignupsExpiring => WindowSection::Activiteiten,
        }
    }

    /// The notification's title and text for the `subjects` standing now,
    /// in the window's language. Counts, generic words and (for expiring
    /// sign-ups) a day only.
    pub fn words(self, subjects: &[Subject], language: UiLanguage) -> (String, String) {
        let count = subjects.len();
        let dutch = language == UiLanguage::Nl;
        match self {
            NoticeKind::ReviewDue => match (dutch, count) {
                (true, 1) => (
                    "Gegevens controleren".into(),
                    "1 gegeven moet gecontroleerd worden.".into(),
                ),
                (true, n) => (
                    "Gegevens controleren".into(),
                    format!("{n} gegevens moeten gecontroleerd worden."),
                ),
                (false, 1) => (
                    "Check your details".into(),
                    "1 record is due for checking.".into(),
                ),
                (false, n) => (
                    "Check your details".into(),
                    format!("{n} records are due for checking."),
                ),
            },
            NoticeKind::ConflictsWaiting => match (dutch, count) {
                (true, 1) => (
                    "Conflicten bij synchroniseren".into(),
                    "1 conflict wacht op uw keuze.".into(),
                ),
                (true, n) => (
                    "Conflicten bij synchroniseren".into(),
                    format!("{n} conflicten wachten op uw keuze."),
                ),
                (false, 1) => (
                    "Conflicts while syncing".into(),
                    "1 conflict is waiting for your decision.".into(),
                ),
                (false, n) => (
                    "Conflicts while syncing".into(),
                    format!("{n} conflicts are waiting for your decision."),
                ),
            },
            NoticeKind::SignupsExpiring => {
                let first = subjects
                    .iter()
                    .filter_map(|s| s.period.parse::<NaiveDate>().ok())
                    .min()
                    .map(|day| day_in_words(day, language))
                    .unwrap_or_default();
                match (dutch, count) {
                    (true, 1) => (
                        "Aanmeldingen worden verwijderd".into(),
                        format!(
                            "De aanmeldingen van 1 activiteit worden binnenkort verwijderd \
                             (bewaartermijn). Exporteer wat u nodig heeft vóór {first}."
                        ),
                    ),
                    (true, n) => (
                        "Aanmeldingen worden verwijderd".into(),
                        format!(
                            "De aanmeldingen van {n} activiteiten worden binnenkort verwijderd \
                             (bewaartermijn). Exporteer wat u nodig heeft vóór {first}."
                        ),
                    ),
                    (false, 1) => (
                        "Sign-ups will be deleted".into(),
                        format!(
                            "The sign-ups of 1 activity will be deleted soon (retention \
                             period). Export what you need before {first}."
                        ),
                    ),
                    (false, n) => (
                        "Sign-ups will be deleted".into(),
                        format!(
                            "The sign-ups of {n} activities will be deleted soon (retention \
                             period). Export what you need before {first}."
                        ),
                    ),
                }
            }
        }
    }
}

/// The label of a notification's click action ("Openen", "Open").
pub fn open_label(language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::Nl => "Openen",
        UiLanguage::En => "Open",
    }
}

/// A section of the window that a notice opens; the payload of the
/// `open-section` event (`crate::ipc::OPEN_SECTION_EVENT`). The names are
/// the window's section ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum WindowSection {
    Controle,
    Synchronisatie,
    Activiteiten,
}

/// A day in words: "3 december 2026" (Dutch), "3 December 2026" (English).
fn day_in_words(day: NaiveDate, language: UiLanguage) -> String {
    const DUTCH: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const ENGLISH: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = match language {
        UiLanguage::Nl => DUTCH,
        UiLanguage::En => ENGLISH,
    };
    format!(
        "{} {} {}",
        day.day(),
        months[day.month0() as usize],
        day.year()
    )
}

/// One notification to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// The label of the click action, in the same language.
    pub action: String,
    pub opens: WindowSection,
    /// Every subject standing when the notice was made (remembered once it
    /// was shown, see [`crate::Workspace::mark_notified`]).
    pub(crate) subjects: Vec<Subject>,
}

/// The notice of `kind` for the subjects standing now, or `None` when none
/// of them is new (`fresh` = those not told yet in their period).
pub fn notice_for(
    kind: NoticeKind,
    current: Vec<Subject>,
    fresh: &[Subject],
    language: UiLanguage,
) -> Option<Notice> {
    if fresh.is_empty() {
        return None;
    }
    let (title, body) = kind.words(&current, language);
    Some(Notice {
        kind,
        title,
        body,
        action: open_label(language).into(),
        opens: kind.opens(),
        subjects: current,
    })
}

/// The subjects of the review list: each record once per due period (the
/// day it became due; `never` for a record never checked).
pub fn review_subjects(items: &[ReviewItem]) -> Vec<Subject> {
    items
        .iter()
        .map(|i| Subject {
            key: format!("{}:{}", i.kind.as_str(), i.record_id),
            period: i
                .due_on
                .map_or_else(|| "never".to_owned(), |d| d.to_string()),
        })
        .collect()
}

/// The subjects of the activities whose sign-ups will be deleted soon:
/// each activity once per deletion day.
pub fn expiring_subjects(expiring: &[RetentionNotice]) -> Vec<Subject> {
    expiring
        .iter()
        .map(|e| Subject {
            key: e.activity_id.to_string(),
            period: e.deleted_on.to_string(),
        })
        .collect()
}

/// The subjects of the waiting conflicts: each conflict row once (a new
/// conflict gets a new id).
pub fn conflict_subjects(ids: &[i64]) -> Vec<Subject> {
    ids.iter()
        .map(|id| Subject {
            key: id.to_string(),
            period: "-".into(),
        })
        .collect()
}

/// What stands now: the counts the tray shows and the notices to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminders {
    pub due_for_review: u64,
    pub conflicts: u64,
    pub notices: Vec<Notice>,
    /// The window's language when these were made: the tray's words follow it.
    pub language: UiLanguage,
}

impl Reminders {
    /// The counts the tray shows.
    pub fn counts(&self) -> ReminderCounts {
        ReminderCounts {
            due_for_review: self.due_for_review,
            conflicts: self.conflicts,
            tray_text: tray_text(self.due_for_review, self.conflicts, self.language),
        }
    }
}

/// What the tray shows (its tooltip, and its title beside the icon on
/// Linux); also what the window can ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderCounts {
    pub due_for_review: u64,
    pub conflicts: u64,
    /// The tray's tooltip, e.g. "Kaartbeheer: 3 te controleren, 1 conflict".
    pub tray_text: String,
}

/// The tray's tooltip for these counts, in the window's language.
pub fn tray_text(due_for_review: u64, conflicts: u64, language: UiLanguage) -> String {
    let dutch = language == UiLanguage::Nl;
    let mut parts = Vec::new();
    if due_for_review > 0 {
        parts.push(if dutch {
            format!("{due_for_review} te controleren")
        } else {
            format!("{due_for_review} due for checking")
        });
    }
    match (dutch, conflicts) {
        (_, 0) => {}
        (_, 1) => parts.push("1 conflict".into()),
        (true, n) => parts.push(format!("{n} conflicten")),
        (false, n) => parts.push(format!("{n} conflicts")),
    }
    match (parts.is_empty(), dutch) {
        (true, true) => "Kaartbeheer: niets te controleren".into(),
        (true, false) => "Kaartbeheer: nothing to check".into(),
        (false, _) => format!("Kaartbeheer: {}", parts.join(", ")),
    }
}

/// The words of the tray's menu: open, sync now, quit.
pub fn tray_menu_words(language: UiLanguage) -> [&'static str; 3] {
    match language {
        UiLanguage::Nl => ["Openen", "Nu synchroniseren", "Afsluiten"],
        UiLanguage::En => ["Open", "Sync now", "Quit"],
    }
}

/// The manager's choices for the app outside its window (Instellingen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DesktopSettings {
    /// Closing the window keeps the app running in the tray (reminders go
    /// on); off by default: closing quits.
    pub keep_in_tray: bool,
    /// The app starts when the manager logs in to the computer.
    pub start_with_computer: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NL: UiLanguage = UiLanguage::Nl;
    const EN: UiLanguage = UiLanguage::En;

    #[test]
    fn tray_text_counts_what_stands() {
        assert_eq!(tray_text(0, 0, NL), "Kaartbeheer: niets te controleren");
        assert_eq!(tray_text(3, 0, NL), "Kaartbeheer: 3 te controleren");
        assert_eq!(
            tray_text(1, 1, NL),
            "Kaartbeheer: 1 te controleren, 1 conflict"
        );
        assert_eq!(tray_text(0, 2, NL), "Kaartbeheer: 2 conflicten");
    }

    #[test]
    fn the_tray_speaks_english_when_the_window_does() {
        assert_eq!(tray_text(0, 0, EN), "Kaartbeheer: nothing to check");
        assert_eq!(
            tray_text(3, 2, EN),
            "Kaartbeheer: 3 due for checking, 2 conflicts"
        );
        assert_eq!(tray_menu_words(EN), ["Open", "Sync now", "Quit"]);
        assert_eq!(tray_menu_words(NL)[1], "Nu synchroniseren");
    }

    fn subjects(periods: &[&str]) -> Vec<Subject> {
        periods
            .iter()
            .enumerate()
            .map(|(i, p)| Subject {
                key: i.to_string(),
                period: (*p).to_string(),
            })
            .collect()
    }

    #[test]
    fn the_words_are_counts_in_dutch() {
        let three = subjects(&["never", "2026-01-01", "2026-02-01"]);
        assert_eq!(
            NoticeKind::ReviewDue.words(&three, NL).1,
            "3 gegevens moeten gecontroleerd worden."
        );
        assert_eq!(
            NoticeKind::ReviewDue.words(&three[..1], NL).1,
            "1 gegeven moet gecontroleerd worden."
        );
        assert_eq!(
            NoticeKind::ConflictsWaiting.words(&three[..2], NL).1,
            "2 conflicten wachten op uw keuze."
        );
    }

    #[test]
    fn the_words_are_english_when_the_window_is() {
        let three = subjects(&["never", "2026-01-01", "2026-02-01"]);
        assert_eq!(
            NoticeKind::ReviewDue.words(&three, EN),
            (
                "Check your details".to_owned(),
                "3 records are due for checking.".to_owned()
            )
        );
        assert_eq!(
            NoticeKind::ReviewDue.words(&three[..1], EN).1,
            "1 record is due for checking."
        );
        assert_eq!(
            NoticeKind::ConflictsWaiting.words(&three[..1], EN).1,
            "1 conflict is waiting for your decision."
        );
        let (title, body) =
            NoticeKind::SignupsExpiring.words(&subjects(&["2026-12-03", "2026-11-29"]), EN);
        assert_eq!(title, "Sign-ups will be deleted");
        assert_eq!(
            body,
            "The sign-ups of 2 activities will be deleted soon (retention period). \
             Export what you need before 29 November 2026."
        );
        let notice = notice_for(NoticeKind::ConflictsWaiting, three.clone(), &three, EN)
            .expect("a fresh subject makes a notice");
        assert_eq!(notice.action, "Open");
        assert_eq!(notice.title, "Conflicts while syncing");
    }

    #[test]
    fn expiring_sign_ups_name_the_first_day_to_export_before_and_no_activity() {
        let (title, body) =
            NoticeKind::SignupsExpiring.words(&subjects(&["2026-12-03", "2026-11-29"]), NL);
        assert_eq!(title, "Aanmeldingen worden verwijderd");
        assert_eq!(
            body,
            "De aanmeldingen van 2 activiteiten worden binnenkort verwijderd (bewaartermijn). \
             Exporteer wat u nodig heeft vóór 29 november 2026."
        );
        assert_eq!(
            NoticeKind::SignupsExpiring.opens(),
            WindowSection::Activiteiten
        );
    }
}
