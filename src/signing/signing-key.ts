// The signing key and certificate of an image: read once before anything is uploaded and checked
// (readable, a private key and an X.509 certificate, the one matching the other, the certificate
// valid now), then used to sign the exact bytes kiln uploads. The key comes from KILN_SIGNING_KEY
// (a CI secret) or `signing.key_file`; it is registered with the logger as a secret and never
// written anywhere.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SigningConfig } from '../config/types.js';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';

export const SIGNING_KEY_ENV = 'KILN_SIGNING_KEY';

/**
 * What Glance's signature verification (cursive) accepts, by the key's type: RSA keys sign with
 * RSA-PSS, EC keys on the two NIST curves it lists (P-384, P-521) with ECDSA. DSA is left out.
 */
const EC_KEY_TYPES: Record<string, string> = {
  secp384r1: 'ECC_SECP384R1',
  secp521r1: 'ECC_SECP521R1',
};

export interface Certificate {
  /** PEM text, as read. */
  pem: string;
  /** DER bytes: what Barbican stores for a certificate secret. */
  der: Buffer;
  /** SHA-256 of the DER, lowercase hex without colons. */
  fingerprint: string;
  notAfter: Date;
}

export interface SigningKey {
  certificate: Certificate;
  /** img_signature_key_type. */
  keyType: string;
  /** img_signature_hash_method, e.g. SHA-256. */
  hashMethod: string;
  /** The private key; absent when kiln holds only the certificate (sync without the key). */
  privateKey?: KeyObject;
}

export interface LoadSigningOptions {
  /** Relative paths in the config are relative to this (the repository root). */
  root: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  now: Date;
  /** Without a key, only the certificate is loaded (and then `privateKey` is absent). */
  keyRequired: boolean;
}

/** Masks a PEM key in every log: whole, and line by line (a log line never holds the whole PEM). */
export function maskKey(pem: string, logger: Logger): void {
  logger.secret(pem);
  for (const line of pem.split(/\r?\n/)) if (!line.startsWith('-----')) logger.secret(line.trim());
}

export function fingerprintOf(der: Buffer | string): string {
  return new X509Certificate(der).fingerprint256.replace(/:/g, '').toLowerCase();
}

async function readText(path: string, what: string, config: SigningConfig): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `signing: cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      config.pos,
    );
  }
}

export async function loadCertificate(config: SigningConfig, root: string, now: Date): Promise<Certificate> {
  const path = resolve(root, config.certificate_file);
  const pem = await readText(path, 'certificate_file', config);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new InputError(`signing: ${path} is not an X.509 certificate (PEM or DER)`, config.pos);
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw new InputError(
      `signing: the certificate ${path} expired on ${notAfter.toISOString()}`,
      config.pos,
      'Glance and Nova refuse signatures of an expired certificate; issue a new one',
    );
  }
  if (new Date(cert.validFrom).getTime() > now.getTime()) {
    throw new InputError(
      `signing: the certificate ${path} is not valid before ${new Date(cert.validFrom).toISOString()}`,
      config.pos,
    );
  }
  return { pem, der: cert.raw, fingerprint: fingerprintOf(cert.raw), notAfter };
}

function keyTypeOf(cert: X509Certificate, config: SigningConfig): string {
  const key = cert.publicKey;
  if (key.asymmetricKeyType === 'rsa') return 'RSA-PSS';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve && EC_KEY_TYPES[curve]) return EC_KEY_TYPES[curve];
  throw new InputError(
    `signing: the certificate's ${key.asymmetricKeyType}${curve ? ` (${curve})` : ''} key is not one Glance verifies`,
    config.pos,
    'use an RSA key (RSA-PSS) or an EC key on P-384 or P-521',
  );
}

export async function loadSigningKey(
  config: SigningConfig,
  options: LoadSigningOptions,
): Promise<SigningKey> {
  const certificate = await loadCertificate(config, options.root, options.now);
  const cert = new X509Certificate(certificate.der);
  const keyType = keyTypeOf(cert, config);
  const fromEnv = options.env[SIGNING_KEY_ENV];
  let pem: string | undefined;
  let source: string;
  if (fromEnv) {
    pem = fromEnv;
    source = `$${SIGNING_KEY_ENV}`;
  } else if (config.key_file) {
    source = resolve(options.root, config.key_file);
    pem = await readText(source, 'key_file', config);
  } else {
    source = '';
  }
  if (pem === undefined) {
    if (!options.keyRequired) return { certificate, keyType, hashMethod: config.hash_method };
    throw new InputError(
      'signing: no private key to sign with',
      config.pos,
      `set ${SIGNING_KEY_ENV} to the PEM key (a CI secret) or signing.key_file`,
    );
  }
  maskKey(pem, options.logger);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    // Never the parser's message: it may quote the key.
    throw new InputError(
      `signing: ${source} is not a PEM private key (or it is encrypted)`,
      config.pos,
      'kiln needs an unencrypted PKCS#8, PKCS#1 or SEC1 PEM key',
    );
  }
  if (!cert.checkPrivateKey(privateKey)) {
    throw new InputError(
      `signing: the private key from ${source} does not match the certificate ${config.certificate_file} (SHA-256 ${certificate.fingerprint})`,
      config.pos,
    );
  }
  return { certificate, keyType, hashMethod: config.hash_method, privateKey };
}
