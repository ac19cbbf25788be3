// What the window tells a person when something went wrong, in the chosen
// language. Errors cross from Rust as a code (the headline) and a reason
// (`ErrorReason`: a key with parameters) that is worded here from the
// message catalogue; the Dutch `message` from Rust is shown only for an
// `unworded` reason (the central service's own texts) and as the Dutch
// wording of a validation rule, which carries details (lengths, labels).

import type { AppError, ErrorCode } from "./ipc";
import type { ErrorReason } from "./bindings/ErrorReason";
import type { PhotoRefusal } from "./bindings/PhotoRefusal";
import type { SaveFailure } from "./bindings/SaveFailure";
import { formatNumber } from "./format";
import { language } from "./i18n.svelte";
import { m } from "./paraglide/messages";

const TITLES: Record<ErrorCode, () => string> = {
  offline: m.error_title_offline,
  not_signed_in: m.error_title_not_signed_in,
  invalid_input: m.error_title_invalid_input,
  keyring: m.error_title_keyring,
  store_key_lost: m.error_title_store_key_lost,
  store: m.error_title_store,
  not_found: m.error_title_not_found,
  internal: m.error_title_internal,
};

/** The headline for an error code. */
export function errorTitle(code: ErrorCode): string {
  return TITLES[code]();
}

const NOT_SAVED: Record<SaveFailure, () => string> = {
  no_permission: m.error_export_not_saved_no_permission,
  no_folder: m.error_export_not_saved_no_folder,
  write_failed: m.error_export_not_saved_write_failed,
};

const PHOTO_REFUSED: Record<PhotoRefusal, () => string> = {
  unreadable: m.error_photo_unreadable,
  too_large: m.error_photo_too_large,
  not_an_image: m.error_photo_not_an_image,
  svg: m.error_photo_svg,
  unsupported_format: m.error_photo_unsupported_format,
  too_many_pixels: m.error_photo_too_many_pixels,
  damaged: m.error_photo_damaged,
};

/** Validation rules with an English wording of their own. */
const RULES: Record<string, (() => string) | undefined> = {
  required: m.rule_required,
  invalid_postcode: m.rule_invalid_postcode,
  invalid_phone: m.rule_invalid_phone,
  invalid_email: m.rule_invalid_email,
  invalid_url: m.rule_invalid_url,
  invalid_date: m.rule_invalid_date,
  invalid_choice: m.rule_invalid_choice,
  invalid_number: m.rule_invalid_number,
  control_character: m.rule_control_character,
  no_longer_on_form: m.rule_no_longer_on_form,
};

/** The details a rule's wording needs (`max`, `label`, `check`), as Rust sends them. */
export type RuleParams = { [name in string]?: string };

/** Validation rules whose wording names a detail, when Rust sent that detail. */
function detailedRule(rule: string, params: RuleParams): string | undefined {
  const { max, label, check } = params;
  if (rule === "too_long" && max !== undefined) return m.rule_too_long({ max: formatNumber(Number(max)) });
  if (rule === "too_many" && max !== undefined) return m.rule_too_many({ max: formatNumber(Number(max)) });
  if (rule === "required" && label !== undefined)
    return check === "true" ? m.rule_required_tick({ label }) : m.rule_required_label({ label });
  return undefined;
}

/**
 * A broken validation rule: the Dutch wording as it came (Rust's own text of
 * the shared rule, with the field's label or limit); in English the rule's
 * sentence from the catalogue, with the details Rust sent as parameters, when
 * the catalogue has one; else the Dutch text.
 */
export function ruleText(rule: string, message: string, params: RuleParams = {}): string {
  if (language() === "nl") return message;
  return detailedRule(rule, params) ?? RULES[rule]?.() ?? message;
}

/** The sentence for a reason; `message` is Rust's Dutch text. */
export function reasonText(reason: ErrorReason, message: string): string {
  switch (reason.kind) {
    case "unworded":
      return message;
    case "field_rule":
      return ruleText(reason.rule, message, reason.params);
    case "demo_sign_in_failed":
      return reason.cause.kind === "unworded" || reason.cause.kind === "field_rule"
        ? message
        : m.error_demo_sign_in_failed({ cause: reasonText(reason.cause, "") });
    case "field_not_editable":
      return m.error_field_not_editable({ field: reason.field });
    case "export_not_saved":
      return NOT_SAVED[reason.cause]();
    case "photo_refused":
      return PHOTO_REFUSED[reason.cause]();
    case "keyring_unavailable":
      return m.error_keyring_unavailable();
    case "store_key_missing":
      return m.error_store_key_missing();
    case "store_key_wrong":
      return m.error_store_key_wrong();
    case "store_too_new":
      return m.error_store_too_new();
    case "store_unreadable":
      return m.error_store_unreadable();
    case "store_readable":
      return m.error_store_readable();
    case "not_found":
      return m.error_not_found();
    case "interrupted":
      return m.error_interrupted();
    case "sign_in_first":
      return m.error_sign_in_first();
    case "wrong_credentials":
      return m.error_wrong_credentials();
    case "service_unreachable":
      return m.error_service_unreachable();
    case "session_expired":
      return m.error_session_expired();
    case "resync_required":
      return m.error_resync_required();
    case "demo_service_failed":
      return m.error_demo_service_failed();
    case "kind_not_creatable":
      return m.error_kind_not_creatable();
    case "kind_not_deletable":
      return m.error_kind_not_deletable();
    case "id_exists":
      return m.error_id_exists();
    case "organization_missing":
      return m.error_organization_missing();
    case "organization_not_managed":
      return m.error_organization_not_managed();
    case "invalid_values":
      return m.error_invalid_values();
    case "invalid_value":
      return m.error_invalid_value();
    case "invalid_date":
      return m.error_invalid_date();
    case "no_check_date":
      return m.error_no_check_date();
    case "deleted_needs_choice":
      return m.error_deleted_needs_choice();
    case "cannot_recreate":
      return m.error_cannot_recreate();
    case "edit_may_be_sent":
      return m.error_edit_may_be_sent();
    case "unsortable_column":
      return m.error_unsortable_column();
    case "activity_not_over":
      return m.error_activity_not_over();
    case "autostart_not_set":
      return m.error_autostart_not_set();
    case "export_cancelled":
      return m.error_export_cancelled();
    case "export_too_many_rows":
      return m.error_export_too_many_rows();
    case "export_too_many_signups":
      return m.error_export_too_many_signups();
    case "export_answer_too_long":
      return m.error_export_answer_too_long();
    case "export_excel_failed":
      return m.error_export_excel_failed();
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/** The sentence for an error, in the chosen language. */
export function errorText(error: AppError): string {
  return reasonText(error.reason, error.message);
}

/** Headline plus the sentence for the reason. */
export function describeError(error: AppError): { title: string; detail: string } {
  return { title: errorTitle(error.code), detail: errorText(error) };
}

/**
 * The message for each field of `fields` that a refused save names, keyed by
 * field: every broken field at once (`error.fields`), or the one `field` of
 * an older answer. Fields the form does not show are left out (the caller
 * then shows the error above the form).
 */
export function fieldErrorTexts(error: AppError, fields: readonly { key: string }[]): Record<string, string> {
  const shown = new Set(fields.map((f) => f.key));
  const texts: Record<string, string> = {};
  for (const e of error.fields ?? []) {
    if (shown.has(e.field) && !(e.field in texts)) texts[e.field] = ruleText(e.code, e.message);
  }
  if (Object.keys(texts).length === 0 && error.field && shown.has(error.field)) {
    texts[error.field] = errorText(error);
  }
  return texts;
}
