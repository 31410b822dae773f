import { describe, expect, it } from 'vitest';
import { namedSites } from '../../src/config/named-sites.js';
import type { Site } from '../../src/config/types.js';
import { InputError } from '../../src/errors.js';

const site = (name: string) => ({ name, cloud: `cloud-${name}`, kind: 'kvm' }) as Site;
const sites = new Map(['metal', 'kvm-a', 'kvm-b'].map((n) => [n, site(n)]));
const refused = (names: string[], from = sites) => {
  try {
    namedSites(from, names, '--flag');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).format();
  }
  throw new Error('accepted');
};

describe('sites named on the command line', () => {
  it('are the sites of sites.yaml, each once, in the order given', () => {
    expect(namedSites(sites, ['kvm-b', 'metal', 'kvm-b'], '--site').map((s) => s.name)).toEqual([
      'kvm-b',
      'metal',
    ]);
    expect(namedSites(sites, [], '--site')).toEqual([]);
  });

  it('refuse an unknown name with the flag, a guess and the sites there are', () => {
    expect(refused(['metl'])).toBe(
      "--flag: no site 'metl' in sites.yaml (did you mean 'metal'? sites: metal, kvm-a, kvm-b)",
    );
    expect(refused(['metal', 'x', 'y'])).toBe(
      "--flag: no site 'x', 'y' in sites.yaml (sites: metal, kvm-a, kvm-b)",
    );
    expect(refused(['a'], new Map())).toBe("--flag: no site 'a' in sites.yaml (sites.yaml defines no sites)");
  });
});
