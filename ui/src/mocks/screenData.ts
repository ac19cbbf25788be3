// Demo-like data for the screen build's mocked IPC: two organisations of one
// manager with offerings, contact persons (Dutch names with diacritics),
// activities with sign-ups, a conflict and a refused edit. Dates are relative
// to today so "due for review" stays true.

import type { AnyRecord } from "../lib/bindings/AnyRecord";
import type { ConflictView } from "../lib/bindings/ConflictView";
import type { LocalRecord } from "../lib/bindings/LocalRecord";
import type { ManagedOrganization } from "../lib/bindings/ManagedOrganization";
import type { RejectedEdit } from "../lib/bindings/RejectedEdit";
import type { ReviewCounts } from "../lib/bindings/ReviewCounts";
import type { ReviewItem } from "../lib/bindings/ReviewItem";
import type { SyncStatus } from "../lib/bindings/SyncStatus";
import { assuredDateOf, organizationIdOf, recordName } from "../lib/records";

const day = 24 * 3600 * 1000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * day).toISOString();
const date = (offsetDays: number): string => iso(offsetDays).slice(0, 10);

export const ORG_A = "01930000-0000-7000-8000-00000000000a";
export const ORG_B = "01930000-0000-7000-8000-00000000000b";
const ACT_1 = "01930000-0000-7000-8000-0000000000a1";
const ACT_2 = "01930000-0000-7000-8000-0000000000a2";
const CONTACT_1 = "01930000-0000-7000-8000-0000000000c1";
const CONTACT_2 = "01930000-0000-7000-8000-0000000000c2";

export const ORGANIZATIONS: ManagedOrganization[] = [
  {
    id: ORG_A,
    name: "Stichting Welzijn Sleutelbloem",
    websites: [
      { name: "Sociale Kaart Leiden", url: "https://www.socialekaartleiden.nl/" },
      { name: "Centrum voor Jeugd en Gezin Leiden", url: "https://www.cjgleiden.nl/" },
    ],
  },
  {
    id: ORG_B,
    name: "Buurtcoöperatie De Óverkant",
    websites: [{ name: "Wegwijzer Zoeterwoude", url: "https://wegwijzer.zoeterwoude.nl/" }],
  },
];

function local(record: AnyRecord, pending = 0, conflicts = 0): LocalRecord {
  return { record, version: 3, pending_edits: pending, rejected_edits: 0, conflicts };
}

