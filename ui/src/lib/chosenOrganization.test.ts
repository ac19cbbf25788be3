import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import Organizations from "../sections/Organizations.svelte";
import Review from "../sections/Review.svelte";
import { chosenOrganization } from "./chosenOrganization.svelte";

const A = "01930000-0000-7000-8000-00000000000a";
const B = "01930000-0000-7000-8000-00000000000b";
const ORGS = [
  { id: A, name: "Stichting Welzijn Sleutelbloem", websites: [] },
  { id: B, name: "Buurtcoöperatie De Óverkant", websites: [] },
];

function mockSections(dueAsked: unknown[]) {
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "organizations":
        return ORGS;
      case "records":
        return [];
      case "due_for_review":
        dueAsked.push((args as { organization: unknown }).organization);
        return [];
      default:
        return null;
    }
  });
}

const pressed = () =>
  screen
    .getAllByRole("button", { pressed: true })
    .map((b) => b.querySelector(".name")?.textContent);

describe("one organisation choice for the whole window", () => {
  beforeEach(() => chosenOrganization.pick(null));

  it("starts on all organisations: Controle lists all, Organisaties shows the first", async () => {
    const asked: unknown[] = [];
    mockSections(asked);
    const review = render(Review);
    await waitFor(() => expect(pressed()).toEqual(["Alle organisaties"]));
    expect(asked.at(-1)).toBeNull();
    review.unmount();
    render(Organizations);
    await waitFor(() => expect(pressed()).toEqual(["Stichting Welzijn Sleutelbloem"]));
    expect(screen.queryByText("Alle organisaties")).toBeNull();
  });

  it("an organisation picked in one section is the one the next section shows, until all is picked", async () => {
    const asked: unknown[] = [];
    mockSections(asked);
    const orgs = render(Organizations);
    await fireEvent.click(await screen.findByRole("button", { name: /Óverkant/ }));
    orgs.unmount();

    render(Review);
    await waitFor(() => expect(pressed()).toEqual(["Buurtcoöperatie De Óverkant"]));
    await waitFor(() => expect(asked.at(-1)).toBe(B));
    await fireEvent.click(screen.getByRole("button", { name: /Alle organisaties/ }));
    await waitFor(() => expect(asked.at(-1)).toBeNull());
    expect(chosenOrganization.picked).toBeNull();
  });
});
