// `kiln dev-cloud up|down|env`: a real Keystone and two real Glance services (RegionOne and RegionTwo,
// each with its own database and file store) from Debian's packages, on 127.0.0.1 with free ports,
// everything kept in one state folder. `up` is idempotent and safe to call from many processes at once
// (the test workers do): the first one starts the cloud, the others wait for it and reuse it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { WorldError } from '../errors.js';
import { run as realRunner, runChecked, type Runner } from '../exec.js';
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
import { isAlive, readPid, startDaemon, stopDaemon, writePid, type DaemonSpec } from './daemon.js';
import { withLock } from './dir-lock.js';
import { freePort, portInUse } from './free-port.js';
import { ensureInstalled } from './install.js';
import { registerServices } from './keystone-setup.js';
import { waitUntilServing } from './readiness.js';
import { glanceConf, keystoneConf } from './service-configs.js';
import { watchOwner, WATCHDOG } from './watchdog.js';

export interface GlanceService {
  region: string;
  port: number;
  /** The image endpoint registered in Keystone, e.g. http://127.0.0.1:PORT. */
  url: string;
}

export interface DevCloudState {
  dir: string;
  /** Keystone's root URL (append /v3). */
  keystoneUrl: string;
  keystonePort: number;
  glances: GlanceService[];
  /** The clouds.yaml to point OS_CLIENT_CONFIG_FILE at. */
  cloudsYaml: string;
  /** Cloud names in that file: admin (RegionOne), member (RegionOne), admin in RegionTwo. */
  clouds: { admin: string; member: string; siteB: string };
  passwords: { admin: string; member: string };
}

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
    for (const name of allDaemons(await readState(dir))) {
      const pid = readPid(join(dir, `${name}.pid`));
      if (pid && isAlive(pid)) {
        options.logger.info(`dev-cloud: stopping ${name} (pid ${pid})`);
        await stopDaemon(pid);
      }
      await rm(join(dir, `${name}.pid`), { force: true });
    }
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
  for (const sub of ['keystone', ...[REGION_ONE, REGION_TWO].map(glanceDirName)]) {
    await rm(join(dir, sub), { recursive: true, force: true });
  }
  const keystonePort = await freePort();
  const keystoneUrl = `http://127.0.0.1:${keystonePort}`;
  const glances: GlanceService[] = [];
  for (const region of [REGION_ONE, REGION_TWO]) {
    const port = await freePort();
    glances.push({ region, port, url: `http://127.0.0.1:${port}` });
  }
  const passwords = { admin: secret(), member: secret() };
  logger.secret(passwords.admin);
  logger.secret(passwords.member);
  const state: DevCloudState = {
    dir,
    keystoneUrl,
    keystonePort,
    glances,
    cloudsYaml: join(dir, 'clouds.yaml'),
    clouds: { admin: ADMIN_CLOUD, member: MEMBER_CLOUD, siteB: SITE_B_CLOUD },
    passwords,
  };
  logger.info(`dev-cloud: creating Keystone and Glance (${REGION_ONE}, ${REGION_TWO}) in ${dir}`);
  await Promise.all([initKeystone(state, runner), ...glances.map((g) => initGlance(state, g, runner))]);
  await startServices(state, options, async () => {
    const admin = adminSession(state, logger);
    await registerServices(
      admin,
      glances.map((g) => ({ region: g.region, url: g.url })),
      { name: 'member', password: passwords.member, projectName: 'admin' },
      keystoneUrl,
    );
  });
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

async function initKeystone(state: DevCloudState, runner: Runner): Promise<void> {
  const kdir = join(state.dir, 'keystone');
  await mkdir(join(kdir, 'lock'), { recursive: true });
  const conf = join(kdir, 'keystone.conf');
  await writeFile(conf, keystoneConf({ dir: kdir }), { mode: 0o600 });
  const manage = (...args: string[]) =>
    runChecked(runner, '/usr/bin/keystone-manage', ['--config-file', conf, ...args], {
      env: serviceEnv(),
      doing: `keystone-manage ${args[0]}`,
      target: 'dev cloud Keystone',
    });
  await manage('db_sync');
  await useWal(join(kdir, 'keystone.db'), runner);
  const user = userInfo().username;
  const group = (await runChecked(runner, 'id', ['-gn'])).stdout.trim();
  await manage('fernet_setup', '--keystone-user', user, '--keystone-group', group);
  await manage('credential_setup', '--keystone-user', user, '--keystone-group', group);
  await manage(
    'bootstrap',
    '--bootstrap-password',
    state.passwords.admin,
    '--bootstrap-username',
    'admin',
    '--bootstrap-project-name',
    'admin',
    '--bootstrap-role-name',
    'admin',
    '--bootstrap-service-name',
    'keystone',
    '--bootstrap-region-id',
    REGION_ONE,
    '--bootstrap-admin-url',
    state.keystoneUrl,
    '--bootstrap-public-url',
    state.keystoneUrl,
    '--bootstrap-internal-url',
    state.keystoneUrl,
  );
}

