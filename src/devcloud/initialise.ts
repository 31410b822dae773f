// Creating the dev cloud's databases and keys: Keystone's (schema, fernet and credential keys, the
// admin user and identity endpoints from `keystone-manage bootstrap`), each Glance's and each
// Barbican's (schema; Barbican's key-encryption key).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { runChecked, type Runner } from '../exec.js';
import { REGION_ONE } from './clouds-file.js';
import type { DevCloudState, GlanceService, RegionService } from './dev-cloud-state.js';
import { barbicanDir, barbicanEnv, glanceDirName, serviceEnv } from './services.js';
import { barbicanConf, glanceConf, keystoneConf } from './service-configs.js';

export async function initKeystone(state: DevCloudState, runner: Runner): Promise<void> {
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
    // One argument: a random password may start with '-', which argparse would take for an option.
    `--bootstrap-password=${state.passwords.admin}`,
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

export async function initGlance(state: DevCloudState, glance: GlanceService, runner: Runner): Promise<void> {
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
      barbicanUrl: state.barbicans.find((b) => b.region === glance.region)!.url,
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

/**
 * Barbican reads only its default configuration files; the first place it looks is
 * ~/.barbican/barbican.conf, so each Barbican runs with its own folder as HOME.
 */
export async function initBarbican(
  state: DevCloudState,
  barbican: RegionService,
  runner: Runner,
): Promise<void> {
  const bdir = barbicanDir(state, barbican.region);
  await mkdir(join(bdir, '.barbican'), { recursive: true });
  const conf = join(bdir, '.barbican', 'barbican.conf');
  await writeFile(
    conf,
    barbicanConf({
      dir: bdir,
      url: barbican.url,
      keystoneUrl: state.keystoneUrl,
      regionName: barbican.region,
      serviceUser: { username: 'admin', password: state.passwords.admin, project: 'admin' },
      kek: randomBytes(32).toString('base64url') + '=',
    }),
    { mode: 0o600 },
  );
  await runChecked(runner, '/usr/bin/barbican-manage', ['--config-file', conf, 'db', 'upgrade'], {
    env: barbicanEnv(state, barbican.region),
    doing: 'barbican-manage db upgrade',
    target: `dev cloud Barbican ${barbican.region}`,
  });
  await useWal(join(bdir, 'barbican.db'), runner);
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
