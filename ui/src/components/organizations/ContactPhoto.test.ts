import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LocalRecord } from "../../lib/ipc";
import { answerFrom, giveListsRoom, synced, contactRecord } from "../../test-records";
import ContactPhoto from "./ContactPhoto.svelte";
import ContactsPanel from "./ContactsPanel.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const ID = "01930000-0000-7000-8000-0000000000c1";
const PHOTO = `/public/v1/photos/${"ab".repeat(32)}`;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer;

type Call = { cmd: string; args: Record<string, unknown> };

/** Records the calls; the core's reads (pages, one record) answer from `records`. */
function recordIpc(answer: (call: Call) => unknown, records: LocalRecord[] = []): Call[] {
  const calls: Call[] = [];
  mockWindows("main");
  mockIPC(
    (cmd, payload) => {
      const call = { cmd, args: (payload ?? {}) as Record<string, unknown> };
      calls.push(call);
      return answerFrom(records, cmd, call.args) ?? answer(call);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** Lets the component's drop listener get registered. */
const listening = () => new Promise((resolve) => setTimeout(resolve, 20));

function contact(photo: string | null) {
  return synced({ ...contactRecord(ID, ORG, "Daniëlle de Vries"), photo_url: photo });
}

const refusedSvg = {
  code: "invalid_input",
  reason: { kind: "photo_refused", cause: "svg" },
  message: "Deze foto is niet gebruikt. Een SVG-tekening kan geen foto zijn.",
};

describe("contact photos", () => {
  let takeBack: () => void;
  beforeAll(() => (takeBack = giveListsRoom()));
  afterAll(() => takeBack());
  const made: Blob[] = [];
  beforeEach(() => {
    made.length = 0;
    // jsdom has no blob URLs: record what would be shown.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      made.push(blob);
      return `blob:kaartbeheer/${made.length}`;
    });
    URL.revokeObjectURL = vi.fn();
  });

  it("shows the stored photo in the list and the form as a blob: image", async () => {
    const calls = recordIpc((c) => (c.cmd === "contact_photo" ? JPEG : null), [contact(PHOTO)]);
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    const small = await screen.findByRole("img", { name: "Foto van Daniëlle de Vries" });
    expect(small.getAttribute("src")).toMatch(/^blob:/);
    expect(small.getAttribute("width")).toBe("32");
    await fireEvent.click(screen.getByRole("button", { name: /Daniëlle de Vries/ }));
    await waitFor(() => expect(screen.getAllByRole("img", { name: "Foto van Daniëlle de Vries" })).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "contact_photo").map((c) => c.args)).toContainEqual({ photoUrl: PHOTO });
    expect(made[0].type).toBe("image/jpeg");
  });

  it("a contact without a photo gets an empty frame and no request", async () => {
    const calls = recordIpc(() => null, [contact(null)]);
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    expect(await screen.findByRole("img", { name: "Geen foto" })).toBeTruthy();
    expect(calls.some((c) => c.cmd === "contact_photo")).toBe(false);
  });

  it("chooses a file in the open dialog and sets it", async () => {
    const changed = vi.fn();
    const calls = recordIpc((c) => {
      if (c.cmd === "plugin:dialog|open") return "/home/beheerder/Afbeeldingen/daniëlle.jpg";
      if (c.cmd === "set_contact_photo") return contact(PHOTO);
      return null;
    });
    render(ContactPhoto, { local: contact(null), onchange: changed });
    await fireEvent.click(screen.getByRole("button", { name: "Foto kiezen…" }));
    await waitFor(() => expect(changed).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.cmd === "set_contact_photo")?.args).toEqual({
      id: ID,
      path: "/home/beheerder/Afbeeldingen/daniëlle.jpg",
    });
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|open")?.args.options as { multiple: boolean };
    expect(dialog.multiple).toBe(false);
  });

  it("closing the dialog changes nothing", async () => {
    const changed = vi.fn();
    const calls = recordIpc((c) => (c.cmd === "plugin:dialog|open" ? null : null));
    render(ContactPhoto, { local: contact(null), onchange: changed });
    await fireEvent.click(screen.getByRole("button", { name: "Foto kiezen…" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "plugin:dialog|open")).toBe(true));
    expect(calls.some((c) => c.cmd === "set_contact_photo")).toBe(false);
    expect(changed).not.toHaveBeenCalled();
  });

  it("shows why a file was refused, and nothing is reloaded", async () => {
    const changed = vi.fn();
    recordIpc((c) => {
      if (c.cmd === "plugin:dialog|open") return "/home/beheerder/logo.svg";
      if (c.cmd === "set_contact_photo") throw refusedSvg;
      return null;
    });
    render(ContactPhoto, { local: contact(null), onchange: changed });
    await fireEvent.click(screen.getByRole("button", { name: "Foto kiezen…" }));
    expect(await screen.findByText(/een SVG-tekening kan geen foto zijn/)).toBeTruthy();
    expect(changed).not.toHaveBeenCalled();
  });

  it("a file dropped on the box becomes the photo", async () => {
    const changed = vi.fn();
    const calls = recordIpc((c) => (c.cmd === "set_contact_photo" ? contact(PHOTO) : null));
    render(ContactPhoto, { local: contact(null), onchange: changed });
    await listening();
    // jsdom lays nothing out: the box is at 0,0 with no size.
    await emit("tauri://drag-drop", { paths: ["/tmp/gesleept.png"], position: { x: 0, y: 0 } });
    await waitFor(() => expect(changed).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.cmd === "set_contact_photo")?.args).toEqual({ id: ID, path: "/tmp/gesleept.png" });
  });

  it("a file dropped elsewhere in the window is ignored", async () => {
    const calls = recordIpc(() => null);
    render(ContactPhoto, { local: contact(null), onchange: () => {} });
    await listening();
    await emit("tauri://drag-drop", { paths: ["/tmp/elders.png"], position: { x: 900, y: 700 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.some((c) => c.cmd === "set_contact_photo")).toBe(false);
  });

  it("removes the photo with an edit of photo_url", async () => {
    const changed = vi.fn();
    const calls = recordIpc((c) => (c.cmd === "update_fields" ? contact(null) : c.cmd === "contact_photo" ? JPEG : null));
    render(ContactPhoto, { local: contact(PHOTO), onchange: changed });
    await fireEvent.click(screen.getByRole("button", { name: "Foto verwijderen" }));
    await waitFor(() => expect(changed).toHaveBeenCalledOnce());
    expect(calls.find((c) => c.cmd === "update_fields")?.args).toEqual({
      kind: "contact",
      id: ID,
      fields: { photo_url: null },
    });
  });
});
