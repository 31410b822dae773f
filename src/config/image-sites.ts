// Which sites a build of an image belongs on: the image's `sites:` selector (by kind or names; absent
// = every site), then the site's `architectures` (absent = all). Shared by validate (two builds may
// not land on one Glance name of one site) and publish.
import type { Arch, ResolvedImage, Site } from './types.js';

/** The sites the image's selector picks, in sites.yaml order (unknown names are checked elsewhere). */
export function selectedSites(image: Pick<ResolvedImage, 'sites'>, sites: ReadonlyMap<string, Site>): Site[] {
  const sel = image.sites;
  return [...sites.values()].filter(
    (s) => (!sel?.kind || s.kind === sel.kind) && (!sel?.names || sel.names.includes(s.name)),
  );
}

/** Why the site takes no build of `arch`, or undefined when it does. */
export function archRefusal(site: Site, arch: Arch): string | undefined {
  if (!site.architectures || site.architectures.includes(arch)) return undefined;
  return `site ${site.name} takes only ${site.architectures.join(', ')} (architectures in sites.yaml)`;
}
