// Loading and checking a signing key and certificate (fixtures made with python3-cryptography), and
// signing a file with it: the signature verifies for exactly those bytes.
import { createHash, X509Certificate } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SigningConfig } from '../../src/config/types.js';
import { InputError } from '../../src/errors.js';
import { Masker, streamLogger } from '../../src/log.js';
import { signFile, verifyData } from '../../src/signing/sign-file.js';
import { loadSigningKey, SIGNING_KEY_ENV } from '../../src/signing/signing-key.js';

const root = join(import.meta.dirname, 'fixtures');
const pos = { file: 'config/images.yaml', line: 3, col: 3 };
const NOW = new Date('2026-12-07T00:00:00Z');
const config = (over: Partial<SigningConfig> = {}): SigningConfig => ({
  certificate_file: 'rsa-cert.pem',
  key_file: 'rsa-key.pem',
  hash_method: 'SHA-256',
  pos,
  ...over,
});
const load = (c: SigningConfig, env: NodeJS.ProcessEnv = {}, keyRequired = true, now = NOW) =>
  loadSigningKey(c, { root, env, logger: streamLogger({ write: () => {} }), now, keyRequired });

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('loadSigningKey', () => {
  it('loads an RSA key and its certificate: RSA-PSS, fingerprint = SHA-256 of the DER', async () => {
    const key = await load(config());
    const der = Buffer.from(
      readFileSync(join(root, 'rsa-cert.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    expect(key.certificate.fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(key.keyType).toBe('RSA-PSS');
    expect(key.hashMethod).toBe('SHA-256');
    expect(key.privateKey).toBeDefined();
  });

  it('names the EC curve Glance knows, and refuses one it does not verify', async () => {
    const ec = await load(config({ certificate_file: 'ec384-cert.pem', key_file: 'ec384-key.pem' }));
    expect(ec.keyType).toBe('ECC_SECP384R1');
    const err = await inputError(
      load(config({ certificate_file: 'ec256-cert.pem', key_file: 'ec256-key.pem' })),
    );
    expect(err.message).toContain('prime256v1');
    expect(err.pos).toEqual(pos);
  });

  it('refuses an expired certificate, a key of another certificate and an unreadable file, at the signing position', async () => {
    let err = await inputError(load(config({ certificate_file: 'rsa-expired-cert.pem' })));
    expect(err.format()).toMatch(
      /^config\/images\.yaml:3:3: signing: the certificate .* expired on 2020-01-01/,
    );
    err = await inputError(load(config(), {}, true, new Date('2127-01-01')));
    expect(err.message).toContain('expired on 2126-01-01');
    err = await inputError(load(config({ key_file: 'other-rsa-key.pem' })));
    expect(err.message).toContain('does not match the certificate rsa-cert.pem');
    err = await inputError(load(config({ certificate_file: 'missing.pem' })));
    expect(err.message).toContain('cannot read the certificate_file');
    expect(err.message).toContain('ENOENT');
    err = await inputError(load(config({ certificate_file: 'rsa-key.pem' })));
    expect(err.message).toContain('is not an X.509 certificate');
  });

  it('takes KILN_SIGNING_KEY over key_file, and needs one of them only to sign', async () => {
    const pem = readFileSync(join(root, 'rsa-key.pem'), 'utf8');
    const key = await load(config({ key_file: 'other-rsa-key.pem' }), { [SIGNING_KEY_ENV]: pem });
    expect(key.privateKey).toBeDefined();
    const err = await inputError(load(config({ key_file: undefined })));
    expect(err.message).toBe('signing: no private key to sign with');
    expect((await load(config({ key_file: undefined }), {}, false)).privateKey).toBeUndefined();
  });

  it('masks the key in the log, and never quotes a key it cannot parse', async () => {
    const pem = readFileSync(join(root, 'rsa-key.pem'), 'utf8');
    const body = pem.split('\n')[5]!;
    const lines: string[] = [];
    const logger = streamLogger({ write: (t) => lines.push(t), masker: new Masker() });
    await loadSigningKey(config(), {
      root,
      env: { [SIGNING_KEY_ENV]: pem },
      logger,
      now: NOW,
      keyRequired: true,
    });
    logger.info(`oops: ${body}`);
    expect(lines.join('')).not.toContain(body);
    const broken = pem.replace(/^MII/m, 'XXX');
    const err = await inputError(
      loadSigningKey(config(), {
        root,
        env: { [SIGNING_KEY_ENV]: broken },
        logger,
        now: NOW,
        keyRequired: true,
      }),
    );
    expect(err.format()).toContain(`$${SIGNING_KEY_ENV} is not a PEM private key`);
    expect(err.format()).not.toContain(body);
  });
});

describe('signFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-sign-'));
  const file = join(dir, 'image.raw');
  const other = join(dir, 'other.raw');
  writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 17, 7));
  writeFileSync(other, Buffer.alloc(3 * 1024 * 1024 + 17, 8));

  for (const [cert, keyFile, hash] of [
    ['rsa-cert.pem', 'rsa-key.pem', 'SHA-256'],
    ['rsa-cert.pem', 'rsa-key.pem', 'SHA-512'],
    ['ec384-cert.pem', 'ec384-key.pem', 'SHA-384'],
  ] as const) {
    it(`signs the bytes of the file (${cert}, ${hash}); other bytes do not verify`, async () => {
      const key = await load(config({ certificate_file: cert, key_file: keyFile, hash_method: hash }));
      const signature = await signFile(file, key.privateKey!, key.keyType, hash);
      const publicKey = new X509Certificate(readFileSync(join(root, cert))).publicKey;
      expect(await verifyData(createReadStream(file), publicKey, key.keyType, hash, signature)).toBe(true);
      expect(await verifyData(createReadStream(other), publicKey, key.keyType, hash, signature)).toBe(false);
    });
  }
});
