// A real OpenStack Swift (Debian's swift-* packages) for the object-store upload of `kiln release`:
// account, container and object servers on one loopback "device", a proxy with keystonemiddleware
// against the dev cloud's Keystone, and an object-store endpoint registered in its catalog. All state
// lives in this test run's scratch folder; `stop()` ends the processes it started, by pid.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, stopDaemon, writePid } from '../../src/devcloud/daemon.js';
import { freePort } from '../../src/devcloud/free-port.js';
import { waitUntilServing } from '../../src/devcloud/readiness.js';
import type { DevCloud } from '../support/dev-cloud.js';

export interface Swift {
  /** Proxy root, e.g. http://127.0.0.1:PORT (the endpoint is PORT/v1/AUTH_<project>). */
  url: string;
  stop(): Promise<void>;
}

export async function startSwift(cloud: DevCloud, dir: string): Promise<Swift> {
  const etc = join(dir, 'etc');
  const devices = join(dir, 'srv');
  mkdirSync(join(devices, 'd1'), { recursive: true });
  mkdirSync(etc, { recursive: true });
  writeFileSync(
    join(etc, 'swift.conf'),
    `[swift-hash]\nswift_hash_path_suffix = ${randomBytes(8).toString('hex')}\nswift_hash_path_prefix = kiln\n` +
      '[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
  );
  const common = (port: number) =>
    `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${port}\nworkers = 0\nswift_dir = ${etc}\ndevices = ${devices}\n` +
    'mount_check = false\nlog_address = /nonexistent\nlog_udp_host = 127.0.0.1\nlog_udp_port = 9\n';
  const pids: number[] = [];
  const start = async (name: string, conf: string, probe: string) => {
    writeFileSync(join(etc, `${name}.conf`), conf);
    const logFile = join(dir, `${name}.log`);
    const pidFile = join(dir, `${name}.pid`);
    const pid = startDaemon({
      name,
      cmd: `/usr/bin/swift-${name}`,
      args: [join(etc, `${name}.conf`)],
      env: process.env,
      cwd: dir,
      logFile,
    });
    pids.push(pid);
    await writePid(pidFile, pid);
    await waitUntilServing(name, probe, pidFile, logFile, 60_000);
  };
  try {
    for (const kind of ['account', 'container', 'object']) {
      const port = await freePort();
      const builder = join(etc, `${kind}.builder`);
      execFileSync('swift-ring-builder', [builder, 'create', '8', '1', '1']);
      execFileSync('swift-ring-builder', [builder, 'add', `r1z1-127.0.0.1:${port}/d1`, '100']);
      execFileSync('swift-ring-builder', [builder, 'rebalance']);
      await start(
        `${kind}-server`,
        `${common(port)}[pipeline:main]\npipeline = ${kind}-server\n[app:${kind}-server]\nuse = egg:swift#${kind}\n`,
        `http://127.0.0.1:${port}/healthcheck`,
      );
    }
    const port = await freePort();
    const keystone = cloud.keystoneUrl;
    await start(
      'proxy-server',
      `${common(port)}[pipeline:main]\npipeline = catch_errors healthcheck authtoken keystoneauth proxy-server\n` +
        '[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n' +
        '[filter:catch_errors]\nuse = egg:swift#catch_errors\n[filter:healthcheck]\nuse = egg:swift#healthcheck\n' +
        '[filter:authtoken]\npaste.filter_factory = keystonemiddleware.auth_token:filter_factory\n' +
        `www_authenticate_uri = ${keystone}/v3\nauth_url = ${keystone}/v3\nauth_type = password\n` +
        `username = admin\npassword = ${cloud.passwords.admin}\nproject_name = admin\n` +
        'user_domain_name = Default\nproject_domain_name = Default\ndelay_auth_decision = True\n' +
        '[filter:keystoneauth]\nuse = egg:swift#keystoneauth\noperator_roles = admin, member\n',
      `http://127.0.0.1:${port}/healthcheck`,
    );
    const url = `http://127.0.0.1:${port}`;
    const os = (...args: string[]) =>
      execFileSync('/usr/bin/openstack', args, {
        env: { ...process.env, ...cloud.env(cloud.clouds.admin) },
        encoding: 'utf8',
      }).trim();
    if (!os('service', 'list', '-f', 'value', '-c', 'Type').split('\n').includes('object-store')) {
      os('service', 'create', '--name', 'swift', 'object-store');
    }
    // Replace an endpoint left by an earlier file of this run: the catalog must point at this proxy.
    for (const id of os('endpoint', 'list', '--service', 'object-store', '-f', 'value', '-c', 'ID')
      .split('\n')
      .filter(Boolean)) {
      os('endpoint', 'delete', id);
    }
    os(
      'endpoint',
      'create',
      '--region',
      'RegionOne',
      'object-store',
      'public',
      `${url}/v1/AUTH_%(project_id)s`,
    );
    return { url, stop: () => stopAll(pids) };
  } catch (err) {
    await stopAll(pids);
    throw err;
  }
}

async function stopAll(pids: number[]) {
  for (const pid of pids) await stopDaemon(pid);
}
