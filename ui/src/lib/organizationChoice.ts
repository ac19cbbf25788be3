// Which managed organisation a screen shows: the one picked while it is still
// managed, else the first one (none while there are none).

import type { ManagedOrganization } from "./ipc";

export function firstUnlessPicked(
  organizations: ManagedOrganization[] | null | undefined,
  picked: string | null,
): string | null {
  if (!organizations || organizations.length === 0) return null;
  return organizations.some((o) => o.id === picked) ? picked : organizations[0].id;
}
