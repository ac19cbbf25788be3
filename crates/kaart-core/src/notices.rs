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
//! ([`WindowSection`]). A new kind (e.g. sign-ups of an activity that will
//! be deleted within 7 days, with the date to export before) is a variant
//! of [`NoticeKind`] with its store name, section and words, and a list of
//! its subjects (the activity id, with the deletion date as its period)
//! handed to [`notice_for`] in [`crate::Workspace::reminders`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ipc::ReviewItem;
pub use crate::store::notified::Subject;

/// The kinds of notices. Their store names are kept in `notified`: never
/// rename one that has shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Records became due for their periodic check.
    ReviewDue,
    /// Conflicts wait for the manager's decision.
    ConflictsWaiting,
}

impl NoticeKind {
    /// The name in the `notified` table.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::ReviewDue => "review_due",
            NoticeKind::ConflictsWaiting => "conflicts_waiting",
        }
    }

    /// The section of the window a click on the notice opens.
    pub fn opens(self) -> WindowSection {
        match self {
            NoticeKind::ReviewDue => WindowSection::Controle,
            NoticeKind::ConflictsWaiting => WindowSection::Synchronisatie,
        }
    }

    /// The notification's title and text for `count` subjects standing now.
    /// Counts and generic words only.
    pub fn words(self, count: usize) -> (String, String) {
        match self {
            NoticeKind::ReviewDue => (
                "Gegevens controleren".into(),
                if count == 1 {
                    "1 gegeven moet gecontroleerd worden.".into()
                } else {
                    format!("{count} gegevens moeten gecontroleerd worden.")
                },
            ),
            NoticeKind::ConflictsWaiting => (
                "Conflicten bij synchroniseren".into(),
                if count == 1 {
                    "1 conflict wacht op uw keuze.".into()
                } else {
                    format!("{count} conflicten wachten op uw keuze.")
                },
            ),
        }
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
}

/// One notification to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    pub opens: WindowSection,
    /// Every subject standing when the notice was made (remembered once it
    /// was shown, see [`crate::Workspace::mark_notified`]).
    pub(crate) subjects: Vec<Subject>,
}

/// The notice of `kind` for the subjects standing now, or `None` when none
/// of them is new (`fresh` = those not told yet in their period).
pub fn notice_for(kind: NoticeKind, current: Vec<Subject>, fresh: &[Subject]) -> Option<Notice> {
    if fresh.is_empty() {
        return None;
    }
    let (title, body) = kind.words(current.len());
    Some(Notice {
        kind,
        title,
        body,
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
                .due_since
                .map_or_else(|| "never".to_owned(), |d| d.to_string()),
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
}

impl Reminders {
    /// The counts the tray shows.
    pub fn counts(&self) -> ReminderCounts {
        ReminderCounts {
            due_for_review: self.due_for_review,
            conflicts: self.conflicts,
            tray_text: tray_text(self.due_for_review, self.conflicts),
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

/// The tray's tooltip for these counts.
pub fn tray_text(due_for_review: u64, conflicts: u64) -> String {
    let mut parts = Vec::new();
    if due_for_review > 0 {
        parts.push(format!("{due_for_review} te controleren"));
    }
    match conflicts {
        0 => {}
        1 => parts.push("1 conflict".into()),
        n => parts.push(format!("{n} conflicten")),
    }
    if parts.is_empty() {
        "Kaartbeheer: niets te controleren".into()
    } else {
        format!("Kaartbeheer: {}", parts.join(", "))
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

    #[test]
    fn tray_text_counts_what_stands() {
        assert_eq!(tray_text(0, 0), "Kaartbeheer: niets te controleren");
        assert_eq!(tray_text(3, 0), "Kaartbeheer: 3 te controleren");
        assert_eq!(tray_text(1, 1), "Kaartbeheer: 1 te controleren, 1 conflict");
        assert_eq!(tray_text(0, 2), "Kaartbeheer: 2 conflicten");
    }

    #[test]
    fn the_words_are_counts_in_dutch() {
        assert_eq!(
            NoticeKind::ReviewDue.words(3).1,
            "3 gegevens moeten gecontroleerd worden."
        );
        assert_eq!(
            NoticeKind::ReviewDue.words(1).1,
            "1 gegeven moet gecontroleerd worden."
        );
        assert_eq!(
            NoticeKind::ConflictsWaiting.words(2).1,
            "2 conflicten wachten op uw keuze."
        );
    }
}