export const RECORDS: LocalRecord[] = [
  local({
    kind: "organization",
    id: ORG_A,
    name: "Stichting Welzijn Sleutelbloem",
    description: "Ondersteuning bij wonen, welzijn en mantelzorg in Leiden en omgeving.",
    kvk_number: "41167934",
    visiting_street: "Breestraat 117",
    visiting_postcode: "2311 CM",
    visiting_city: "Leiden",
    postal_street: "Postbus 1120",
    postal_postcode: "2302 BC",
    postal_city: "Leiden",
    phone: "071 516 1234",
    email: "info@sleutelbloem.nl",
    website: "https://www.sleutelbloem.nl/",
    assured_date: date(-200),
  }),
  local({
    kind: "organization",
    id: ORG_B,
    name: "Buurtcoöperatie De Óverkant",
    description: "Buurthuis met activiteiten voor jong en oud.",
    kvk_number: "60213418",
    visiting_street: "Dorpsstraat 8",
    visiting_postcode: "2381 AB",
    visiting_city: "Zoeterwoude",
    postal_street: null,
    postal_postcode: null,
    postal_city: null,
    phone: "071 580 2200",
    email: "hallo@deoverkant.nl",
    website: null,
    // Almost due: the Controle screen lists it as such.
    assured_date: date(-172),
  }),
  local(
    {
      kind: "contact",
      id: CONTACT_1,
      organization_id: ORG_A,
      name: "Daniëlle de Vries",
      title: "Coördinator mantelzorg",
      email: "danielle@sleutelbloem.nl",
      phone: "06 1234 5678",
      reachability: "Maandag en donderdag van 9.00 tot 12.30 uur.",
      photo_url: null,
      agb_code: null,
      street: null,
      postcode: null,
      city: null,
      assured_date: date(-300),
    },
    1,
  ),
  local({
    kind: "contact",
    id: CONTACT_2,
    organization_id: ORG_A,
    name: "Sjoerd van 't Hoff",
    title: "Jongerenwerker",
    email: null,
    phone: "071 516 1299",
    reachability: null,
    photo_url: null,
    agb_code: "12345678",
    street: null,
    postcode: null,
    city: null,
    assured_date: date(-20),
  }),
  local({
    kind: "offering",
    id: "01930000-0000-7000-8000-0000000000f1",
    organization_id: ORG_A,
    name: "Mantelzorgondersteuning",
    description: "Advies, lotgenotencontact en respijtzorg voor mantelzorgers.",
    target_group: "Mantelzorgers",
    costs: "Gratis",
    application_process: "Bel of mail ons; we nemen binnen een week contact op.",
    contact_ids: [CONTACT_1],
    published: true,
    assured_date: date(-185),
  }),
  local({
    kind: "offering",
    id: "01930000-0000-7000-8000-0000000000f2",
    organization_id: ORG_A,
    name: "Jongerenwerk Zuidwijk",
    description: null,
    target_group: "Jongeren van 12 tot 23 jaar",
    costs: null,
    application_process: null,
    contact_ids: [CONTACT_2],
    published: false,
    assured_date: null,
  }),
  local({
    kind: "activity",
    id: ACT_1,
    organization_id: ORG_A,
    title: "Café voor mantelzorgers",
    description: "Ontmoeten, koffie en een kort praatje over respijtzorg.",
    starts_at: iso(6),
    ends_at: iso(6.1),
    location: "Buurthuis De Linde, Leiden",
    capacity: 8,
    signup_opens_at: null,
    signup_closes_at: null,
    status: "published",
    form: [
      { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
      { key: "email", label: "E-mail", field_type: "email", required: false, options: [] },
      { key: "dieet", label: "Dieetwensen", field_type: "choice", required: false, options: ["geen", "vegetarisch", "halal"] },
    ],
    assured_date: date(-3),
  }),
  local({
    kind: "activity",
    id: ACT_2,
    organization_id: ORG_A,
    title: "Workshop Omgaan met geldzorgen",
    description: null,
    starts_at: iso(20),
    ends_at: iso(20.1),
    location: "Bibliotheek Nieuwstraat",
    capacity: null,
    signup_opens_at: null,
    signup_closes_at: null,
    status: "draft",
    form: [{ key: "naam", label: "Naam", field_type: "text", required: false, options: [] }],
    assured_date: date(-190),
  }),
  ...[
    ["Zoë Martina", "zoe@voorbeeld.nl", "vegetarisch"],
    ["Ahmed El Amrani", "ahmed@voorbeeld.nl", "halal"],
    ["Mieke Bakker-Öztürk", "", "geen"],
  ].map(([naam, email, dieet], i) =>
    local({
      kind: "signup",
      id: `01930000-0000-7000-8000-0000000005${i}0`,
      organization_id: ORG_A,
      activity_id: ACT_1,
      submitted_at: iso(-1 - i),
      answers: email ? { naam, email, dieet } : { naam, dieet },
      status: "registered",
    }),
  ),
  local({
    kind: "profile",
    id: "01930000-0000-7000-8000-0000000000ee",
    name: "Daniëlle de Vries",
    salutation: "mevrouw",
    email: "danielle.devries@voorbeeld.nl",
    phone: "071 516 1234",
    username: "demo",
    note: "Bereikbaar op maandag en donderdag.",
    assured_date: date(-200),
  }),
];

export const CONFLICTS: ConflictView[] = [
  {
    id: 1,
    kind: "contact",
    record_id: CONTACT_1,
    field: "phone",
    reason: "fields_changed",
    yours: "06 1234 5678",
    theirs: "071 516 1250",
  },
  {
    id: 2,
    kind: "organization",
    record_id: ORG_A,
    field: "description",
    reason: "fields_changed",
    yours: "Ondersteuning bij wonen, welzijn en mantelzorg in Leiden en omgeving.",
    theirs: "Ondersteuning bij welzijn en mantelzorg in Leiden, Leiderdorp en Oegstgeest.",
  },
];

export const REJECTED: RejectedEdit[] = [
  {
    mutation_id: "01930000-0000-7000-8000-0000000000d1",
    kind: "organization",
    record_id: ORG_B,
    errors: [{ field: "visiting_postcode", code: "invalid_postcode", message: "Vul een postcode in als 1234 AB.", params: {} }],
  },
];

export const STATUS: SyncStatus = {
  connectivity: "online",
  syncing: null,
  last_synced_at: iso(-0.01),
  pending_edits: 1,
  rejected_edits: 1,
  conflicts: 2,
};

/** The service's published review interval and the warning window (`kaart_core::review`). */
const REVIEW_INTERVAL_DAYS = 182;
const WARNING_DAYS = 14;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function dueItems(): ReviewItem[] {
  return RECORDS.map((r) => r.record)
    .filter((record) => {
      if (record.kind === "signup") return false;
      const d = assuredDateOf(record);
      return d === null || d <= date(WARNING_DAYS - REVIEW_INTERVAL_DAYS);
    })
    .map((record) => {
      const assured = assuredDateOf(record);
      const dueOn = assured === null ? null : addDays(assured, REVIEW_INTERVAL_DAYS);
      return {
        kind: record.kind,
        record_id: record.id,
        organization_id: organizationIdOf(record),
        title: recordName(record),
        assured_date: assured,
        due_on: dueOn,
        almost_due: dueOn !== null && dueOn > date(0),
      };
    });
}

export function reviewCounts(): ReviewCounts {
  const items = dueItems();
  const almost = items.filter((i) => i.almost_due).length;
  return { due: items.length - almost, almost_due: almost };
}
