// `kiln dev-cloud up|down|env`: a real Keystone, and per region (RegionOne and RegionTwo) a real Glance
// (own database and file store) that verifies image signatures against that region's real Barbican from Debian's packages, on 127.0.0.1 with free ports,
// everything kept in one state folder. `up` is idempotent and safe to call from many processes at once
// (the test workers do): the first one starts the cloud, the others wait for it and reuse it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { run as realRunner, type Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { httpTransport } from '../openstack/http.js';
import { KeystoneSession } from '../openstack/keystone.js';
import {
  ADMIN_CLOUD,
  cloudsYaml,
  MEMBER_CLOUD,
  REGION_ONE,
  REGION_TWO,
  SITE_B_CLOUD,
} from './clouds-file.js';
import type { DevCloudState, RegionService } from './dev-cloud-state.js';
import { withLock } from '../file-lock.js';
import { freePort } from './free-port.js';
import { initBarbican, initGlance, initKeystone } from './initialise.js';
import { ensureInstalled } from './install.js';
import { registerServices } from './keystone-setup.js';
import { barbicanDirName, glanceDirName, isServing, startServices, stopAll } from './services.js';
import { watchOwner } from './watchdog.js';

export interface DevCloudOptions {
  /** The state folder (default `.cache/dev-cloud` under the current directory). */
  dir: string;
  logger: Logger;
  runner?: Runner;
  /** Stop the cloud when this process exits without `down` (test runs pass their own). */
  ownerPid?: number;
}

const STATE_FILE = 'state.json';
const LOCK_FILE = 'lock';

export const defaultDevCloudDir = (cwd: string) => resolve(cwd, '.cache/dev-cloud');

/** Starts the dev cloud, or reuses it when it is already running. */
export async function devCloudUp(options: DevCloudOptions): Promise<DevCloudState> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return withLock(join(dir, LOCK_FILE), async () => {
    let state = await readState(dir);
    // A cloud made before Barbican was part of it is made again.
    if (state && !state.barbicans) {
      await stopAll(dir, state, options.logger);
      state = undefined;
    }
    if (state && (await isServing(state))) {
      options.logger.info(`dev-cloud: already running (${state.keystoneUrl})`);
    } else if (state) {
      await startServices(state, options);
    } else {
      state = await create(dir, options);
    }
    if (options.ownerPid) await watchOwner(dir, options.ownerPid);
    return state;
  });
}

/** Stops every service of the dev cloud; with `purge`, also deletes its state folder. */
export async function devCloudDown(options: { dir: string; logger: Logger; purge?: boolean }): Promise<void> {
  const dir = resolve(options.dir);
  if (!existsSync(dir)) return;
  await withLock(join(dir, LOCK_FILE), async () => {
    await stopAll(dir, await readState(dir), options.logger);
  });
  if (options.purge) await rm(dir, { recursive: true, force: true });
}

/** The state of an initialised dev cloud, or undefined. */
export async function readState(dir: string): Promise<DevCloudState | undefined> {
  try {
    return JSON.parse(await readFile(join(resolve(dir), STATE_FILE), 'utf8')) as DevCloudState;
  } catch {
    return undefined;
  }
}

/** Shell lines that point OpenStack tools (and kiln) at the dev cloud. */
export function envLines(state: DevCloudState, cloud = state.clouds.admin): string[] {
  return [`export OS_CLIENT_CONFIG_FILE=${state.cloudsYaml}`, `export OS_CLOUD=${cloud}`];
}

async function create(dir: string, options: DevCloudOptions): Promise<DevCloudState> {
  const runner = options.runner ?? realRunner;
  const { logger } = options;
  await ensureInstalled(runner, logger);
  const started = Date.now();
  // A half-made cloud from a crash before state.json was written: start over.
  await stopAll(dir, undefined, logger);
  const regions = [REGION_ONE, REGION_TWO];
  for (const sub of ['keystone', ...regions.map(glanceDirName), ...regions.map(barbicanDirName)]) {
    await rm(join(dir, sub), { recursive: true, force: true });
  }
  const keystonePort = await freePort();
  const keystoneUrl = `http://127.0.0.1:${keystonePort}`;
  const onFreePorts = async () => {
    const list: RegionService[] = [];
    for (const region of regions) {
      const port = await freePort();
      list.push({ region, port, url: `http://127.0.0.1:${port}` });
    }
    return list;
  };
  const glances = await onFreePorts();
  const barbicans = await onFreePorts();
  const passwords = { admin: secret(), member: secret() };
  logger.secret(passwords.admin);
  logger.secret(passwords.member);
  const state: DevCloudState = {
    dir,
    keystoneUrl,
    keystonePort,
    glances,
    barbicans,
    cloudsYaml: join(dir, 'clouds.yaml'),
    clouds: { admin: ADMIN_CLOUD, member: MEMBER_CLOUD, siteB: SITE_B_CLOUD },
    passwords,
  };
  logger.info(`dev-cloud: creating Keystone, Glance and Barbican (${regions.join(', ')}) in ${dir}`);
  await Promise.all([
    initKeystone(state, runner),
    ...glances.map((g) => initGlance(state, g, runner)),
    ...barbicans.map((b) => initBarbican(state, b, runner)),
  ]);
  try {
    await startServices(state, options, async () => {
      const admin = adminSession(state, logger);
      await registerServices(
        admin,
        { image: glances, 'key-manager': barbicans },
        { name: 'member', password: passwords.member, projectName: 'admin' },
        keystoneUrl,
      );
    });
  } catch (err) {
    // Without state.json nobody could stop what did start: stop it now.
    await stopAll(dir, state, logger);
    throw err;
  }
  await writeFile(
    state.cloudsYaml,
    cloudsYaml(
      keystoneUrl,
      { username: 'admin', password: passwords.admin },
      { username: 'member', password: passwords.member },
    ),
    { mode: 0o600 },
  );
  await writeFile(join(dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  logger.info(`dev-cloud: ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return state;
}

function adminSession(state: DevCloudState, logger: Logger): KeystoneSession {
  return new KeystoneSession({
    cloud: {
      name: 'dev-cloud bootstrap',
      authType: 'password',
      auth: {
        auth_url: state.keystoneUrl,
        username: 'admin',
        password: state.passwords.admin,
        project_name: 'admin',
      },
      regionName: REGION_ONE,
      interface: 'public',
      verify: true,
      source: state.dir,
    },
    transport: httpTransport(),
    logger,
    label: 'dev cloud',
  });
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}
