// Which organisation the window shows: one choice for the whole window, kept
// when the manager goes from section to section. `null` is "Alle
// organisaties", the choice at the start. A section that can list every
// organisation at once (Controle) follows it as it is (`oneOrAll`); a section
// that shows one organisation (Organisaties, Activiteiten) shows the chosen
// one, or the first while "Alle organisaties" is chosen (`one`). A choice of
// an organisation that is no longer managed counts as not made.

import type { ManagedOrganization } from "./ipc";
import { firstUnlessPicked } from "./organizationChoice";

type Organizations = readonly ManagedOrganization[] | null | undefined;

class ChosenOrganization {
  /** The organisation picked; `null` for all of them. */
  picked: string | null = $state(null);

  pick(id: string | null): void {
    this.picked = id;
  }

  /** For a section that shows one organisation: the picked one, else the first. */
  one(organizations: Organizations): string | null {
    return firstUnlessPicked(organizations ? [...organizations] : organizations, this.picked);
  }

  /** For a section that can show all: the picked one, or `null` for all. */
  oneOrAll(organizations: Organizations): string | null {
    const id = this.picked;
    if (id === null) return null;
    if (organizations && !organizations.some((o) => o.id === id)) return null;
    return id;
  }
}

/** The window's one organisation choice. */
export const chosenOrganization = new ChosenOrganization();
