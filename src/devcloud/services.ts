// Starting and probing the dev cloud's services (Keystone under uwsgi, one glance-api and one
// Barbican under uwsgi per region), and the names of their pid files and folders in the state folder.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { httpTransport } from '../openstack/http.js';
import { REGION_ONE, REGION_TWO } from './clouds-file.js';
import { isAlive, readPid, startDaemon, stopDaemon, writePid, type DaemonSpec } from './daemon.js';
import type { DevCloudState, GlanceService, RegionService } from './dev-cloud-state.js';
import { portInUse } from './free-port.js';
import { waitUntilServing } from './readiness.js';
import { WATCHDOG } from './watchdog.js';

/** uwsgi serving one WSGI application on 127.0.0.1:`port` (Keystone, Barbican). */
function uwsgiArgs(port: number, wsgiFile: string, processes: number): string[] {
  return [
    '--plugin',
    'python3',
    '--http-socket',
    `127.0.0.1:${port}`,
    '--wsgi-file',
    wsgiFile,
    '--master',
    '--die-on-term',
    '--processes',
    String(processes),
    // Threads in one process share a sqlite connection pool: "database is locked".
    '--threads',
    '1',
    '--buffer-size',
    '65535',
    // uwsgi's http-socket drops keep-alive connections; tell clients not to reuse them.
    '--add-header',
    'Connection: close',
  ];
}

/** Starts Keystone, runs `afterKeystone`, then Barbican and Glance services; waits until all serve. */
export async function startServices(
  state: DevCloudState,
  options: { logger: Logger },
  afterKeystone?: () => Promise<void>,
): Promise<void> {
  // Leftovers of a crashed cloud (e.g. a Glance still up while Keystone died) are stopped first.
  for (const name of daemonNames(state)) {
    const pid = readPid(join(state.dir, `${name}.pid`));
    if (pid && isAlive(pid)) await stopDaemon(pid);
  }
  for (const port of [state.keystonePort, ...[...state.glances, ...state.barbicans].map((g) => g.port)]) {
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
    args: uwsgiArgs(state.keystonePort, '/usr/bin/keystone-wsgi-public', 2),
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
  await Promise.all([
    ...state.barbicans.map((b) => startBarbican(state, b)),
    ...state.glances.map(async (g) => {
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
  ]);
  const where = (list: RegionService[]) => list.map((g) => `${g.region} ${g.url}`).join(', ');
  options.logger.info(
    `dev-cloud: Keystone ${state.keystoneUrl}, Glance ${where(state.glances)}, Barbican ${where(state.barbicans)}`,
  );
}

async function startBarbican(state: DevCloudState, b: RegionService): Promise<void> {
  const bdir = barbicanDir(state, b.region);
  const name = barbicanDaemonName(b);
  await launch(state, {
    name,
    cmd: '/usr/bin/uwsgi',
    args: uwsgiArgs(b.port, '/usr/bin/barbican-wsgi-api', 1),
    env: barbicanEnv(state, b.region),
    cwd: bdir,
    logFile: join(bdir, 'barbican-api.log'),
  });
  await waitUntilServing(
    `Barbican ${b.region}`,
    `${b.url}/`,
    join(state.dir, `${name}.pid`),
    join(bdir, 'barbican-api.log'),
  );
}

async function launch(state: DevCloudState, spec: DaemonSpec): Promise<void> {
  const pid = startDaemon(spec);
  await writePid(join(state.dir, `${spec.name}.pid`), pid);
}

export async function isServing(state: DevCloudState): Promise<boolean> {
  const transport = httpTransport();
  const probes = [
    `${state.keystoneUrl}/v3`,
    ...state.glances.map((g) => `${g.url}/healthcheck`),
    ...state.barbicans.map((b) => `${b.url}/`),
  ];
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

export const glanceDirName = (region: string) => `glance-${region}`;
export const barbicanDirName = (region: string) => `barbican-${region}`;
export const barbicanDir = (state: Pick<DevCloudState, 'dir'>, region: string) =>
  join(state.dir, barbicanDirName(region));
const daemonName = (g: GlanceService) => `glance-api-${g.region}`;
const barbicanDaemonName = (b: RegionService) => `barbican-api-${b.region}`;

function daemonNames(state: DevCloudState | undefined): string[] {
  const regions = [REGION_ONE, REGION_TWO];
  const glances = state?.glances.map(daemonName) ?? regions.map((r) => `glance-api-${r}`);
  const barbicans = state?.barbicans?.map(barbicanDaemonName) ?? regions.map((r) => `barbican-api-${r}`);
  return [...glances, ...barbicans, 'keystone'];
}

/** Barbican finds its configuration in ~/.barbican (initialise.ts). */
export function barbicanEnv(state: Pick<DevCloudState, 'dir'>, region: string): NodeJS.ProcessEnv {
  return { ...serviceEnv(), HOME: barbicanDir(state, region) };
}

/** Stops every service of the cloud in `dir` that is still running and forgets its pid. */
export async function stopAll(dir: string, state: DevCloudState | undefined, logger: Logger): Promise<void> {
  for (const name of allDaemons(state)) {
    const pid = readPid(join(dir, `${name}.pid`));
    if (pid && isAlive(pid)) {
      logger.info(`dev-cloud: stopping ${name} (pid ${pid})`);
      await stopDaemon(pid);
    }
    await rm(join(dir, `${name}.pid`), { force: true });
  }
}

/** Everything `down` stops: the watchdog first, so it does not race `down` for the services. */
const allDaemons = (state: DevCloudState | undefined) => [WATCHDOG, ...daemonNames(state)];

/** The services' environment: no Python overrides, no OS_* of the user's own cloud. */
export function serviceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OS_|PYTHON)/.test(k)) env[k] = v;
  }
  return env;
}
