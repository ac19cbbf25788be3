// The sections of the window, in sidebar order, each with its heading, its
// one-line intro and the component that shows it: the one place that says
// which screen belongs to which sidebar entry. Plain state, no router: the
// app has one window and no URLs to share. The ids are also the
// `data-section` hooks of the sidebar buttons that the tests click.

import type { Component } from "svelte";
import { m } from "../lib/paraglide/messages";
import About from "./About.svelte";
import Activities from "./Activities.svelte";
import Organizations from "./Organizations.svelte";
import Profile from "./Profile.svelte";
import Requests from "./Requests.svelte";
import Review from "./Review.svelte";
import Settings from "./Settings.svelte";
import Sync from "./Sync.svelte";

export type SectionId =
  | "organisaties"
  | "activiteiten"
  | "controle"
  | "verzoeken"
  | "profiel"
  | "synchronisatie"
  | "instellingen"
  | "over";

export interface Section {
  id: SectionId;
  /** Its name in the sidebar and heading, in the chosen language. */
  label: () => string;
  /** One line under the heading: what this section is for. */
  intro: () => string;
  /** What the section shows under its heading. */
  component: Component;
}

export const SECTIONS: readonly Section[] = [
  {
    id: "organisaties",
    label: m.section_organizations,
    intro: m.section_organizations_intro,
    component: Organizations,
  },
  {
    id: "activiteiten",
    label: m.section_activities,
    intro: m.section_activities_intro,
    component: Activities,
  },
  {
    id: "controle",
    label: m.section_review,
    intro: m.section_review_intro,
    component: Review,
  },
  {
    id: "verzoeken",
    label: m.section_requests,
    intro: m.section_requests_intro,
    component: Requests,
  },
  {
    id: "profiel",
    label: m.section_profile,
    intro: m.section_profile_intro,
    component: Profile,
  },
  {
    id: "synchronisatie",
    label: m.section_sync,
    intro: m.section_sync_intro,
    component: Sync,
  },
  {
    id: "instellingen",
    label: m.section_settings,
    intro: m.section_settings_intro,
    component: Settings,
  },
];

/** At the bottom of the sidebar, apart from the work. */
export const ABOUT: Section = {
  id: "over",
  label: m.section_about,
  intro: m.section_about_intro,
  component: About,
};

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id) ?? ABOUT;
}
