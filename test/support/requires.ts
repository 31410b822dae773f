// Integration tests run real programs (Keystone, Glance, DIB, qemu, ...). Where one is not installed,
// the file's tests are skipped with the reason in their names, never failed for it: a machine without
// scripts/setup-host.sh's packages still runs everything else.
//
// The lists below are the one table of what each shared fixture needs; a test file names the fixtures
// it uses plus any program it runs itself: `describeIfInstalled([...DEV_CLOUD, 'qemu-img'])`.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';
import { missingPackages } from '../../src/devcloud/install.js';

/** A program looked up on PATH, or a check that names what is missing. */
export type Need = string | { missing: () => string[] };

/**
 * The dev cloud (test/support/dev-cloud.ts): the Debian packages it checks for before it starts
 * (src/devcloud/install.ts: Keystone, Glance, Barbican, uwsgi). It runs them by absolute path, so
 * they count as installed whatever PATH says.
 */
export const DEV_CLOUD: Need[] = [{ missing: () => missingPackages().map((p) => `${p} (Debian package)`) }];
/** The shared DIB build (test/support/debian-image.ts). */
export const DIB = ['disk-image-create', 'qemu-img'];
/** Swift with its ring builder (test/release/swift.ts), which registers itself with the openstack CLI. */
export const SWIFT = [
  'swift-proxy-server',
  'swift-account-server',
  'swift-container-server',
  'swift-object-server',
  'swift-ring-builder',
  'openstack',
];
/** @actions/cache against the cache-service stand-in (test/support/cache-server.ts) shells out to these. */
export const ACTIONS_CACHE = ['tar', 'zstd'];

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What of `needs` is not installed, each named once. */
function missingOf(needs: Need[]): string[] {
  const missing = needs.flatMap((n) => (typeof n === 'string' ? (onPath(n) ? [] : [n]) : n.missing()));
  return [...new Set(missing)];
}

/** `api` itself when nothing is missing, else a stand-in that calls `skip` with the reason in the name. */
function gated<T extends object>(api: T, skip: unknown, needs: Need[]): T {
  const missing = missingOf(needs);
  if (missing.length === 0) return api;
  const reason = ` [skipped: ${missing.join(', ')} not installed; see scripts/setup-host.sh]`;
  // Only a direct call is gated: modifiers such as `.each` or `.skipIf` are the plain API's.
  return new Proxy(api, {
    apply: (_target, self, [name, ...rest]: unknown[]) =>
      Reflect.apply(skip as (...a: unknown[]) => unknown, self, [`${String(name)}${reason}`, ...rest]),
  });
}

/** `describe` when everything in `needs` is installed; else a `describe.skip` whose name says what is missing. */
export function describeIfInstalled(needs: Need[]): typeof describe {
  return gated(describe, describe.skip, needs);
}

/** `it` when everything in `needs` is installed; else an `it.skip` whose name says what is missing. */
export function itIfInstalled(needs: Need[]): typeof it {
  return gated(it, it.skip, needs);
}
