// Makes sure the Debian packages of the dev cloud are installed; installs the missing ones with
// apt-get when running as root, else says exactly what to run.
import { existsSync } from 'node:fs';
import { WorldError } from '../errors.js';
import { runChecked, type Runner } from '../exec.js';
import type { Logger } from '../log.js';

/** A file each package installs, and the package. */
const REQUIRED: [string, string][] = [
  ['/usr/bin/keystone-manage', 'keystone'],
  ['/usr/bin/keystone-wsgi-public', 'keystone'],
  ['/usr/bin/glance-api', 'glance-api'],
  ['/usr/bin/glance-manage', 'glance-api'],
  ['/usr/bin/uwsgi', 'uwsgi'],
  ['/usr/lib/uwsgi/plugins/python3_plugin.so', 'uwsgi-plugin-python3'],
  ['/usr/bin/barbican-wsgi-api', 'barbican-api'],
  // castellan's Barbican key manager, which Glance verifies image signatures with, uses it.
  ['/usr/lib/python3/dist-packages/barbicanclient/__init__.py', 'python3-barbicanclient'],
];

export function missingPackages(exists: (path: string) => boolean = existsSync): string[] {
  return [...new Set(REQUIRED.filter(([file]) => !exists(file)).map(([, pkg]) => pkg))];
}

export async function ensureInstalled(runner: Runner, logger: Logger): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const command = `apt-get install --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new WorldError({
      doing: 'starting the dev cloud',
      answer: `missing Debian packages; run as root: ${command} (or scripts/setup-host.sh)`,
    });
  }
  logger.info(`dev-cloud: installing ${missing.join(', ')} (about 2 minutes)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runChecked(runner, 'apt-get', ['update', '-qq'], { env, doing: 'apt-get update' });
  await runChecked(runner, 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    doing: 'installing the dev cloud packages',
  });
}
