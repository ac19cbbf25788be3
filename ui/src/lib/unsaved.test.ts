import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFrom, giveListsRoom, syncedContact } from "../test-records";
import ContactsPanel from "../components/organizations/ContactsPanel.svelte";
import UnsavedDialog from "../components/common/UnsavedDialog.svelte";
import { unsaved } from "./unsaved.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const A = syncedContact("01930000-0000-7000-8000-0000000000c1", ORG, "Daniëlle de Vries");
const B = syncedContact("01930000-0000-7000-8000-0000000000c2", ORG, "Sjoerd van 't Hoff");

describe("the unsaved-changes guard", () => {
  let takeBack: () => void;
  beforeAll(() => (takeBack = giveListsRoom()));
  afterAll(() => takeBack());

  it("lets go at once when nothing is unsaved", async () => {
    expect(await unsaved.mayLeave()).toBe(true);
    const stop = unsaved.register(() => false);
    expect(await unsaved.mayLeave()).toBe(true);
    stop();
  });

  it("asks before another record replaces unsaved typing: keep editing keeps it, discard goes on", async () => {
    mockIPC((cmd, args) => answerFrom([A, B], cmd, args) ?? null);
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    render(UnsavedDialog);
    await fireEvent.click(await screen.findByRole("button", { name: /Daniëlle de Vries/ }));
    const title = (await screen.findByLabelText("Functie")) as HTMLInputElement;
    await fireEvent.input(title, { target: { value: "Teamleider" } });

    await fireEvent.click(screen.getByRole("button", { name: /Sjoerd van 't Hoff/ }));
    await screen.findByText("Wijzigingen nog niet opgeslagen");
    await fireEvent.click(screen.getByRole("button", { name: "Verder bewerken" }));
    await waitFor(() => expect(screen.queryByText("Wijzigingen nog niet opgeslagen")).toBeNull());
    expect(screen.getByRole("heading", { level: 4 }).textContent).toBe("Daniëlle de Vries");
    expect((screen.getByLabelText("Functie") as HTMLInputElement).value).toBe("Teamleider");

    await fireEvent.click(screen.getByRole("button", { name: /Sjoerd van 't Hoff/ }));
    await fireEvent.click(await screen.findByRole("button", { name: "Wijzigingen weggooien" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 4 }).textContent).toBe("Sjoerd van 't Hoff"));
    // Sjoerd's form holds nothing unsaved: the next switch does not ask.
    expect(unsaved.hasChanges).toBe(false);
  });

  it("does not ask when the typing was saved", async () => {
    mockIPC((cmd, args) => (cmd === "update_fields" ? A : (answerFrom([A, B], cmd, args) ?? null)));
    render(ContactsPanel, { organizationId: ORG, onchange: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: /Daniëlle de Vries/ }));
    await fireEvent.input(await screen.findByLabelText("Functie"), { target: { value: "Teamleider" } });
    expect(unsaved.hasChanges).toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    await screen.findByText("Opgeslagen op deze computer.");
    expect(unsaved.hasChanges).toBe(false);
  });
});
