// The screen build's answers to `record_page` and `record_counts`: the
// offerings and contact persons of `screenData.ts`, by name, searched by
// name (case and accents ignored), one page at a time — as the core does.
// The component tests answer from their own records with the same functions.

import type { LocalRecord } from "../lib/bindings/LocalRecord";
import type { RecordCounts } from "../lib/bindings/RecordCounts";
import type { RecordPage } from "../lib/bindings/RecordPage";
import type { RecordQuery } from "../lib/bindings/RecordQuery";
import { organizationIdOf } from "../lib/records";
import { RECORDS } from "./screenData";

const fold = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

function nameOf(local: LocalRecord): string {
  const record = local.record;
  return record.kind === "offering" || record.kind === "contact" ? record.name : "";
}

function listOf(organization: string, kind: string, records: LocalRecord[] = RECORDS): LocalRecord[] {
  return records.filter((r) => r.record.kind === kind && organizationIdOf(r.record) === organization);
}

export function mockRecordPage(query: RecordQuery, records: LocalRecord[] = RECORDS): RecordPage {
  const words = fold(query.search).split(/\s+/).filter(Boolean);
  const found = listOf(query.organization, query.kind, records)
    .filter((r) => words.every((w) => fold(nameOf(r)).includes(w)))
    .sort((a, b) => fold(nameOf(a)).localeCompare(fold(nameOf(b))) || nameOf(a).localeCompare(nameOf(b)));
  return { total: found.length, rows: found.slice(query.offset, query.offset + query.limit) };
}

export function mockRecordCounts(organization: string, records: LocalRecord[] = RECORDS): RecordCounts {
  return {
    offerings: listOf(organization, "offering", records).length,
    contacts: listOf(organization, "contact", records).length,
  };
}
