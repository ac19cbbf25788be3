// The sections of the window, in sidebar order, and which one is open.
// Plain state, no router: the app has one window and no URLs to share.

export type SectionId =
  | "organisaties"
  | "activiteiten"
  | "controle"
  | "profiel"
  | "synchronisatie"
  | "over";

export interface Section {
  id: SectionId;
  label: string;
  /** One line under the heading: what this section is for. */
  intro: string;
}

export const SECTIONS: readonly Section[] = [
  {
    id: "organisaties",
    label: "Organisaties",
    intro: "De organisaties die u beheert, met hun aanbod en contactpersonen.",
  },
  {
    id: "activiteiten",
    label: "Activiteiten & aanmeldingen",
    intro: "Activiteiten, hun aanmeldformulieren en de aanmeldingen die binnenkwamen.",
  },
  {
    id: "controle",
    label: "Controle",
    intro: "Gegevens die opnieuw gecontroleerd moeten worden.",
  },
  {
    id: "profiel",
    label: "Profiel",
    intro: "Uw gegevens als informatiebeheerder.",
  },
  {
    id: "synchronisatie",
    label: "Synchronisatie",
    intro: "De uitwisseling met de centrale dienst: wat er klaarstaat en wat er botste.",
  },
];

export const ABOUT: Section = {
  id: "over",
  label: "Over Kaartbeheer",
  intro: "Versie en verbinding van deze installatie.",
};

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id) ?? ABOUT;
}
