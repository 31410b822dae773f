// Where kiln keeps things it fetched and may reuse between runs: third-party element checkouts,
// artifacts, DIB caches. One place so that config (which checks third-party element names against
// local checkouts) and build (which makes those checkouts) agree on the layout.
import { isAbsolute, join, resolve } from 'node:path';
import type { ThirdPartyRepo } from './types.js';

/** `$KILN_CACHE_DIR` (relative to the repo root when not absolute), else `<root>/.cache/kiln`. */
export function cacheDir(env: NodeJS.ProcessEnv, root: string): string {
  const fromEnv = env.KILN_CACHE_DIR;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(root, fromEnv);
  return join(root, '.cache', 'kiln');
}

/** The checkout of a third-party repo at its pinned commit: `<cache>/third-party/<name>/<ref>`. */
export function thirdPartyCheckoutDir(cache: string, repo: Pick<ThirdPartyRepo, 'name' | 'ref'>): string {
  return join(cache, 'third-party', repo.name, repo.ref);
}