async function initGlance(state: DevCloudState, glance: GlanceService, runner: Runner): Promise<void> {
  const gdir = join(state.dir, glanceDirName(glance.region));
  for (const sub of ['images', 'staging', 'lock']) await mkdir(join(gdir, sub), { recursive: true });
  const conf = join(gdir, 'glance-api.conf');
  await writeFile(
    conf,
    glanceConf({
      dir: gdir,
      port: glance.port,
      keystoneUrl: state.keystoneUrl,
      regionName: glance.region,
      serviceUser: { username: 'admin', password: state.passwords.admin, project: 'admin' },
    }),
    { mode: 0o600 },
  );
  await runChecked(runner, '/usr/bin/glance-manage', ['--config-file', conf, 'db_sync'], {
    env: serviceEnv(),
    doing: 'glance-manage db_sync',
    target: `dev cloud Glance ${glance.region}`,
  });
  await useWal(join(gdir, 'glance.db'), runner);
}

/** sqlite's default journal makes concurrent readers fail with "database is locked". */
async function useWal(db: string, runner: Runner): Promise<void> {
  await runChecked(
    runner,
    '/usr/bin/python3',
    ['-c', "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')", db],
    { doing: 'switching sqlite to WAL', target: db },
  );
}

/** Starts Keystone, runs `afterKeystone`, then starts the Glance services; waits until all serve. */
async function startServices(
  state: DevCloudState,
  options: DevCloudOptions,
  afterKeystone?: () => Promise<void>,
): Promise<void> {
  // Leftovers of a crashed cloud (e.g. a Glance still up while Keystone died) are stopped first.
  for (const name of daemonNames(state)) {
    const pid = readPid(join(state.dir, `${name}.pid`));
    if (pid && isAlive(pid)) await stopDaemon(pid);
  }
  for (const port of [state.keystonePort, ...state.glances.map((g) => g.port)]) {
    if (await portInUse(port)) {
      throw new WorldError({
        doing: 'starting the dev cloud',
        target: state.dir,
        answer: `port ${port} it was created with is taken by another program; run kiln dev-cloud down --purge and up again`,
      });
    }
  }
  const kdir = join(state.dir, 'keystone');
  await launch(state, {
    name: 'keystone',
    cmd: '/usr/bin/uwsgi',
    args: [
      '--plugin',
      'python3',
      '--http-socket',
      `127.0.0.1:${state.keystonePort}`,
      '--wsgi-file',
      '/usr/bin/keystone-wsgi-public',
      '--master',
      '--die-on-term',
      '--processes',
      '2',
      // Threads in one process share a sqlite connection pool: "database is locked".
      '--threads',
      '1',
      '--buffer-size',
      '65535',
      // uwsgi's http-socket drops keep-alive connections; tell clients not to reuse them.
      '--add-header',
      'Connection: close',
    ],
    env: { ...serviceEnv(), OS_KEYSTONE_CONFIG_DIR: kdir, OS_KEYSTONE_CONFIG_FILES: 'keystone.conf' },
    cwd: kdir,
    logFile: join(kdir, 'keystone.log'),
  });
  await waitUntilServing(
    'Keystone',
    `${state.keystoneUrl}/v3`,
    join(state.dir, 'keystone.pid'),
    join(kdir, 'keystone.log'),
  );
  await afterKeystone?.();
  await Promise.all(
    state.glances.map(async (g) => {
      const gdir = join(state.dir, glanceDirName(g.region));
      const name = daemonName(g);
      await launch(state, {
        name,
        cmd: '/usr/bin/glance-api',
        args: ['--config-file', join(gdir, 'glance-api.conf')],
        env: serviceEnv(),
        cwd: gdir,
        logFile: join(gdir, 'glance-api.log'),
      });
      await waitUntilServing(
        `Glance ${g.region}`,
        `${g.url}/healthcheck`,
        join(state.dir, `${name}.pid`),
        join(gdir, 'glance-api.log'),
      );
    }),
  );
  options.logger.info(
    `dev-cloud: Keystone ${state.keystoneUrl}, Glance ${state.glances.map((g) => `${g.region} ${g.url}`).join(', ')}`,
  );
}

async function launch(state: DevCloudState, spec: DaemonSpec): Promise<void> {
  const pid = startDaemon(spec);
  await writePid(join(state.dir, `${spec.name}.pid`), pid);
}

async function isServing(state: DevCloudState): Promise<boolean> {
  const transport = httpTransport();
  const probes = [`${state.keystoneUrl}/v3`, ...state.glances.map((g) => `${g.url}/healthcheck`)];
  for (const name of daemonNames(state)) {
    const pid = readPid(join(state.dir, `${name}.pid`));
    if (!pid || !isAlive(pid)) return false;
  }
  for (const url of probes) {
    const ok = await transport({ method: 'GET', url }).then(
      (r) => r.status < 400,
      () => false,
    );
    if (!ok) return false;
  }
  return true;
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

const glanceDirName = (region: string) => `glance-${region}`;
const daemonName = (g: GlanceService) => `glance-api-${g.region}`;

function daemonNames(state: DevCloudState | undefined): string[] {
  const glances = state?.glances.map(daemonName) ?? [REGION_ONE, REGION_TWO].map((r) => `glance-api-${r}`);
  return [...glances, 'keystone'];
}

/** Everything `down` stops: the watchdog first, so it does not race `down` for the services. */
const allDaemons = (state: DevCloudState | undefined) => [WATCHDOG, ...daemonNames(state)];

/** The services' environment: no Python overrides, no OS_* of the user's own cloud. */
function serviceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OS_|PYTHON)/.test(k)) env[k] = v;
  }
  return env;
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}
