// `kiln sync` of signed release entries into the dev cloud's second region (its own Glance and
// Barbican): the manifest's signature travels with identical bytes and Glance there verifies it; a
// conversion is signed again when kiln holds the key, else arrives unsigned (and says so); a signature
// of other bytes is refused by that Glance and nothing takes the name.
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { streamLogger } from '../../src/log.js';
import { connectKeyManager } from '../../src/openstack/connect.js';
import type { GlanceClient } from '../../src/openstack/glance-types.js';
import type { ManifestEntry } from '../../src/release/manifest-schema.js';
import { sync, type SyncDeps, type SyncRequest } from '../../src/release/sync.js';
import { parseSyncManifest } from '../../src/release/sync-manifest.js';
import { signFile } from '../../src/signing/sign-file.js';
import { signatureOf } from '../../src/signing/signature-properties.js';
import { fingerprintOf } from '../../src/signing/signing-key.js';
import { devCloud, type DevCloud } from '../support/dev-cloud.js';
import { scratch } from './fixtures.js';
import { servedQcow2, startImageServer, type ImageServer } from './image-server.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD, 'qemu-img']);

const FIXTURES = join(import.meta.dirname, '../signing/fixtures');
const KEY = readFileSync(join(FIXTURES, 'rsa-key.pem'), 'utf8');
const CERT = readFileSync(join(FIXTURES, 'rsa-cert.pem'), 'utf8');
const FINGERPRINT = fingerprintOf(CERT);

let cloud: DevCloud;
let glance: GlanceClient;
let server: ImageServer;
let dir: string;

beforeAll(async () => {
  cloud = await devCloud();
  glance = await cloud.glance(cloud.clouds.siteB);
  server = await startImageServer();
  dir = scratch('sync-signed');
});
afterAll(async () => {
  await server?.close();
});

/** A small real qcow2 served at /<name>.qcow2, with a manifest entry signed by `signedFile` (default: itself). */
async function signedEntry(name: string, signedFile?: string): Promise<ManifestEntry> {
  const entry = servedQcow2(server, dir, name);
  return {
    ...entry,
    signing_certificate_sha256: FINGERPRINT,
    signature: {
      img_signature: await signFile(
        signedFile ?? join(dir, `${name}.qcow2`),
        createPrivateKey(KEY),
        'RSA-PSS',
        'SHA-256',
      ),
      img_signature_hash_method: 'SHA-256',
      img_signature_key_type: 'RSA-PSS',
      certificate_sha256: FINGERPRINT,
      certificate: CERT,
    },
  };
}

const request = (name: string, entry: ManifestEntry, over: Partial<SyncRequest> = {}): SyncRequest => ({
  manifest: parseSyncManifest({ [name]: entry }, 'manifest.json'),
  source: 'manifest.json',
  visibility: 'community',
  workDir: dir,
  ...over,
});

function deps(lines: string[], signingKey?: string): SyncDeps {
  const logger = streamLogger({ write: (t) => lines.push(t) });
  return {
    glance,
    runner: run,
    logger,
    signing: {
      keyManager: () => connectKeyManager({ cloud: cloud.clouds.siteB, env: cloud.env(), cwd: dir, logger }),
      signingKey,
    },
  };
}

const glanceLog = () => readFileSync(join(cloud.dir, 'glance-RegionTwo/glance-api.log'), 'utf8');

describe('kiln sync of signed images (real Glance + Barbican)', () => {
  it('keeps the signature of identical bytes; the target Glance verifies it against its own Barbican', async () => {
    const name = cloud.uniqueName('sync-signed');
    const entry = await signedEntry(name);
    const [out] = await sync(request(name, entry), deps([]));
    expect(out).toMatchObject({ name, status: 'uploaded' });
    const image = (await glance.getImage(out!.image_id!))!;
    expect(signatureOf(image)).toMatchObject({
      signature: entry.signature!.img_signature,
      fingerprint: FINGERPRINT,
    });
    expect(glanceLog()).toContain(`Successfully verified signature for image ${image.id}`);
  });

  it('a converted image: signed again with the key, else unsigned with a warning', async () => {
    const unsignedName = cloud.uniqueName('sync-raw');
    const lines: string[] = [];
    const [plain] = await sync(
      request(unsignedName, await signedEntry(unsignedName), { diskFormat: 'raw' }),
      deps(lines),
    );
    expect(plain).toMatchObject({ status: 'uploaded' });
    expect(signatureOf((await glance.getImage(plain!.image_id!))!)).toBeUndefined();
    expect(lines.join('')).toContain('the image is unsigned on this cloud');

    const name = cloud.uniqueName('sync-raw-signed');
    const entry = await signedEntry(name);
    const [out] = await sync(request(name, entry, { diskFormat: 'raw' }), deps([], KEY));
    const image = (await glance.getImage(out!.image_id!))!;
    expect(image.disk_format).toBe('raw');
    const signature = signatureOf(image)!;
    expect(signature.signature).not.toBe(entry.signature!.img_signature);
    expect(glanceLog()).toContain(`Successfully verified signature for image ${image.id}`);
  });

  it('a signature of other bytes is refused by Glance: the entry fails, nothing takes the name', async () => {
    const name = cloud.uniqueName('sync-forged');
    const other = join(dir, 'other.bin');
    writeFileSync(other, randomBytes(4096));
    const [out] = await sync(request(name, await signedEntry(name, other)), deps([]));
    expect(out).toMatchObject({ name, status: 'failed' });
    expect(out!.detail).toMatch(/HTTP 400.*Signature verification failed/);
    const left = await glance.listImages({
      properties: { kiln_target: name },
      visibility: 'all',
      includeHidden: true,
    });
    expect([...left, ...(await glance.listImages({ name, visibility: 'all' }))]).toEqual([]);
  });
});
