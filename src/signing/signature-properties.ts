// The Glance properties of a signed image: the four Glance and Nova read (cursive's names), and
// kiln's own record of which certificate signed it, so that a later check, a sync or a release can
// name the certificate without asking Barbican.
import type { GlanceImage } from '../openstack/glance-types.js';
import { prop } from '../publish/kiln-markers.js';

const SIG = {
  signature: 'img_signature',
  hashMethod: 'img_signature_hash_method',
  keyType: 'img_signature_key_type',
  certificateUuid: 'img_signature_certificate_uuid',
  /** kiln's: SHA-256 fingerprint of the signing certificate (hex, no colons). */
  fingerprint: 'kiln_signing_cert_sha256',
} as const;

export interface ImageSignature {
  signature: string;
  hashMethod: string;
  keyType: string;
  certificateUuid: string;
  fingerprint: string;
}

export function signatureProperties(s: ImageSignature): Record<string, string> {
  return {
    [SIG.signature]: s.signature,
    [SIG.hashMethod]: s.hashMethod,
    [SIG.keyType]: s.keyType,
    [SIG.certificateUuid]: s.certificateUuid,
    [SIG.fingerprint]: s.fingerprint,
  };
}

/** The signature an image carries, or undefined when it is not signed (any Glance property missing). */
export function signatureOf(image: GlanceImage): ImageSignature | undefined {
  const signature = prop(image, SIG.signature);
  const hashMethod = prop(image, SIG.hashMethod);
  const keyType = prop(image, SIG.keyType);
  const certificateUuid = prop(image, SIG.certificateUuid);
  if (!signature || !hashMethod || !keyType || !certificateUuid) return undefined;
  return { signature, hashMethod, keyType, certificateUuid, fingerprint: prop(image, SIG.fingerprint) ?? '' };
}
