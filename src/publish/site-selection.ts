// Which sites a build goes to: its image's `sites:` selector (by kind and/or names; absent = every
// site) and each site's `architectures`, narrowed by `--site` flags. Unknown names, and a `--site`
// that does not take the build's architecture, are bad input, found before anything changes.
import { archRefusal, selectedSites } from '../config/image-sites.js';
import type { Arch, ResolvedImage, Site } from '../config/types.js';
import { InputError } from '../errors.js';

export interface BuildSites {
  sites: Site[];
  /** Sites the image selects that do not take this architecture, with why. */
  skipped: { site: Site; why: string }[];
}

export function sitesFor(
  image: ResolvedImage,
  arch: Arch,
  sites: Map<string, Site>,
  filter: string[],
): BuildSites {
  const sel = image.sites;
  for (const n of sel?.names ?? []) {
    if (!sites.has(n)) throw new InputError(`image '${image.name}' selects unknown site '${n}'`, sel?.pos);
  }
  const chosen = selectedSites(image, sites).filter((s) => filter.length === 0 || filter.includes(s.name));
  if (chosen.length === 0) {
    const why = filter.length ? `none of --site ${filter.join(', ')} is` : 'no site in sites.yaml is';
    throw new InputError(`${why} a site image '${image.name}' is published to`, sel?.pos ?? image.pos);
  }
  const out: BuildSites = { sites: [], skipped: [] };
  for (const site of chosen) {
    const why = archRefusal(site, arch);
    if (why === undefined) out.sites.push(site);
    else if (filter.includes(site.name))
      throw new InputError(
        `--site ${site.name}: the ${arch} build of '${image.name}' is never published there: ${why}`,
        site.pos,
        `leave out --site ${site.name}, or publish only builds of ${site.architectures!.join(', ')}`,
      );
    else out.skipped.push({ site, why });
  }
  return out;
}
