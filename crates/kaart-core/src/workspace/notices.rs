//! The workspace's reminders outside the window (see [`crate::notices`]):
//! what stands now and which notices to show, remembering what was shown,
//! and the manager's choice to keep the app in the tray. Kept apart from
//! `workspace.rs`, which owns opening, signing in and syncing.

use super::Workspace;
use crate::error::CoreResult;
use crate::notices::{self, Notice, NoticeKind, Reminders};
use crate::store::{conflicts, notified, settings};
use crate::transport::Transport;
use crate::ui_language;

/// The `settings` row of [`Workspace::keep_in_tray`].
const KEEP_IN_TRAY: &str = "keep_in_tray";

impl<T: Transport> Workspace<T> {
    /// What stands now (records due for their check — not those only
    /// almost due —, conflicts waiting, sign-ups the retention period deletes
    /// within [`notices::EXPIRING_WITHIN_DAYS`] days) and the notices to
    /// show: one per kind with at least one subject not told yet in its
    /// period. Reads only; after showing a notice, call
    /// [`Workspace::mark_notified`].
    pub fn reminders(&self) -> CoreResult<Reminders> {
        let due: Vec<_> = self
            .due_for_review(None)?
            .into_iter()
            .filter(|item| !item.almost_due)
            .collect();
        let expiring = self.signup_deletions_within(notices::EXPIRING_WITHIN_DAYS)?;
        let language = ui_language::load(&self.shared.data_dir);
        let conn = self.read();
        let conflict_ids = conflicts::ids(&conn)?;
        let mut notices = Vec::new();
        for (kind, current) in [
            (NoticeKind::ReviewDue, notices::review_subjects(&due)),
            (
                NoticeKind::ConflictsWaiting,
                notices::conflict_subjects(&conflict_ids),
            ),
            (
                NoticeKind::SignupsExpiring,
                notices::expiring_subjects(&expiring),
            ),
        ] {
            let fresh = notified::fresh(&conn, kind.as_str(), &current)?;
            notices.extend(notices::notice_for(kind, current, &fresh, language));
        }
        Ok(Reminders {
            due_for_review: due.len() as u64,
            conflicts: conflict_ids.len() as u64,
            notices,
            language,
        })
    }

    /// Remembers that `notice` was shown: its subjects are not told again
    /// in the same period, also after a restart.
    pub fn mark_notified(&self, notice: &Notice) -> CoreResult<()> {
        self.shared
            .store
            .transaction(|tx| notified::replace(tx, notice.kind.as_str(), &notice.subjects))
    }

    /// Whether closing the window keeps the app running in the tray. Off
    /// until the manager turns it on.
    pub fn keep_in_tray(&self) -> CoreResult<bool> {
        Ok(settings::get(&self.read(), KEEP_IN_TRAY)?.as_deref() == Some("1"))
    }

