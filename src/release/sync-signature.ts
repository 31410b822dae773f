// Keeping a release's Glance signature through `kiln sync`: an image uploaded with the manifest's
// bytes gets the manifest's signature and the certificate, stored once in the target cloud's Barbican,
// so that the target Glance verifies the upload as the source did. A converted image has other bytes:
// it is signed again when kiln holds the key (KILN_SIGNING_KEY, matching the manifest's certificate),
// else it is uploaded unsigned and the log says so.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { KeyManager } from '../openstack/barbican.js';
import type { UploadFile } from '../publish/convert.js';
import { signFile } from '../signing/sign-file.js';
import { signatureProperties } from '../signing/signature-properties.js';
import { fingerprintOf, SIGNING_KEY_ENV } from '../signing/signing-key.js';
import type { ManifestEntry } from './manifest-schema.js';

export interface SyncSigning {
  /** The target cloud's Barbican (needed only for signed entries). */
  keyManager?: () => Promise<KeyManager>;
  /** The PEM private key, to sign converted files. */
  signingKey?: string;
}

/** The signature properties for uploading `upload` of `entry`; none when it stays unsigned. */
export async function syncSignature(
  source: string,
  name: string,
  entry: { signature?: ManifestEntry['signature']; disk_format: string },
  upload: UploadFile,
  signing: SyncSigning,
  logger: Logger,
): Promise<Record<string, string>> {
  const s = entry.signature;
  if (!s) return {};
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(s.certificate);
  } catch {
    throw new InputError(`${source}: ${name}.signature.certificate is not an X.509 certificate`);
  }
  const fingerprint = fingerprintOf(cert.raw);
  if (fingerprint !== s.certificate_sha256) {
    throw new InputError(
      `${source}: ${name}.signature: the certificate's SHA-256 is ${fingerprint}, certificate_sha256 says ${s.certificate_sha256}`,
    );
  }
  let signature = s.img_signature;
  if (upload.format !== entry.disk_format) {
    const key = signing.signingKey ? matchingKey(signing.signingKey, cert, source, name) : undefined;
    if (!key) {
      logger.warn(
        `${name}: converted to ${upload.format}, so the manifest's signature (of the ${entry.disk_format} file) does not apply: the image is unsigned on this cloud (set ${SIGNING_KEY_ENV} to sign the converted file)`,
      );
      return {};
    }
    logger.info(`${name}: signing the ${upload.format} file (certificate ${fingerprint})`);
    signature = await signFile(upload.path, key, s.img_signature_key_type, s.img_signature_hash_method);
  }
  if (!signing.keyManager) throw new Error('sync: a signed manifest entry needs a key manager');
  const uuid = await (await signing.keyManager()).ensureCertificate(s.certificate, fingerprint);
  return signatureProperties({
    signature,
    hashMethod: s.img_signature_hash_method,
    keyType: s.img_signature_key_type,
    certificateUuid: uuid,
    fingerprint,
  });
}

function matchingKey(pem: string, cert: X509Certificate, source: string, name: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new InputError(`$${SIGNING_KEY_ENV} is not a PEM private key (or it is encrypted)`);
  }
  if (!cert.checkPrivateKey(key)) {
    throw new InputError(
      `$${SIGNING_KEY_ENV} does not match the certificate ${source} names for ${name} (${fingerprintOf(cert.raw)})`,
    );
  }
  return key;
}
