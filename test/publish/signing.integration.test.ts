// Signed publishing against the dev cloud's real Glance and Barbican: Glance verifies the signature
// of what kiln uploads (and refuses other bytes with the same signature), each site's Barbican holds
// the certificate once however many images use it, a site that converts gets a signature of the
// converted bytes, and bad signing input stops publish with exit 2 before anything is uploaded.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { certificateSecretName } from '../../src/openstack/barbican.js';
import { keystoneSession, resolveCloud } from '../../src/openstack/connect.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import { signatureOf } from '../../src/signing/signature-properties.js';
import { fingerprintOf, SIGNING_KEY_ENV } from '../../src/signing/signing-key.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { nameState, readJson, workspace, type Workspace } from './workspace.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

const FIXTURES = join(import.meta.dirname, '../signing/fixtures');
const KEY = readFileSync(join(FIXTURES, 'rsa-key.pem'), 'utf8');
const FINGERPRINT = fingerprintOf(readFileSync(join(FIXTURES, 'rsa-cert.pem')));
/** A line from the middle of the private key: what must never show up anywhere. */
const KEY_LINE = KEY.split('\n')[10]!;

let cloud: DevCloud;
let admin: GlanceClient;
let siteB: GlanceClient;

beforeAll(async () => {
  cloud = await devCloud();
  admin = await cloud.glance(cloud.clouds.admin);
  siteB = await cloud.glance(cloud.clouds.siteB);
});

/** A workspace whose images.yaml signs with the fixture certificate (copied into the repository). */
function signedWorkspace(
  prefix: string,
  sites: Record<string, Record<string, unknown>>,
  cert = 'rsa-cert.pem',
): Workspace {
  const ws = workspace(prefix, sites, cloud.env(), {
    defaults: { signing: { certificate_file: 'signing/cert.pem' } },
  });
  mkdirSync(join(ws.dir, 'signing'));
  copyFileSync(join(FIXTURES, cert), join(ws.dir, 'signing/cert.pem'));
  return ws;
}

/** The certificate secrets with kiln's name for the fixture certificate in one cloud's Barbican. */
async function certificateSecrets(cloudName: string): Promise<string[]> {
  const session = keystoneSession({
    cloud: resolveCloud({ cloud: cloudName, env: cloud.env(), cwd: cloud.dir }),
    label: 'test',
    logger: silentLogger,
    env: cloud.env(),
  });
  const res = await session.request('key-manager', {
    method: 'GET',
    path: `/v1/secrets?name=${certificateSecretName(FINGERPRINT)}`,
  });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body.toString()) as { secrets: { secret_ref: string }[] }).secrets.map(
    (s) => s.secret_ref,
  );
}

/** Every file below `dir` that holds `text`. */
function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(text));
}

