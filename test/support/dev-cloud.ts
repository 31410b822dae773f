// THE shared dev cloud of a test run: one real Keystone + two real Glance services (RegionOne,
// RegionTwo) in `${KILN_TEST_RUN_DIR}/dev-cloud`, started by the first test that asks for it (in any
// worker process; a lock file in that folder makes the others wait and reuse it) and stopped by the
// global teardown (test/support/global-setup.ts).
//
// Every test file shares it, so tests must not depend on each other's images: give every image a
// unique name (`cloud.uniqueName('publish-new')`) and only look at images you created.
//
//   const cloud = await devCloud();                       // in beforeAll (hookTimeout is generous)
//   kiln(['publish', ...], { env: cloud.env(cloud.clouds.admin) });
//   const glance = await cloud.glance(cloud.clouds.siteB);  // check what Glance holds
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { devCloudDown, devCloudUp } from '../../src/devcloud/dev-cloud.js';
import type { DevCloudState } from '../../src/devcloud/dev-cloud-state.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { connectGlance, type ConnectOptions } from '../../src/openstack/connect.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';

export interface DevCloud {
  /** The state folder (logs of keystone and glance-<region> are in it). */
  dir: string;
  /** clouds.yaml with the clouds below. */
  cloudsYaml: string;
  /** admin: admin of project "admin" in RegionOne; member: member role only (403 on public images);
   *  siteB: the same admin against the second, independent Glance in RegionTwo. */
  clouds: DevCloudState['clouds'];
  /** Keystone root URL (append /v3). */
  keystoneUrl: string;
  /** Glance endpoint per region: { RegionOne: url, RegionTwo: url }. */
  glanceUrls: Record<string, string>;
  passwords: DevCloudState['passwords'];
  /** Variables that point kiln (and the openstack CLI) at one cloud; no other OS_* leaks in. */
  env(cloud?: string): Record<string, string>;
  /** A name no other test uses: `${prefix}-<random>`. */
  uniqueName(prefix: string): string;
  /** An authenticated Glance client of one cloud (default: admin), the same one kiln uses. */
  glance(
    cloud?: string,
    options?: { logger?: Logger; client?: ConnectOptions['client'] },
  ): Promise<GlanceClient>;
}

let started: Promise<DevCloud> | undefined;

export function devCloudDir(): string {
  const runDir = process.env.KILN_TEST_RUN_DIR;
  if (!runDir)
    throw new Error('KILN_TEST_RUN_DIR is not set: run tests through vitest (its global setup sets it)');
  return join(runDir, 'dev-cloud');
}

export function devCloud(): Promise<DevCloud> {
  // Workers are children of the vitest process: if it dies without its teardown (killed, timed out),
  // the cloud's watchdog stops the services.
  started ??= devCloudUp({ dir: devCloudDir(), logger: silentLogger, ownerPid: process.ppid }).then(
    toFixture,
  );
  return started;
}

/** For the global teardown: stops the run's dev cloud if any test started one. */
export async function stopDevCloud(runDir: string): Promise<void> {
  const dir = join(runDir, 'dev-cloud');
  if (existsSync(dir)) await devCloudDown({ dir, logger: silentLogger });
}

function toFixture(state: DevCloudState): DevCloud {
  return {
    dir: state.dir,
    cloudsYaml: state.cloudsYaml,
    clouds: state.clouds,
    keystoneUrl: state.keystoneUrl,
    glanceUrls: Object.fromEntries(state.glances.map((g) => [g.region, g.url])),
    passwords: state.passwords,
    env(cloud = state.clouds.admin) {
      const env: Record<string, string> = { OS_CLIENT_CONFIG_FILE: state.cloudsYaml, OS_CLOUD: cloud };
      // Blank out the OS_* of whoever runs the tests, so only the dev cloud is in play.
      for (const k of Object.keys(process.env)) if (k.startsWith('OS_') && !(k in env)) env[k] = '';
      return env;
    },
    uniqueName: (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`,
    glance(cloud = state.clouds.admin, options = {}) {
      return connectGlance({
        cloud,
        env: { OS_CLIENT_CONFIG_FILE: state.cloudsYaml },
        cwd: state.dir,
        logger: options.logger ?? silentLogger,
        client: options.client,
      });
    },
  };
}
