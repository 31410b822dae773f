// Size, SHA-256 and SHA-512 of a file in one read: images are gigabytes and the record needs both
// hashes (sha256 for the release manifest, sha512 to compare with Glance's os_hash_value).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  size: number;
  sha256: string;
  sha512: string;
}

export async function digestFile(path: string): Promise<FileDigest> {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sha512.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
}
