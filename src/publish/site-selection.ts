// Which sites an image goes to: its `sites:` selector (by kind and/or names; absent = every site),
// narrowed by `--site` flags. Unknown names are bad input, found before anything changes.
import type { ResolvedImage, Site } from '../config/types.js';
import { InputError } from '../errors.js';

export function sitesFor(image: ResolvedImage, sites: Map<string, Site>, filter: string[]): Site[] {
  const sel = image.sites;
  for (const n of sel?.names ?? []) {
    if (!sites.has(n)) throw new InputError(`image '${image.name}' selects unknown site '${n}'`, sel?.pos);
  }
  const chosen = [...sites.values()].filter(
    (s) =>
      (!sel?.kind || s.kind === sel.kind) &&
      (!sel?.names || sel.names.includes(s.name)) &&
      (filter.length === 0 || filter.includes(s.name)),
  );
  if (chosen.length === 0) {
    const why = filter.length ? `none of --site ${filter.join(', ')} is` : 'no site in sites.yaml is';
    throw new InputError(`${why} a site image '${image.name}' is published to`, sel?.pos ?? image.pos);
  }
  return chosen;
}
