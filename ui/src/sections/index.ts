// The sections of the window, in sidebar order, each with its heading, its
// one-line intro and the component that shows it: the one place that says
// which screen belongs to which sidebar entry. Plain state, no router: the
// app has one window and no URLs to share. The ids are also the
// `data-section` hooks of the sidebar buttons that the tests click.

import type { Component } from "svelte";
import About from "./About.svelte";
import Activities from "./Activities.svelte";
import Organizations from "./Organizations.svelte";
import Profile from "./Profile.svelte";
import Review from "./Review.svelte";
import Settings from "./Settings.svelte";
import Sync from "./Sync.svelte";

export type SectionId =
  | "organisaties"
  | "activiteiten"
  | "controle"
  | "profiel"
  | "synchronisatie"
  | "instellingen"
  | "over";

export interface Section {
  id: SectionId;
  label: string;
  /** One line under the heading: what this section is for. */
  intro: string;
  /** What the section shows under its heading. */
  component: Component;
}

export const SECTIONS: readonly Section[] = [
  {
    id: "organisaties",
    label: "Organisaties",
    intro: "De organisaties die u beheert, met hun aanbod en contactpersonen.",
    component: Organizations,
  },
  {
    id: "activiteiten",
    label: "Activiteiten & aanmeldingen",
    intro: "Activiteiten, hun aanmeldformulieren en de aanmeldingen die binnenkwamen.",
    component: Activities,
  },
  {
    id: "controle",
    label: "Controle",
    intro: "Gegevens die opnieuw gecontroleerd moeten worden.",
    component: Review,
  },
  {
    id: "profiel",
    label: "Profiel",
    intro: "Uw gegevens als informatiebeheerder.",
    component: Profile,
  },
  {
    id: "synchronisatie",
    label: "Synchronisatie",
    intro: "De uitwisseling met de centrale dienst: wat er klaarstaat en wat er botste.",
    component: Sync,
  },
  {
    id: "instellingen",
    label: "Instellingen",
    intro: "Uw account, afmelden en de gegevens op deze computer.",
    component: Settings,
  },
];

/** At the bottom of the sidebar, apart from the work. */
export const ABOUT: Section = {
  id: "over",
  label: "Over Kaartbeheer",
  intro: "Versie en verbinding van deze installatie.",
  component: About,
};

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id) ?? ABOUT;
}
