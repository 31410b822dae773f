// Sites named on the command line or in action inputs (--site, --promote-from, --object-store):
// every name must be a site of sites.yaml. One check and one message for all of them, made before
// anything is built, uploaded or renamed.
import { InputError } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import type { Site } from './types.js';

/** The named sites (each once, in the order given); an unknown name is bad input. */
export function namedSites(sites: ReadonlyMap<string, Site>, names: readonly string[], flag: string): Site[] {
  const unique = [...new Set(names)];
  const unknown = unique.filter((n) => !sites.has(n));
  if (unknown.length > 0) {
    const guess = unknown.length === 1 ? didYouMean(unknown[0], sites.keys()) : undefined;
    const known = sites.size ? `sites: ${[...sites.keys()].join(', ')}` : 'sites.yaml defines no sites';
    throw new InputError(
      `${flag}: no site ${unknown.map((n) => `'${n}'`).join(', ')} in sites.yaml`,
      undefined,
      guess ? `${guess} ${known}` : known,
    );
  }
  return unique.map((n) => sites.get(n)!);
}
