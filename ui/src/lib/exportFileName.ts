// The file name the save dialog suggests for an export: the activity's title
// and its (Dutch) start date, never anything about a participant. Only
// letters a–z, digits and hyphens, so it is a safe name on every platform:
// "Café voor mantelzorgers" on 25 October 2026 becomes
// `aanmeldingen-cafe-voor-mantelzorgers-2026-10-25.csv`.

import type { ExportFormat } from "./bindings/ExportFormat";
import { ZONE } from "./amsterdamTime";

const MAX_TITLE = 50;

export function safeTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_TITLE)
    .replace(/^-+|-+$/g, "");
}

/** The day a moment falls on in the Netherlands, as YYYY-MM-DD. */
function dutchDay(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(ms),
  );
}

export function exportFileName(activity: { title: string; starts_at: string }, format: ExportFormat): string {
  const parts = ["aanmeldingen", safeTitle(activity.title), dutchDay(activity.starts_at)].filter((p) => p !== "");
  return `${parts.join("-")}.${format}`;
}

/** The suggested name of an organisation's HSDS export: `organisatie-<name>-hsds.json`. */
export function hsdsFileName(organizationName: string): string {
  return ["organisatie", safeTitle(organizationName), "hsds"].filter((p) => p !== "").join("-") + ".json";
}
