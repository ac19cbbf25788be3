// A person's request in the screen build's mocked IPC: searching finds the
// demo contact persons whose name words begin with what was typed (accents
// ignored, as the core does) and one made-up sign-up of "Zoë Çelik"; the
// log holds one open and one handled request. Correcting the sign-up
// changes its answers.

import type { AnswerValue } from "../lib/bindings/AnswerValue";
import type { FoundContact } from "../lib/bindings/FoundContact";
import type { LocalRecord } from "../lib/bindings/LocalRecord";
import type { FoundSignup } from "../lib/bindings/FoundSignup";
import type { PersonFindings } from "../lib/bindings/PersonFindings";
import type { PersonQuery } from "../lib/bindings/PersonQuery";
import type { PersonRequest } from "../lib/bindings/PersonRequest";
import { ORGANIZATIONS, RECORDS } from "./screenData";

const fold = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();

function nameMatches(query: string, name: string): boolean {
  const wanted = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const have = fold(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return wanted.length > 0 && wanted.every((w) => have.some((h) => h.startsWith(w)));
}

const SIGNUP: FoundSignup = {
  id: "01930000-0000-7000-8000-0000000005e1",
  organization_id: ORGANIZATIONS[1].id,
  organization_name: ORGANIZATIONS[1].name,
  activity_id: "01930000-0000-7000-8000-0000000000a2",
  activity_title: "Taalcafé",
  activity_starts_at: "2026-12-03T18:30:00Z",
  submitted_at: "2026-11-20T10:12:00Z",
  status: "registered",
  answers: [
    { key: "naam", question: "Naam", answer: "Zoë Çelik" },
    { key: "email", question: "E-mailadres", answer: "zoe.celik@example.org" },
  ],
  matched_by: ["name"],
  form: [
    { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
    { key: "email", label: "E-mailadres", field_type: "email", required: true, options: [] },
    { key: "dieet", label: "Dieetwens", field_type: "choice", required: false, options: ["Geen", "Vegetarisch"] },
  ],
};

/** A correction of the made-up sign-up: its answers change (no checks; the core's are tested in Rust). */
export function mockCorrectSignup(id: string, answers: Record<string, AnswerValue>): LocalRecord {
  SIGNUP.answers = SIGNUP.form
    .filter((f) => answers[f.key] !== undefined)
    .map((f) => ({ key: f.key, question: f.label, answer: answers[f.key] as AnswerValue }));
  return {
    record: {
      kind: "signup",
      id,
      organization_id: SIGNUP.organization_id,
      activity_id: SIGNUP.activity_id,
      submitted_at: SIGNUP.submitted_at,
      answers,
      status: SIGNUP.status,
    },
    version: 1,
    pending_edits: 1,
    rejected_edits: 0,
    conflicts: 0,
  };
}

export function mockFindPerson(query: PersonQuery): PersonFindings {
  const contacts: FoundContact[] = RECORDS.filter(
    (r) => r.record.kind === "contact" && query.name.trim() !== "" && nameMatches(query.name, r.record.name),
  ).map((r) => {
    const org = ORGANIZATIONS.find((o) => r.record.kind === "contact" && o.id === r.record.organization_id);
    return { organization_id: org?.id ?? "", organization_name: org?.name ?? "", record: r, matched_by: ["name"] };
  });
  const byName = query.name.trim() !== "" && nameMatches(query.name, "Zoë Çelik");
  const byEmail = query.email.trim().toLowerCase() === "zoe.celik@example.org";
  const signups = byName || byEmail ? [SIGNUP] : [];
  return { contacts, signups, contacts_total: contacts.length, signups_total: signups.length };
}

export const PERSON_REQUESTS: PersonRequest[] = [
  {
    id: 2,
    kind: "access",
    received_on: "2026-11-10",
    deadline: "2026-12-08",
    handled_on: null,
    counts: { contacts: 0, signups: 0 },
    overdue: false,
  },
  {
    id: 1,
    kind: "erasure",
    received_on: "2026-10-01",
    deadline: "2026-10-29",
    handled_on: "2026-10-14",
    counts: { contacts: 1, signups: 2 },
    overdue: false,
  },
];
