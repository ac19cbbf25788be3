import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FormField } from "../../lib/bindings/FormField";
import FormBuilder from "./FormBuilder.svelte";

const FORM: FormField[] = [
  { key: "naam", label: "Naam", field_type: "text", required: true, options: [] },
  { key: "email", label: "E-mail", field_type: "email", required: false, options: [] },
  { key: "dieet", label: "Dieetwensen", field_type: "choice", required: false, options: ["geen", "halal"] },
];

function setup(props: { form?: FormField[]; signupCount?: number } = {}) {
  let last: FormField[] = [];
  const result = render(FormBuilder, {
    form: props.form ?? FORM,
    signupCount: props.signupCount ?? 0,
    onchange: (form: FormField[]) => (last = form),
  });
  return { ...result, latest: () => last };
}

const labels = (): string[] =>
  screen.getAllByLabelText("Vraag").map((input) => (input as HTMLInputElement).value);

describe("FormBuilder", () => {
  it("adds a field whose key is made from its label once, then kept when the label changes", async () => {
    const { latest } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Veld toevoegen" }));
    const label = screen.getAllByLabelText("Vraag")[3] as HTMLInputElement;
    expect(document.activeElement).toBe(label);
    await fireEvent.input(label, { target: { value: "Allergieën" } });
    await fireEvent.change(label);
    await waitFor(() => expect(latest()[3]).toMatchObject({ key: "allergieen", label: "Allergieën", field_type: "text" }));

    await fireEvent.input(label, { target: { value: "Allergieën of dieet" } });
    await fireEvent.change(label);
    await waitFor(() => expect(latest()[3]).toMatchObject({ key: "allergieen", label: "Allergieën of dieet" }));
    // Existing fields keep theirs when relabelled too.
    const first = screen.getAllByLabelText("Vraag")[0];
    await fireEvent.input(first, { target: { value: "Volledige naam" } });
    await fireEvent.change(first);
    await waitFor(() => expect(latest()[0]).toMatchObject({ key: "naam", label: "Volledige naam" }));
  });

  it("a second field with the same label gets its own key", async () => {
    const { latest } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Veld toevoegen" }));
    const label = screen.getAllByLabelText("Vraag")[3];
    await fireEvent.input(label, { target: { value: "Naam" } });
    await fireEvent.change(label);
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["naam", "email", "dieet", "naam_2"]));
  });

  it("a new field never takes the key of a removed one (its answers keep that key)", async () => {
    const { latest } = setup({ signupCount: 2 });
    await fireEvent.click(screen.getByRole("button", { name: "Veld ‘E-mail’ verwijderen" }));
    await fireEvent.click(screen.getByRole("button", { name: "Veld toevoegen" }));
    const label = screen.getAllByLabelText("Vraag")[2];
    await fireEvent.input(label, { target: { value: "Email" } });
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["naam", "dieet", "email_2"]));
    await fireEvent.change(label);
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["naam", "dieet", "email_2"]));
  });

  it("sets type, required, help text and the options of a choice", async () => {
    const { latest } = setup({ form: [] });
    await fireEvent.click(screen.getByRole("button", { name: "Veld toevoegen" }));
    await fireEvent.input(screen.getByLabelText("Vraag"), { target: { value: "Tijdvak" } });
    await fireEvent.change(screen.getByLabelText("Soort"), { target: { value: "choice" } });
    await fireEvent.input(screen.getByLabelText("Keuzemogelijkheden, één per regel"), {
      target: { value: "ochtend\n\n middag \navond" },
    });
    await fireEvent.click(screen.getByLabelText("Verplicht"));
    await fireEvent.input(screen.getByLabelText("Uitleg onder het veld (niet verplicht)"), {
      target: { value: "Kies wat u het beste uitkomt." },
    });
    await waitFor(() =>
      expect(latest()).toEqual([
        {
          key: "tijdvak",
          label: "Tijdvak",
          field_type: "choice",
          required: true,
          options: ["ochtend", "middag", "avond"],
          help: "Kies wat u het beste uitkomt.",
        },
      ]),
    );
    // Options only belong to a choice.
    await fireEvent.change(screen.getByLabelText("Soort"), { target: { value: "text" } });
    await waitFor(() => expect(latest()[0].options).toEqual([]));
  });

  it("moves the focused field with Alt+ArrowUp/Down and keeps the focus", async () => {
    const { latest } = setup();
    const dieet = screen.getAllByLabelText("Vraag")[2] as HTMLInputElement;
    dieet.focus();
    await fireEvent.keyDown(dieet, { key: "ArrowUp", altKey: true });
    await waitFor(() => expect(labels()).toEqual(["Naam", "Dieetwensen", "E-mail"]));
    expect(document.activeElement).toBe(dieet);
    await fireEvent.keyDown(dieet, { key: "ArrowUp", altKey: true });
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["dieet", "naam", "email"]));
    expect(document.activeElement).toBe(dieet);
    expect(screen.getByTestId("builder-announcement").textContent).toBe(
      "Veld ‘Dieetwensen’ staat nu op plaats 1 van 3.",
    );
    // Without Alt the arrow keys do nothing to the order.
    await fireEvent.keyDown(dieet, { key: "ArrowDown" });
    expect(labels()).toEqual(["Dieetwensen", "Naam", "E-mail"]);
  });

  it("moves with the buttons; focus stays on a usable button", async () => {
    const { latest } = setup();
    const up = screen.getByRole("button", { name: "Veld ‘E-mail’ omhoog" });
    up.focus();
    await fireEvent.click(up);
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["email", "naam", "dieet"]));
    // At the top "omhoog" is off, so the focus moved to "omlaag" of the same field.
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Veld ‘E-mail’ omlaag" }));
  });

  it("Alt+ArrowUp on a move button that the move turns off keeps the focus in the field", async () => {
    const { latest } = setup();
    const up = screen.getByRole("button", { name: "Veld ‘E-mail’ omhoog" });
    up.focus();
    await fireEvent.keyDown(up, { key: "ArrowUp", altKey: true });
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["email", "naam", "dieet"]));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Veld ‘E-mail’ omlaag" }));
  });

  it("moves a field by dragging its handle onto another field", async () => {
    const { latest } = setup();
    const handles = document.querySelectorAll("[data-role=drag]");
    const target = screen.getAllByRole("listitem")[0];
    await fireEvent.dragStart(handles[2]);
    await fireEvent.dragOver(target);
    await fireEvent.drop(target);
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["dieet", "naam", "email"]));
  });

  it("removes a field", async () => {
    const { latest } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Veld ‘E-mail’ verwijderen" }));
    await waitFor(() => expect(latest().map((f) => f.key)).toEqual(["naam", "dieet"]));
    expect(labels()).toEqual(["Naam", "Dieetwensen"]);
    expect(screen.queryByTestId("removed-warning")).toBeNull();
  });

  it("with sign-ups: removing a field or changing its type says the answers are kept", async () => {
    setup({ signupCount: 3 });
    expect(screen.queryByTestId("removed-warning")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Veld ‘E-mail’ verwijderen" }));
    const removed = await screen.findByTestId("removed-warning");
    expect(removed.textContent).toMatch(/‘E-mail’ verwijderd/);
    expect(removed.textContent).toMatch(/zijn al 3 aanmeldingen.*blijven bewaard.*getoond en geëxporteerd/);

    const dieet = within(screen.getByRole("listitem", { name: /Dieetwensen/ }));
    await fireEvent.change(dieet.getByLabelText("Soort"), { target: { value: "text" } });
    expect((await screen.findByTestId("type-warning")).textContent).toMatch(
      /was ‘Keuze uit een lijst’.*blijven bewaard/,
    );
  });

  it("without sign-ups there is nothing to warn about", async () => {
    setup({ signupCount: 0 });
    await fireEvent.click(screen.getByRole("button", { name: "Veld ‘E-mail’ verwijderen" }));
    await fireEvent.change(screen.getAllByLabelText("Soort")[1], { target: { value: "text" } });
    expect(screen.queryByTestId("removed-warning")).toBeNull();
    expect(screen.queryByTestId("type-warning")).toBeNull();
  });

  it("shows the data-minimisation hint", () => {
    setup();
    expect(screen.getByTestId("privacy-hint").textContent).toMatch(/Vraag niet meer dan nodig/);
  });
});