    pub fn set_keep_in_tray(&self, keep: bool) -> CoreResult<()> {
        settings::set(
            &self.shared.store.write(),
            KEEP_IN_TRAY,
            if keep { "1" } else { "0" },
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use kaart_api::account::ManagedOrganization;
    use kaart_api::records::{Contact, Record, RecordKind};
    use kaart_api::sync::{ConflictReason, Scope};
    use serde_json::json;
    use uuid::Uuid;

    use crate::http_transport::{HttpTransport, Timeouts};
    use crate::notices::WindowSection;
    use crate::secrets::{MemorySecrets, SecretStore};
    use crate::store::conflicts::NewConflict;
    use crate::store::{conflicts, organizations};
    use crate::{Workspace, WorkspaceConfig};

    struct Place {
        dir: tempfile::TempDir,
        secrets: Arc<dyn SecretStore>,
        org: Uuid,
    }

    impl Place {
        fn new() -> Self {
            Self {
                dir: tempfile::tempdir().unwrap(),
                secrets: Arc::new(MemorySecrets::default()),
                org: Uuid::now_v7(),
            }
        }

        /// Opens the workspace on this place's store (again after a drop:
        /// the app restarted).
        fn open(&self) -> Workspace {
            let config = WorkspaceConfig::new(self.dir.path(), "test", "http://127.0.0.1:9");
            let transport = HttpTransport::new(&config.service_url, Timeouts::default()).unwrap();
            let ws = Workspace::open_with(&config, self.secrets.clone(), transport).unwrap();
            ws.shared_store()
                .transaction(|tx| {
                    organizations::replace_all(
                        tx,
                        &[ManagedOrganization {
                            id: self.org,
                            name: "Org".into(),
                            websites: vec![],
                        }],
                    )
                    .map(drop)
                })
                .unwrap();
            ws
        }
    }

    fn contact(ws: &Workspace, org: Uuid, name: &str, checked: Option<&str>) -> Uuid {
        let id = Uuid::now_v7();
        let contact = Contact {
            assured_date: checked.map(|d| d.parse().unwrap()),
            ..Contact::named(id, org, name)
        };
        ws.create(Record::Contact(contact)).unwrap();
        id
    }

    /// The notices to show now, each shown (remembered) at once, as
    /// (section, text).
    fn show_all(ws: &Workspace) -> Vec<(WindowSection, String)> {
        let reminders = ws.reminders().unwrap();
        reminders
            .notices
            .iter()
            .map(|n| {
                ws.mark_notified(n).unwrap();
                (n.opens, n.body.clone())
            })
            .collect()
    }

    #[test]
    fn sign_ups_deleted_within_a_week_are_told_once_with_the_day_to_export_before() {
        let place = Place::new();
        let ws = place.open();
        // The default retention is 30 days after the end: one activity's
        // sign-ups go in 3 days, another's in 20 (not yet told).
        let (soon, _) = ws
            .shared_store()
            .transaction(|tx| {
                let soon =
                    crate::workspace::tests::ended_activity_with_a_signup(tx, place.org, 27)?;
                crate::workspace::tests::ended_activity_with_a_signup(tx, place.org, 10)?;
                Ok(soon)
            })
            .unwrap();
        let day = ws.signup_retention(soon).unwrap().expect("a deletion day");
        let told = show_all(&ws);
        let expiring: Vec<_> = told
            .iter()
            .filter(|(s, _)| *s == WindowSection::Activiteiten)
            .collect();
        assert_eq!(expiring.len(), 1, "{told:?}");
        assert!(expiring[0]
            .1
            .starts_with("De aanmeldingen van 1 activiteit worden binnenkort verwijderd"));
        let export_before = format!("vóór {} ", chrono::Datelike::day(&day));
        assert!(expiring[0].1.contains(&export_before), "{}", expiring[0].1);
        assert!(expiring[0]
            .1
            .ends_with(&format!("{}.", chrono::Datelike::year(&day))));
        assert!(
            !expiring[0].1.contains("dagen geleden"),
            "no activity title"
        );
        drop(ws);
        let ws = place.open();
        assert!(
            show_all(&ws)
                .iter()
                .all(|(s, _)| *s != WindowSection::Activiteiten),
            "told again after a restart"
        );
    }

    #[test]
    fn a_due_record_is_told_once_per_due_period_also_after_a_restart() {
        let place = Place::new();
        let ws = place.open();
        let anna = contact(&ws, place.org, "Anna de Vries", None);
        let told = show_all(&ws);
        assert_eq!(
            told,
            [(
                WindowSection::Controle,
                "1 gegeven moet gecontroleerd worden.".to_owned()
            )]
        );
        assert!(!told[0].1.contains("Anna"), "no names in a notification");
        assert!(show_all(&ws).is_empty(), "told again at the next check");

        // The app restarts: the store remembers what was told.
        drop(ws);
        let ws = place.open();
        assert!(show_all(&ws).is_empty(), "told again after a restart");
        assert_eq!(ws.reminders().unwrap().due_for_review, 1);

        // A second record becomes due: one notice with the count of all.
        let bram = contact(&ws, place.org, "Bram", Some("2025-01-01"));
        assert_eq!(
            show_all(&ws),
            [(
                WindowSection::Controle,
                "2 gegevens moeten gecontroleerd worden.".to_owned()
            )]
        );
        assert!(show_all(&ws).is_empty());

        // Anna is checked: no notice, one fewer due.
        ws.mark_checked_today(RecordKind::Contact, anna).unwrap();
        assert!(show_all(&ws).is_empty());
        assert_eq!(ws.reminders().unwrap().due_for_review, 1);

        // Bram checked, but long ago (still due, in a new period): told again.
        let later: NaiveDate = "2025-03-01".parse().unwrap();
        ws.mark_checked(RecordKind::Contact, bram, later).unwrap();
        assert_eq!(
            show_all(&ws),
            [(
                WindowSection::Controle,
                "1 gegeven moet gecontroleerd worden.".to_owned()
            )]
        );
        drop(ws);
        assert!(show_all(&place.open()).is_empty());
    }

    #[test]
    fn notices_and_the_tray_speak_the_language_the_manager_chose() {
        let place = Place::new();
        let ws = place.open();
        contact(&ws, place.org, "Anna", None);
        crate::ui_language::save(place.dir.path(), crate::ui_language::UiLanguage::En).unwrap();
        let reminders = ws.reminders().unwrap();
        let notice = &reminders.notices[0];
        assert_eq!(notice.title, "Check your details");
        assert_eq!(notice.body, "1 record is due for checking.");
        assert_eq!(notice.action, "Open");
        assert_eq!(
            reminders.counts().tray_text,
            "Kaartbeheer: 1 due for checking"
        );
        // Back to Dutch: the next reminders are Dutch again.
        crate::ui_language::save(place.dir.path(), crate::ui_language::UiLanguage::Nl).unwrap();
        let reminders = ws.reminders().unwrap();
        assert_eq!(
            reminders.notices[0].body,
            "1 gegeven moet gecontroleerd worden."
        );
        assert_eq!(reminders.notices[0].action, "Openen");
        assert_eq!(
            reminders.counts().tray_text,
            "Kaartbeheer: 1 te controleren"
        );
    }

    #[test]
    fn a_notice_not_shown_is_offered_again() {
        let place = Place::new();
        let ws = place.open();
        contact(&ws, place.org, "Anna", None);
        assert_eq!(ws.reminders().unwrap().notices.len(), 1);
        // Not marked (the notification server was not there).
        drop(ws);
        assert_eq!(place.open().reminders().unwrap().notices.len(), 1);
    }

    #[test]
    fn waiting_conflicts_are_told_once_each_and_open_synchronisatie() {
        let place = Place::new();
        let ws = place.open();
        let conflict = |field: &'static str| {
            let record_id = Uuid::now_v7();
            let org = place.org;
            move |tx: &rusqlite::Transaction<'_>| {
                conflicts::upsert(
                    tx,
                    &NewConflict {
                        scope: Scope::Organization(org),
                        kind: RecordKind::Contact,
                        record_id,
                        field,
                        reason: ConflictReason::FieldsChanged,
                        yours: &json!("Anna"),
                        theirs: &json!("Anne"),
                    },
                )
            }
        };
        ws.shared_store().transaction(conflict("name")).unwrap();
        let told = show_all(&ws);
        assert_eq!(
            told,
            [(
                WindowSection::Synchronisatie,
                "1 conflict wacht op uw keuze.".to_owned()
            )]
        );
        drop(ws);
        let ws = place.open();
        assert!(show_all(&ws).is_empty(), "told again after a restart");
        ws.shared_store().transaction(conflict("email")).unwrap();
        assert_eq!(
            show_all(&ws),
            [(
                WindowSection::Synchronisatie,
                "2 conflicten wachten op uw keuze.".to_owned()
            )]
        );
        assert_eq!(ws.reminders().unwrap().conflicts, 2);
    }

    #[test]
    fn keep_in_tray_is_off_until_chosen_and_survives_a_restart() {
        let place = Place::new();
        let ws = place.open();
        assert!(!ws.keep_in_tray().unwrap());
        ws.set_keep_in_tray(true).unwrap();
        drop(ws);
        assert!(place.open().keep_in_tray().unwrap());
    }
}
