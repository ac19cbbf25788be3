//! Compiles the app's capability and permission files into the binary. The
//! app commands listed here get `allow-…`/`deny-…` permissions generated; a
//! command missing here cannot be called from any window.

/// Every `#[tauri::command]` registered in `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "ui_language",
    "set_ui_language",
    "sign_in",
    "sign_out",
    "set_aside_local_store",
    "organizations",
    "records",
    "record",
    "create_record",
    "update_fields",
    "delete_record",
    "mark_checked",
    "due_for_review",
    "review_counts",
    "record_page",
    "record_counts",
    "set_contact_photo",
    "contact_photo",
    "activity_page",
    "signup_page",
    "signup_answer_keys",
    "signup_removals",
    "signup_retention",
    "delete_signups_of",
    "export_choices",
    "save_export_choices",
    "export_signups",
    "export_organization_hsds",
    "cancel_export",
    "find_person",
    "export_person",
    "erase_person",
    "person_requests",
    "add_person_request",
    "handle_person_request",
    "correct_signup_answers",
    "sync_now",
    "sync_status",
    "conflicts",
    "resolve_conflict",
    "rejected_edits",
    "discard_edit",
    "reminder_counts",
    "desktop_settings",
    "set_desktop_settings",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
