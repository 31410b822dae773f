// The publish result, one file per image x arch x site beside the build record:
// `<dir>/<name>/<arch>/publish-<site>.json`. `kiln release --results DIR` reads them for the manifest.
// Format (field names are a contract, like the build record's):
//   { "site": "kvm", "cloud": "site-a", "name": "debian-12", "arch": "amd64",
//     "image_id": "<glance id>", "image_name": "debian-12", "status": "published" | "unchanged",
//     "disk_format": "qcow2", "visibility": "public", "build_key": "<64 hex>",
//     "os_hash_value": "<sha512 Glance holds>", "archived": { "id": "...", "name": "debian-12-20260101" } | null,
//     "deleted": ["<ids of expired archives>"], "published_at": "<ISO 8601>",
//     "signing_certificate_sha256": "<hex>", "signature": { "img_signature": "...", ... "certificate": "<PEM>" }
//     (both only when the image is signed; docs/signing.md) }
import { writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ManifestSignature } from '../release/manifest-schema.js';

export interface PublishResult {
  site: string;
  cloud: string;
  name: string;
  arch: string;
  image_id: string;
  image_name: string;
  status: 'published' | 'unchanged';
  disk_format: string;
  visibility: string;
  build_key: string;
  os_hash_value: string;
  archived: { id: string; name: string } | null;
  deleted: string[];
  published_at: string;
  /** SHA-256 fingerprint of the certificate the image's signature verifies with (signed images only). */
  signing_certificate_sha256?: string;
  /** The signature of the bytes this site holds, and the certificate (public): what sync carries on. */
  signature?: ManifestSignature;
}

const resultFileName = (site: string) => `publish-${site}.json`;

export async function writeResult(recordPath: string, result: PublishResult): Promise<string> {
  const path = join(dirname(recordPath), resultFileName(result.site));
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(result, null, 2) + '\n');
  await rename(tmp, path);
  return path;
}