describe('kiln publish with signing (real Glance + Barbican)', () => {
  it('Glance verifies the signature on upload; other bytes with it are refused; the certificate is stored once per cloud', async () => {
    const ws = signedWorkspace('signed', {
      a: { cloud: cloud.clouds.admin, kind: 'kvm' },
      b: { cloud: cloud.clouds.siteB, kind: 'kvm', disk_format: 'raw' },
    });
    const build = await ws.build();
    const res = await ws.kiln(['publish', ws.name, '--from', 'out'], { [SIGNING_KEY_ENV]: KEY });
    expect(res.code, res.stderr).toBe(0);

    const onA = (await nameState(admin, ws.name)).active[0]!;
    const onB = (await nameState(siteB, ws.name)).active[0]!;
    const sigA = signatureOf(onA)!;
    const sigB = signatureOf(onB)!;
    expect(sigA).toMatchObject({ hashMethod: 'SHA-256', keyType: 'RSA-PSS', fingerprint: FINGERPRINT });
    // Site b converted to raw: a signature of the raw bytes, and a certificate in RegionTwo's Barbican.
    expect(onB.disk_format).toBe('raw');
    expect(sigB.signature).not.toBe(sigA.signature);
    expect(sigB.certificateUuid).not.toBe(sigA.certificateUuid);
    expect(await certificateSecrets(cloud.clouds.admin)).toHaveLength(1);
    expect(await certificateSecrets(cloud.clouds.siteB)).toHaveLength(1);
    // Glance itself logged that it checked the data against the signature.
    const log = readFileSync(join(cloud.dir, 'glance-RegionOne/glance-api.log'), 'utf8');
    expect(log).toContain(`Successfully verified signature for image ${onA.id}`);
    expect(readJson(join(build.dir, 'publish-a.json'))).toMatchObject({
      signing_certificate_sha256: FINGERPRINT,
      // What a release manifest carries for kiln sync: the signature and the (public) certificate.
      signature: {
        img_signature: sigA.signature,
        img_signature_hash_method: 'SHA-256',
        img_signature_key_type: 'RSA-PSS',
        certificate_sha256: FINGERPRINT,
        certificate: readFileSync(join(FIXTURES, 'rsa-cert.pem'), 'utf8'),
      },
    });

    // Other bytes under the same signature properties: Glance refuses the upload.
    const forged = await admin.createImage({
      name: cloud.uniqueName('forged'),
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      properties: {
        img_signature: sigA.signature,
        img_signature_hash_method: sigA.hashMethod,
        img_signature_key_type: sigA.keyType,
        img_signature_certificate_uuid: sigA.certificateUuid,
      },
    });
    const other = join(ws.dir, 'other.bin');
    writeFileSync(other, randomBytes(256 * 1024));
    const refused = await admin.uploadImage(forged.id, other).then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/HTTP 400.*Signature verification failed/);
    expect((await admin.getImage(forged.id))?.status).not.toBe('active');
    await admin.deleteImage(forged.id);

    // kiln verify-signature reads the data back from Glance and checks it against Barbican's certificate.
    let check = await ws.kiln(['verify-signature', ws.name]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`a\t${ws.name}\t${onA.id}\tverified\tcertificate ${FINGERPRINT}`);
    expect(check.stdout).toContain(`b\t${ws.name}\t${onB.id}\tverified\tcertificate ${FINGERPRINT}`);
    // A signature of other bytes (site b's raw file) on site a's image: the check fails there only.
    await admin.updateImage(onA.id, [{ op: 'replace', path: '/img_signature', value: sigB.signature }]);
    check = await ws.kiln(['verify-signature', ws.name]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      `a\t${ws.name}\t${onA.id}\tthe data Glance holds does not match its signature`,
    );
    expect(check.stdout).toContain(`b\t${ws.name}\t${onB.id}\tverified`);
    await admin.updateImage(onA.id, [{ op: 'replace', path: '/img_signature', value: sigA.signature }]);

    // A second image signed with the same certificate reuses the stored one.
    const ws2 = signedWorkspace('signed2', { a: { cloud: cloud.clouds.admin, kind: 'kvm' } });
    await ws2.build();
    const res2 = await ws2.kiln(['publish', ws2.name, '--from', 'out'], { [SIGNING_KEY_ENV]: KEY });
    expect(res2.code, res2.stderr).toBe(0);
    const second = signatureOf((await nameState(admin, ws2.name)).active[0]!)!;
    expect(second.certificateUuid).toBe(sigA.certificateUuid);
    expect(await certificateSecrets(cloud.clouds.admin)).toHaveLength(1);

    // The planted key is nowhere: not in the output, not in any file kiln wrote.
    for (const out of [res.stdout, res.stderr, res2.stdout, res2.stderr]) expect(out).not.toContain(KEY_LINE);
    expect(filesHolding(ws.dir, KEY_LINE)).toEqual([]);
    expect(filesHolding(ws2.dir, KEY_LINE)).toEqual([]);
  });

  it('bad signing input (no key, a key of another certificate, an expired certificate): exit 2, nothing uploaded', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['rsa-cert.pem', {}, /images\.yaml:\d+:\d+: signing: no private key to sign with/],
      [
        'rsa-cert.pem',
        { [SIGNING_KEY_ENV]: readFileSync(join(FIXTURES, 'other-rsa-key.pem'), 'utf8') },
        /images\.yaml:\d+:\d+: signing: the private key from \$KILN_SIGNING_KEY does not match the certificate/,
      ],
      [
        'rsa-expired-cert.pem',
        { [SIGNING_KEY_ENV]: KEY },
        /images\.yaml:\d+:\d+: signing: the certificate .* expired on 2020-01-01/,
      ],
    ];
    for (const [cert, env, message] of cases) {
      const ws = signedWorkspace('badsig', { a: { cloud: cloud.clouds.admin, kind: 'kvm' } }, cert);
      await ws.build();
      const res = await ws.kiln(['publish', ws.name, '--from', 'out'], env);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(/\n\s+at /);
      expect((await nameState(admin, ws.name)).all).toEqual([]);
    }
  });
});
