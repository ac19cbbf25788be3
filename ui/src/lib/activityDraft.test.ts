import { describe, expect, it } from "vitest";
import type { Activity } from "./bindings/Activity";
import { activityFrom, changedActivityFields, copyOfActivity, draftOfActivity } from "./activityDraft";
import { draftOf, formOf } from "./signupForm";

const STORED: Activity = {
  id: "01930000-0000-7000-8000-0000000000a1",
  organization_id: "01930000-0000-7000-8000-00000000000a",
  title: "Café",
  description: null,
  starts_at: "2026-10-25T00:30:00Z",
  ends_at: "2026-10-25T02:30:00Z",
  location: null,
  capacity: null,
  signup_opens_at: null,
  signup_closes_at: null,
  status: "published",
  // Keys in another order than the builder writes them, and no help text.
  form: [{ options: [], required: true, field_type: "text", label: "Naam", key: "naam" }],
  assured_date: null,
};

describe("activityDraft", () => {
  it("an activity opened and saved unchanged sends nothing", () => {
    const draft = draftOfActivity(STORED);
    // What the form builder hands back for an untouched form.
    draft.form = formOf(draft.form.map(draftOf));
    const result = activityFrom(draft);
    if (!result.ok) throw new Error("expected a valid draft");
    expect(changedActivityFields(STORED, result.fields)).toEqual({});
  });

  it("a changed form is sent whole", () => {
    const draft = draftOfActivity(STORED);
    draft.form = [{ ...draft.form[0], help: "Zoals op uw paspoort." }];
    const result = activityFrom(draft);
    if (!result.ok) throw new Error("expected a valid draft");
    expect(changedActivityFields(STORED, result.fields)).toEqual({ form: draft.form });
  });

  it("a copy has a new id, '(kopie)', is a draft and not checked yet", () => {
    const copy = copyOfActivity(STORED);
    expect(copy.id).not.toBe(STORED.id);
    expect(copy.title).toBe("Café (kopie)");
    expect(copy.status).toBe("draft");
    expect(copy.assured_date).toBeNull();
    expect(copy.form).toEqual(STORED.form);
    expect(copy.form).not.toBe(STORED.form);
  });
});
