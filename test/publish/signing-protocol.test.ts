// Signing in the publish core, against an in-memory Glance and key manager: the staging image is
// created with the signature of the uploaded file (so the real Glance verifies it; see
// signing.integration.test.ts), the certificate is ensured once per cloud, a dry run says it would
// sign, and a bad key stops everything before any site is contacted.
import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputErrorsOf } from '../../src/errors.js';
import { run } from '../../src/exec.js';
import { silentLogger } from '../../src/log.js';
import type { KeyManager } from '../../src/openstack/barbican.js';
import { publish } from '../../src/publish/publish.js';
import { verifyData } from '../../src/signing/sign-file.js';
import { signatureOf } from '../../src/signing/signature-properties.js';
import { SIGNING_KEY_ENV } from '../../src/signing/signing-key.js';
import { FakeGlance } from './fake-glance.js';
import { imageConfig, kilnConfig, siteConfig, writeRecord } from './fixtures.js';

const FIXTURES = join(import.meta.dirname, '../signing/fixtures');
const KEY = readFileSync(join(FIXTURES, 'rsa-key.pem'), 'utf8');
const pos = { file: 'config/images.yaml', line: 2, col: 3 };

function setup(env: NodeJS.ProcessEnv) {
  const out = mkdtempSync(join(tmpdir(), 'kiln-signed-'));
  const signing = { certificate_file: 'rsa-cert.pem', hash_method: 'SHA-256', pos };
  const config = {
    ...kilnConfig(
      [imageConfig('deb', { signing }), imageConfig('ubu', { signing })],
      [siteConfig('kvm', 'a')],
    ),
    root: FIXTURES,
  };
  const glance = new FakeGlance();
  const stored: string[] = [];
  const keyManager: KeyManager = {
    label: 'fake',
    ensureCertificate: async (_pem, fingerprint) => {
      stored.push(fingerprint);
      return 'cert-uuid';
    },
    getCertificate: async () => undefined,
  };
  const printed: string[] = [];
  let connects = 0;
  const go = (dryRun = false) =>
    publish(
      { images: ['deb', 'ubu'], sites: [], from: out, dryRun, swap: 'all' },
      {
        config,
        connect: async () => {
          connects++;
          return glance;
        },
        keyManager: async () => keyManager,
        env,
        runner: run,
        logger: silentLogger,
        cacheDir: join(out, '.cache'),
        now: () => new Date('2026-12-07T00:00:00Z'),
        print: (l) => printed.push(l),
      },
    );
  return { out, go, glance, stored, printed, connects: () => connects };
}

describe('publish with signing (in-memory Glance)', () => {
  it('creates each staging image with the signature of its file; one certificate per cloud', async () => {
    const { out, go, glance, stored } = setup({ [SIGNING_KEY_ENV]: KEY });
    const records = [writeRecord(out, 'deb'), writeRecord(out, 'ubu')];
    const results = await go();
    expect(results.map((r) => r.status)).toEqual(['published', 'published']);
    expect(stored).toHaveLength(1);
    const publicKey = new X509Certificate(readFileSync(join(FIXTURES, 'rsa-cert.pem'))).publicKey;
    for (const [i, name] of ['deb', 'ubu'].entries()) {
      const image = glance.named(name).find((g) => g.status === 'active')!;
      const s = signatureOf(image)!;
      expect(s).toMatchObject({ certificateUuid: 'cert-uuid', keyType: 'RSA-PSS', hashMethod: 'SHA-256' });
      const file = join(records[i]!.dir, records[i]!.file);
      expect(await verifyData(createReadStream(file), publicKey, s.keyType, s.hashMethod, s.signature)).toBe(
        true,
      );
      expect(results[i]!.signing_certificate_sha256).toBe(stored[0]);
    }
  });

  it('a dry run says it would sign; a missing key is bad input before any site is contacted', async () => {
    const signed = setup({ [SIGNING_KEY_ENV]: KEY });
    writeRecord(signed.out, 'deb');
    writeRecord(signed.out, 'ubu');
    await signed.go(true);
    expect(signed.printed.filter((l) => l.includes('would sign it with certificate'))).toHaveLength(2);
    expect(signed.stored).toEqual([]);

    const keyless = setup({});
    writeRecord(keyless.out, 'deb');
    writeRecord(keyless.out, 'ubu');
    const err = await keyless.go().catch((e: unknown) => e);
    expect(inputErrorsOf(err)?.map((e) => e.format())).toEqual([
      'config/images.yaml:2:3: signing: no private key to sign with (set KILN_SIGNING_KEY to the PEM key (a CI secret) or signing.key_file)',
    ]);
    expect(keyless.connects()).toBe(0);
    expect(keyless.glance.images.size).toBe(0);
  });
});
