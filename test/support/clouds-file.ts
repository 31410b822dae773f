// clouds.yaml files for tests that reach the dev cloud another way (through the fault proxy, or a
// silent endpoint): the dev cloud's own clouds plus clouds made from its admin cloud with another
// auth_url (and any other settings, such as api_timeout).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { DevCloud } from './dev-cloud.js';

type CloudEntry = { auth: object } & Record<string, unknown>;

/** Writes the file into the test run's folder and returns its path. */
export function cloudsFileWith(
  cloud: DevCloud,
  prefix: string,
  more: Record<string, { auth_url: string } & Record<string, unknown>>,
): string {
  const clouds = parse(readFileSync(cloud.cloudsYaml, 'utf8')) as { clouds: Record<string, CloudEntry> };
  const base = clouds.clouds[cloud.clouds.admin]!;
  for (const [name, { auth_url, ...settings }] of Object.entries(more))
    clouds.clouds[name] = { ...base, ...settings, auth: { ...base.auth, auth_url } };
  const file = join(
    process.env.KILN_TEST_RUN_DIR!,
    `clouds-${prefix}-${randomBytes(4).toString('hex')}.yaml`,
  );
  writeFileSync(file, stringify(clouds));
  return file;
}
