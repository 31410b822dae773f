// Keystone authentication against the real dev cloud: password, application credential, OS_* variables,
// a token revoked mid-run, TLS with a CA file or verify: false, and the errors users see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WorldError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { connectGlance, keystoneSession, resolveCloud } from '../../src/openstack/connect.js';
import { HttpGlanceClient } from '../../src/openstack/glance.js';
import { httpTransport } from '../../src/openstack/http.js';
import { KeystoneSession } from '../../src/openstack/keystone.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { capturingLogger } from './capturing-logger.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

let cloud: DevCloud;
let admin: KeystoneSession;
let work: string;

beforeAll(async () => {
  cloud = await devCloud();
  work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'auth-'));
  const env = { OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml };
  admin = keystoneSession({
    cloud: resolveCloud({ cloud: cloud.clouds.admin, env, cwd: work }),
    label: 'admin',
    logger: silentLogger,
    env,
  });
  await admin.authenticate();
});

async function identity(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await admin.request('identity', {
    method,
    path: `/v3${path}`,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: res.body.length ? JSON.parse(res.body.toString('utf8')) : undefined };
}

function writeClouds(name: string, entry: Record<string, unknown>): string {
  const path = join(work, `${name}.yaml`);
  writeFileSync(path, JSON.stringify({ clouds: { [name]: entry } }));
  return path;
}

const authUrl = () => `${cloud.keystoneUrl}/v3`;

describe('Keystone authentication', () => {
  it('uses an application credential from clouds.yaml with its secret in secure.yaml', async () => {
    const users = await identity('GET', '/users?name=admin');
    const userId = users.json.users[0].id as string;
    const created = await identity('POST', `/users/${userId}/application_credentials`, {
      application_credential: { name: cloud.uniqueName('kiln-test') },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.json.application_credential as { id: string; secret: string };
    const clouds = writeClouds('appcred', {
      auth_type: 'v3applicationcredential',
      auth: { auth_url: authUrl(), application_credential_id: id },
      region_name: 'RegionOne',
    });
    const secure = join(work, 'secure.yaml');
    writeFileSync(secure, `clouds:\n  appcred:\n    auth:\n      application_credential_secret: ${secret}\n`);
    const glance = await connectGlance({
      cloud: 'appcred',
      env: { OS_CLIENT_CONFIG_FILE: clouds, OS_CLIENT_SECURE_FILE: secure },
      cwd: work,
      logger: silentLogger,
    });
    expect(glance.projectId).toBe(admin.projectId);
    expect(await glance.listImages({ name: cloud.uniqueName('none') })).toEqual([]);
  });

  it('uses plain OS_* variables, with the region choosing the Glance', async () => {
    const glance = await connectGlance({
      env: {
        OS_AUTH_URL: cloud.keystoneUrl,
        OS_USERNAME: 'member',
        OS_PASSWORD: cloud.passwords.member,
        OS_PROJECT_NAME: 'admin',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_REGION_NAME: 'RegionTwo',
        OS_INTERFACE: 'internal',
      },
      cwd: work,
      logger: silentLogger,
    });
    const image = await glance.createImage({
      name: cloud.uniqueName('env-auth'),
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
    });
    const siteB = await cloud.glance(cloud.clouds.siteB);
    expect((await siteB.getImage(image.id))?.name).toBe(image.name);
    await glance.deleteImage(image.id);
  });

  it('authenticates again once when the token is revoked mid-run', async () => {
    const { logger, lines, secrets } = capturingLogger();
    const glance = await cloud.glance(cloud.clouds.admin, { logger });
    const token = secrets.at(-1)!;
    expect(token).not.toBe(cloud.passwords.admin);
    const revoked = await identity('DELETE', '/auth/tokens', undefined, { 'X-Subject-Token': token });
    expect(revoked.status).toBe(204);
    expect((await identity('GET', '/auth/tokens', undefined, { 'X-Subject-Token': token })).status).toBe(404);

    const name = cloud.uniqueName('after-revoke');
    const image = await glance.createImage({
      name,
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
    });
    expect(lines.some((l) => l.includes('was refused (expired or revoked); authenticating again'))).toBe(
      true,
    );
    expect(secrets.at(-1)).not.toBe(token);
    expect((await glance.listImages({ name })).map((i) => i.id)).toEqual([image.id]);
    await glance.deleteImage(image.id);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('renews a token before it expires, without waiting for a 401', async () => {
    let clock = Date.now();
    const auths: string[] = [];
    const transport = httpTransport();
    const session = new KeystoneSession({
      cloud: resolveCloud({
        cloud: cloud.clouds.admin,
        env: { OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml },
        cwd: work,
      }),
      transport: async (req) => {
        if (String(req.url).endsWith('/auth/tokens') && req.method === 'POST') auths.push(String(req.url));
        return transport(req);
      },
      logger: silentLogger,
      label: 'clock',
      now: () => clock,
    });
    const glance = new HttpGlanceClient({ session, logger: silentLogger });
    await glance.listImages({ name: 'x' });
    expect(auths).toHaveLength(1);
    await glance.listImages({ name: 'x' });
    expect(auths).toHaveLength(1);
    clock += 2 * 3600 * 1000; // past Keystone's default one-hour expiry
    await glance.listImages({ name: 'x' });
    expect(auths).toHaveLength(2);
  });

  it('reports a wrong password as Keystone answered it, naming the cloud and never the password', async () => {
    const clouds = writeClouds('wrong', {
      auth: { auth_url: authUrl(), username: 'admin', password: 'not-the-password', project_name: 'admin' },
    });
    const err = await connectGlance({
      cloud: 'wrong',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    const message = (err as Error).message;
    expect(message).toContain('authenticating with Keystone (cloud wrong, user admin at');
    expect(message).toContain('HTTP 401 Unauthorized');
    expect(message).not.toContain('not-the-password');
  });

  it('says which regions exist when the cloud names one without Glance', async () => {
    const clouds = writeClouds('nowhere', {
      auth: {
        auth_url: authUrl(),
        username: 'admin',
        password: cloud.passwords.admin,
        project_name: 'admin',
      },
      region_name: 'Nowhere',
    });
    const err = await connectGlance({
      cloud: 'nowhere',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /no public endpoint in region Nowhere; the catalog has .*public@RegionOne/,
    );
  });

  it('reports an unreachable Keystone', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const clouds = writeClouds('down', {
      auth: {
        auth_url: `http://127.0.0.1:${port}/v3`,
        username: 'a',
        password: 'secret-pw',
        project_name: 'p',
      },
    });
    const err = await connectGlance({
      cloud: 'down',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/authenticating with Keystone \(cloud down, .*\): .*ECONNREFUSED/);
  });
});

describe('TLS to Keystone (an HTTPS proxy with a self-signed certificate in front of it)', () => {
  let proxy: https.Server;
  let url: string;
  let caFile: string;

  beforeAll(async () => {
    const key = join(work, 'tls.key');
    caFile = join(work, 'tls.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', caFile],
      ],
      { stdio: 'ignore' },
    );
    const upstream = new URL(cloud.keystoneUrl);
    proxy = https.createServer({ key: readFileSync(key), cert: readFileSync(caFile) }, (req, res) => {
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(out);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}/v3`;
  });

  afterAll(() => {
    proxy?.close();
  });

  const entry = (extra: Record<string, unknown>) => ({
    auth: { auth_url: url, username: 'admin', password: cloud.passwords.admin, project_name: 'admin' },
    ...extra,
  });

  it('trusts the cloud with cacert', async () => {
    const clouds = writeClouds('tls-ca', entry({ cacert: caFile }));
    const glance = await connectGlance({
      cloud: 'tls-ca',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    });
    expect(glance.projectId).toBe(admin.projectId);
  });

  it('accepts any certificate with verify: false', async () => {
    const clouds = writeClouds('tls-noverify', entry({ verify: false }));
    const glance = await connectGlance({
      cloud: 'tls-noverify',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    });
    expect(glance.projectId).toBe(admin.projectId);
  });

  it('refuses the self-signed certificate otherwise', async () => {
    const clouds = writeClouds('tls-default', entry({}));
    const err = await connectGlance({
      cloud: 'tls-default',
      env: { OS_CLIENT_CONFIG_FILE: clouds },
      cwd: work,
      logger: silentLogger,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toMatch(/authenticating with Keystone .*self.signed certificate/);
  });
});
