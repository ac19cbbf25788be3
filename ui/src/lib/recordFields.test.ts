import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { FIELD_CATALOG } from "./bindings/fieldCatalog";
import type { RecordKind } from "./ipc";
import { commands } from "./ipc";
import {
  CONTACT_FIELDS,
  fieldLabel,
  fieldValueType,
  OFFERING_FIELDS,
  ORGANIZATION_FIELDS,
  PROFILE_FIELDS,
} from "./recordFields";
import { CATALOG, isAnyRecord } from "./records";
import { contactRecord } from "../test-records";

const KINDS = Object.keys(FIELD_CATALOG) as RecordKind[];

function editable(kind: RecordKind): string[] {
  return CATALOG[kind].fields.filter((f) => f.editable).map((f) => f.name);
}

describe("record fields from the Rust catalog", () => {
  it("has a Dutch label for every editable field Rust exports", () => {
    expect(KINDS).toHaveLength(6);
    const missing = KINDS.flatMap((kind) =>
      editable(kind)
        .filter((name) => {
          const label = fieldLabel(kind, name);
          return label === name || label.trim() === "";
        })
        .map((name) => `${kind}.${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("builds each form from the catalog's editable fields, in Rust's order", () => {
    expect(ORGANIZATION_FIELDS.map((f) => f.key)).toEqual(editable("organization"));
    expect(PROFILE_FIELDS.map((f) => f.key)).toEqual(editable("profile"));
    expect(CONTACT_FIELDS.map((f) => f.key)).toEqual(editable("contact").filter((n) => n !== "photo_url"));
    expect(OFFERING_FIELDS.map((f) => f.key)).toEqual(editable("offering").filter((n) => n !== "contact_ids"));
    // Required exactly where Rust has no `Option`, a checkbox where it has a bool.
    expect(ORGANIZATION_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual(["name"]);
    expect(OFFERING_FIELDS.find((f) => f.key === "published")?.kind).toBe("checkbox");
    expect(fieldValueType("activity", "capacity")).toEqual({ type: "number", optional: true });
    expect(fieldValueType("activity", "title")).toEqual({ type: "text", optional: false });
  });
});

const CONTACT = contactRecord(
  "01930000-0000-7000-8000-0000000000c1",
  "01930000-0000-7000-8000-00000000000a",
  "Daniëlle de Vries",
);

describe("records checked by kind", () => {
  it("takes a whole record and refuses a missing, mistyped or unknown field", () => {
    expect(isAnyRecord({ ...CONTACT })).toBe(true);
    const { city: _city, ...withoutCity } = CONTACT;
    expect(isAnyRecord(withoutCity)).toBe(false);
    expect(isAnyRecord({ ...CONTACT, name: null })).toBe(false);
    expect(isAnyRecord({ ...CONTACT, phone: 612345678 })).toBe(false);
    expect(isAnyRecord({ ...CONTACT, shoe_size: 43 })).toBe(false);
    expect(isAnyRecord({ ...CONTACT, kind: "person" })).toBe(false);
  });

  it("a record of another kind than asked for is an error, not a silent cast", async () => {
    mockIPC(() => [{ record: CONTACT, version: 1, pending_edits: 0, rejected_edits: 0, conflicts: 0 }]);
    await expect(commands.records(null, "contact")).resolves.toHaveLength(1);
    await expect(commands.records(null, "offering")).rejects.toMatchObject({ code: "internal" });
  });
});
