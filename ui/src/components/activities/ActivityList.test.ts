import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityQuery } from "../../lib/bindings/ActivityQuery";
import type { ActivityRow } from "../../lib/bindings/ActivityRow";
import { syncStatus } from "../../lib/syncStatus.svelte";
import ActivityList from "./ActivityList.svelte";

const ORG = "01930000-0000-7000-8000-00000000000a";
const TOTAL = 2001;

function row(i: number, title = `Activiteit ${i}`): ActivityRow {
  return {
    id: `01930000-0000-7000-8000-${String(i).padStart(12, "0")}`,
    title,
    starts_at: new Date(Date.UTC(2027, 0, 1) + i * 3600_000).toISOString(),
    ends_at: new Date(Date.UTC(2027, 0, 1) + i * 3600_000 + 7200_000).toISOString(),
    status: "published",
    capacity: i === 0 ? 20_000 : 10,
    counts: { registered: i === 0 ? 19_000 : 10, cancelled: 0, places_left: i === 0 ? 1000 : 0, full: i !== 0 },
    version: i === 1 ? null : 1,
    pending_edits: i === 1 ? 1 : 0,
    rejected_edits: 0,
    conflicts: 0,
  };
}

/** A core with TOTAL activities: pages as asked; the queries it got. */
function core(titleOf: (i: number) => string = (i) => `Activiteit ${i}`): ActivityQuery[] {
  const queries: ActivityQuery[] = [];
  mockIPC((cmd, payload) => {
    if (cmd !== "activity_page") throw new Error(`unexpected ${cmd}`);
    const query = (payload as { query: ActivityQuery }).query;
    queries.push(query);
    const total = query.search ? 1 : TOTAL;
    const rows = Array.from({ length: Math.max(0, Math.min(query.limit, total - query.offset)) }, (_, k) =>
      row(query.offset + k, query.search ? "Zoë's zwemles" : titleOf(query.offset + k)),
    );
    return { total, rows };
  });
  return queries;
}

const last = (queries: ActivityQuery[]) => queries[queries.length - 1];
const rowsShown = () => screen.getAllByTestId("activity-row");

describe("ActivityList", () => {
  // jsdom lays nothing out: the list's scroll area gets a height, so the
  // virtualiser shows the rows that fit (TanStack reads offsetHeight).
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight");
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetWidth");
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 400 });
    Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 900 });
  });
  afterAll(() => {
    if (height) Object.defineProperty(HTMLElement.prototype, "offsetHeight", height);
    if (width) Object.defineProperty(HTMLElement.prototype, "offsetWidth", width);
  });

  it("asks the core for one page and shows the total, the rows and their counts", async () => {
    const queries = core();
    render(ActivityList, { organization: ORG });
    await screen.findByText("2.001 activiteiten");
    expect(queries[0]).toEqual({
      organization: ORG,
      period: "upcoming",
      search: "",
      sort: "starts_at",
      descending: false,
      offset: 0,
      limit: 100,
    });
    // Only the first page was asked for, and only some rows are in the page.
    expect(queries.every((q) => q.offset < 200)).toBe(true);
    await screen.findByRole("button", { name: "Activiteit 0" });
    expect(rowsShown().length).toBeLessThan(100);
    const first = within(rowsShown()[0]);
    expect(first.getByText("19.000 / 20.000")).toBeTruthy();
    expect(first.getByText("1.000")).toBeTruthy();
    const second = within(rowsShown()[1]);
    expect(second.getByText("vol")).toBeTruthy();
    expect(second.getByTestId("marker-pending")).toBeTruthy();
    expect(screen.getByRole("table", { name: "Activiteiten" }).getAttribute("aria-rowcount")).toBe(String(TOTAL + 1));
  });

  it("sorts by a header (sign-ups: most first, again: fewest first) and says so with aria-sort", async () => {
    const queries = core();
    render(ActivityList, { organization: ORG });
    await screen.findByText("2.001 activiteiten");
    const header = (name: string) => screen.getByRole("columnheader", { name: new RegExp(`^${name}`) });
    expect(header("Datum").getAttribute("aria-sort")).toBe("ascending");
    expect(header("Status").getAttribute("aria-sort")).toBeNull();
    await fireEvent.click(within(header("Aanmeldingen")).getByRole("button"));
    await waitFor(() => expect(last(queries)).toMatchObject({ sort: "signups", descending: true, offset: 0 }));
    expect(header("Aanmeldingen").getAttribute("aria-sort")).toBe("descending");
    expect(header("Datum").getAttribute("aria-sort")).toBe("none");
    await fireEvent.click(within(header("Aanmeldingen")).getByRole("button"));
    await waitFor(() => expect(last(queries)).toMatchObject({ sort: "signups", descending: false }));
    expect(header("Aanmeldingen").getAttribute("aria-sort")).toBe("ascending");
    await fireEvent.click(within(header("Activiteit")).getByRole("button"));
    await waitFor(() => expect(last(queries)).toMatchObject({ sort: "title", descending: false }));
  });

  it("searches the titles after typing settles, and past activities come latest first", async () => {
    const queries = core();
    render(ActivityList, { organization: ORG });
    await screen.findByText("2.001 activiteiten");
    await fireEvent.input(screen.getByTestId("activity-search"), { target: { value: "zoe" } });
    await screen.findByText("1 activiteit gevonden");
    expect(last(queries)).toMatchObject({ search: "zoe", offset: 0 });
    await fireEvent.click(screen.getByRole("radio", { name: "Voorbij" }));
    await waitFor(() => expect(last(queries)).toMatchObject({ period: "past", sort: "starts_at", descending: true }));
  });

  it("marks the open row, opens a row on its button, and asks again after a sync", async () => {
    let name = "Oud";
    const queries = core((i) => (i === 2 ? name : `Activiteit ${i}`));
    const { rerender } = render(ActivityList, { organization: ORG, open: null });
    await screen.findByRole("button", { name: "Oud" });
    await fireEvent.click(screen.getByRole("button", { name: "Oud" }));
    await waitFor(() => expect(rowsShown()[2].getAttribute("aria-current")).toBe("true"));
    expect(rowsShown()[1].getAttribute("aria-current")).toBeNull();

    // News from a sync: the same page again, the new title shown.
    name = "Nieuw";
    const asked = queries.length;
    syncStatus.revision += 1;
    await screen.findByRole("button", { name: "Nieuw" });
    expect(queries.length).toBeGreaterThan(asked);
    expect(last(queries).offset).toBe(0);
    expect(rowsShown()[2].getAttribute("aria-current")).toBe("true");
    // An edit of the owner's: the same.
    name = "Nog nieuwer";
    await rerender({ organization: ORG, refreshes: 1 });
    await screen.findByRole("button", { name: "Nog nieuwer" });
  });
});
